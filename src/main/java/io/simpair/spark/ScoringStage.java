package io.simpair.spark;

import io.simpair.kernel.ProjectionBound;
import io.simpair.plan.SearchPlan;
import io.simpair.search.ScanCounts;
import io.simpair.plan.TileGrid;
import io.simpair.result.StageLog;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

/**
 * The {@code score} stage: runs the tile tasks once (their outputs are persisted for the
 * stages that read them), merges the task summaries, and checks the counted tiles and pair
 * scores against the plan's closed form; a mismatch fails the job.
 *
 * <p>Cost: {@code pairs · 2 d} flops in the kernel, plus the exact re-scores of the few pairs
 * that reach a reducer's floor.
 */
final class ScoringStage {
  private static final Logger LOG = LogManager.getLogger(ScoringStage.class);

  /** The merged task summaries and every task output, persisted until {@link #release}. */
  record Scored(TaskResult total, JavaRDD<TaskOutput> outputs, long flops) {
    void release() {
      outputs.unpersist(false);
    }
  }

  private ScoringStage() {}

  static Scored run(
      JavaSparkContext jsc,
      SearchPlan plan,
      Distribution dist,
      LongAccumulator tilesAcc,
      LongAccumulator pairsAcc,
      boolean progress,
      StageLog log) {
    TileGrid grid = plan.grid();
    StageLog.Stage s = log.begin("score", "score tiles with the fused kernel; re-score near-best pairs in fp64");
    jsc.setJobDescription("simpair: score " + grid.tileCount() + " tiles in " + dist.tasksNote());
    JavaRDD<TaskOutput> outputs = dist.tasks().persist(StorageLevel.MEMORY_AND_DISK());
    TaskResult total;
    try (Progress p =
        progress ? Progress.tiles("score", grid.tileCount(), tilesAcc::value, pairsAcc::value, System.err) : null) {
      total = outputs.filter(o -> o.kind == TaskOutput.SUMMARY).map(o -> o.summary).reduce(TaskResult::merge);
    }
    long pairs = total.counts.pairs;
    if (pairsAcc.value() != pairs) {
      // the accumulators feed the progress line; a retried or recomputed task adds twice
      LOG.warn(
          "progress accumulator counted {} pairs, the task results {} (task retries or recomputation)",
          pairsAcc.value(),
          pairs);
    }
    if (total.counts.tiles != grid.tileCount() || pairs != grid.pairCount()) {
      throw new IllegalStateException(
          String.format(
              "count check failed: scored %d tiles / %d pairs, the plan says %d / %d",
              total.counts.tiles, pairs, grid.tileCount(), grid.pairCount()));
    }
    ProjectionBound prune = plan.scan().prune();
    ScanCounts c = total.counts;
    long flops = prune == null ? 2 * pairs * (long) plan.scan().dim() : prunedFlops(plan, c);
    if (prune != null && c.fullDim + c.pruned != pairs) {
      throw new IllegalStateException(
          String.format("count check failed: %d pairs at full dimension + %d pruned != %d scored", c.fullDim, c.pruned, pairs));
    }
    if (total.tilesResumed > 0) {
      LOG.info("resumed {} of {} tiles from the checkpoint; scored {}", total.tilesResumed, grid.tileCount(),
          grid.tileCount() - total.tilesResumed);
    }
    log.end(s, grid.tileCount(), total.counts.tiles);
    if (prune != null) {
      split(log, s, c, pairs, prune, plan.scan().dim());
      return new Scored(total, outputs, flops);
    }
    s.count("tiles", total.counts.tiles)
        .count("pairs_scored", pairs)
        .count("flops", flops)
        .count("rows_rescored_fp32", total.counts.rowsRescored)
        .count("pairs_rescored_fp64", total.counts.exactScored)
        .count("pairs_rescored_exact", total.counts.exactValues)
        .count("tiles_resumed", total.tilesResumed)
        .count("task_seconds", total.seconds)
        .count("pairs_per_second", s.seconds > 0 ? pairs / s.seconds : 0);
    return new Scored(total, outputs, flops);
  }

  /**
   * The arithmetic of a pruned scan: {@code 2 (r + 1)} flops per pair in the bound stage, {@code
   * 2 d} per pair scored at full dimension (from its row or its column), and the sketches, {@code
   * 2 d r} per row (once per executor JVM that uses the row's block; counted once).
   */
  static long prunedFlops(SearchPlan plan, ScanCounts c) {
    ProjectionBound p = plan.scan().prune();
    long d = plan.scan().dim();
    long rows = plan.grid().rowsA() + (plan.grid().bichromatic() ? plan.grid().rowsB() : 0);
    return 2 * c.pairs * (long) p.sketchDim() + 2 * d * (c.fullDim + c.fullDimColumns) + 2 * d * p.rank() * rows;
  }

  /**
   * A pruned scan's stage as its two halves, the bound stage and the verify stage: one Spark
   * stage runs both, so its wall time is split in the ratio of the task threads' time in each.
   */
  private static void split(StageLog log, StageLog.Stage s, ScanCounts c, long pairs, ProjectionBound p, int d) {
    log.stages().remove(s);
    double both = Math.max(1, c.boundNanos + c.verifyNanos);
    StageLog.Stage bound =
        log.add("bound", "score every pair's bound: the fused kernel over the rows' " + p.sketchDim() + "-value sketches",
            s.seconds * c.boundNanos / both, pairs, c.fullDim);
    bound.count("tiles", c.tiles).count("pairs_scored", pairs).count("flops", 2 * pairs * (long) p.sketchDim())
        .count("task_seconds", c.boundNanos / 1e9).count("pairs_per_second", bound.seconds > 0 ? pairs / bound.seconds : 0);
    StageLog.Stage verify =
        log.add("verify", "score the pairs the bound lets through at full dimension; re-score near-best pairs exactly",
            s.seconds * c.verifyNanos / both, c.fullDim, c.exactScored);
    verify.count("pairs_full_dim", c.fullDim).count("pairs_pruned", c.pruned)
        .count("flops", 2L * d * (c.fullDim + c.fullDimColumns)).count("rows_rescored_fp32", c.rowsRescored)
        .count("pairs_rescored_fp64", c.exactScored).count("task_seconds", c.verifyNanos / 1e9);
    if (c.fullDimColumns > 0) {
      verify.count("pairs_full_dim_columns", c.fullDimColumns);
    }
  }
}
