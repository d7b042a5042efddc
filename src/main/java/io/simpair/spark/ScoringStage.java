package io.simpair.spark;

import io.simpair.plan.SearchPlan;
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
    long flops = 2 * pairs * (long) plan.scan().dim();
    if (total.tilesResumed > 0) {
      LOG.info("resumed {} of {} tiles from the checkpoint; scored {}", total.tilesResumed, grid.tileCount(),
          grid.tileCount() - total.tilesResumed);
    }
    log.end(s, grid.tileCount(), total.counts.tiles);
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
}
