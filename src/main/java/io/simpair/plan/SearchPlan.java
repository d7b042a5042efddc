package io.simpair.plan;

import io.simpair.search.ScanSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything decided before the first row is packed: the grid, the kernel rows' scale and
 * rounding bound, the kernel, how blocks reach the tasks and how tiles are grouped into tasks.
 * Made by {@link Planner}; the same input facts and options give an equal plan.
 *
 * @param grid the blocks and tiles
 * @param kernel which kernel scores, and why
 * @param strategy BROADCAST or SHUFFLE (never AUTO)
 * @param strategyReason why, in words
 * @param blockBytes the packed blocks' payload, both sides
 * @param groupBlocks shuffle path: blocks per super-tile group; 0 on the broadcast path
 * @param tasks broadcast path: tasks of balanced tiles; shuffle path: super-tiles
 * @param scan what every tile task needs
 */
public record SearchPlan(
    TileGrid grid,
    KernelChoice kernel,
    SearchOptions.Strategy strategy,
    String strategyReason,
    long blockBytes,
    int groupBlocks,
    int tasks,
    ScanSpec scan)
    implements java.io.Serializable {

  /** This plan with one more reducer in its scan. */
  public SearchPlan withReducer(io.simpair.search.TileReducer.Spec more) {
    return new SearchPlan(grid, kernel, strategy, strategyReason, blockBytes, groupBlocks, tasks, scan.withReducer(more));
  }

  /** This plan with another scan (the prune stage's). */
  public SearchPlan withScan(ScanSpec s) {
    return new SearchPlan(grid, kernel, strategy, strategyReason, blockBytes, groupBlocks, tasks, s);
  }

  public int blockRows() {
    return grid.blockRows();
  }

  /** Blocks of both sides. */
  public int blocks() {
    return grid.blocksA() + (grid.bichromatic() ? grid.blocksB() : 0);
  }

  public boolean broadcast() {
    return strategy == SearchOptions.Strategy.BROADCAST;
  }

  /** Broadcast path: each task's tiles, balanced to equal work. */
  public List<int[][]> taskTiles() {
    List<int[][]> out = new ArrayList<>();
    for (List<int[]> t : grid.balancedTasks(tasks)) {
      out.add(t.toArray(new int[0][]));
    }
    return out;
  }

  /** Shuffle path: the super-tiles. */
  public TileGrid.SuperGrid superGrid() {
    if (broadcast()) {
      throw new IllegalStateException("a broadcast plan has no super-tiles");
    }
    return grid.superGrid(groupBlocks);
  }

  /** The plan as result.json's {@code "plan"} object. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("block_rows", blockRows());
    m.put("blocks_a", grid.blocksA());
    m.put("blocks_b", grid.bichromatic() ? grid.blocksB() : 0);
    m.put("tiles", grid.tileCount());
    m.put("pairs", grid.pairCount());
    m.put("kernel_scale", scan.scale());
    m.put("rounding_bound", scan.delta());
    m.put("kernel", kernel.name());
    m.put("kernel_reason", kernel.reason());
    m.put("strategy", strategy.name().toLowerCase(Locale.ROOT));
    m.put("strategy_reason", strategyReason);
    m.put("block_bytes", blockBytes);
    m.put("group_blocks", groupBlocks);
    m.put("tasks", tasks);
    return m;
  }
}
