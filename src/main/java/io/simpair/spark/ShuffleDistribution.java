package io.simpair.spark;

import io.simpair.plan.SearchPlan;
import io.simpair.plan.TileGrid;
import io.simpair.result.StageLog;
import io.simpair.search.RowBlock;
import io.simpair.search.ScanSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * The {@code replicate} stage: each block shuffled to the {@code G} super-tiles of its row and
 * column of the grid, one task per super-tile, so inputs larger than one executor's memory
 * work. Memory per task {@code O(groupBlocks · blockRows · d)}; shuffle {@code O(G n d)} bytes.
 */
final class ShuffleDistribution {
  private static final Logger LOG = LogManager.getLogger(ShuffleDistribution.class);

  private ShuffleDistribution() {}

  static Distribution run(
      SearchPlan plan, Distribution.Blocks blocks, StageLog log, TaskRunner runner, LongAccumulator tilesAcc,
      LongAccumulator pairsAcc) {
    TileGrid grid = plan.grid();
    boolean bi = blocks.bichromatic();
    TileGrid.SuperGrid sg = plan.superGrid();
    StageLog.Stage s = log.begin("replicate", "ship each block to the super-tiles that need it (shuffle)");
    long replicated = (long) grid.blocksA() * sg.replicationA();
    // each A block goes to the super-tiles of its row and column; each B block to those of its column
    long bytes =
        blocks.packA().packedBytes() * sg.replicationA()
            + (bi ? blocks.packB().packedBytes() * (sg.superTileCount() / Math.max(1, sg.replicationA())) : 0);
    log.end(s, plan.blocks(), replicated);
    s.count("super_tiles", sg.superTileCount())
        .count("group_blocks", plan.groupBlocks())
        .count("replication", sg.replicationA())
        .count("bytes_shuffled", bytes);
    LOG.info("shuffle path: {}", sg);
    JavaPairRDD<Integer, RowBlock> placed = blocks.a().flatMapToPair(blk -> place(blk, sg.superTilesForA(blk.block), runner));
    if (bi) {
      placed = placed.union(blocks.b().flatMapToPair(blk -> place(blk, sg.superTilesForB(blk.block), runner)));
    }
    int blocksInA = grid.blocksA();
    int blocksInB = grid.blocksB();
    ScanSpec spec = plan.scan();
    JavaRDD<TaskOutput> tasks =
        placed
            .partitionBy(new ModPartitioner(sg.superTileCount()))
            .mapPartitionsWithIndex(
                (part, it) -> {
                  RowBlock[] sideA = new RowBlock[blocksInA];
                  RowBlock[] sideB = bi ? new RowBlock[blocksInB] : sideA;
                  while (it.hasNext()) {
                    RowBlock blk = it.next()._2();
                    (blk.side == 0 ? sideA : sideB)[blk.block] = blk;
                  }
                  int[][] tiles = sg.tilesOf(part).toArray(new int[0][]);
                  return runner.run(part, () -> TileTask.run(tiles, sideA, sideB, spec, tilesAcc, pairsAcc), tilesAcc, pairsAcc);
                },
                true);
    return new Distribution(tasks, 0, bytes, sg.superTileCount() + " super-tiles (shuffle)");
  }

  /** The block to each target super-tile, except those the checkpoint holds (they load, not score). */
  private static Iterator<Tuple2<Integer, RowBlock>> place(RowBlock blk, int[] targets, TaskRunner runner) {
    List<Tuple2<Integer, RowBlock>> out = new ArrayList<>(targets.length);
    for (int t : targets) {
      if (!runner.loads(t)) {
        out.add(new Tuple2<>(t, blk));
      }
    }
    return out.iterator();
  }
}
