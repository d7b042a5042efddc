package io.simpair.spark;

import io.simpair.plan.SearchPlan;
import io.simpair.result.StageLog;
import io.simpair.search.RowBlock;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * How the blocks reach the tile tasks (the plan's strategy), once its own stage has run: the
 * scoring tasks it set up (lazy: the scoring stage runs them) and what it moved.
 *
 * @param tasks the scoring tasks' outputs
 * @param bytesBroadcast bytes this distribution broadcast
 * @param bytesShuffled bytes this distribution's own shuffle moved
 * @param tasksNote the tasks in words, for the job description ("14 tasks (broadcast)")
 */
record Distribution(JavaRDD<TaskOutput> tasks, long bytesBroadcast, long bytesShuffled, String tasksNote) {

  /** Runs the distribution stage of {@code plan} and sets up its scoring tasks. */
  static Distribution of(
      JavaSparkContext jsc,
      SearchPlan plan,
      Blocks blocks,
      StageLog log,
      TaskRunner runner,
      LongAccumulator tilesAcc,
      LongAccumulator pairsAcc) {
    return plan.broadcast()
        ? BroadcastDistribution.run(jsc, plan, blocks, log, runner, tilesAcc, pairsAcc)
        : ShuffleDistribution.run(plan, blocks, log, runner, tilesAcc, pairsAcc);
  }

  /**
   * Every task of {@code plan} loaded from the checkpoint: no blocks are packed or moved (a
   * finished run's checkpoint answers without scoring).
   */
  static Distribution fromCheckpoint(
      JavaSparkContext jsc, SearchPlan plan, TaskRunner runner, LongAccumulator tilesAcc, LongAccumulator pairsAcc) {
    int n = plan.tasks();
    JavaRDD<TaskOutput> tasks =
        jsc.parallelize(java.util.stream.IntStream.range(0, n).boxed().toList(), n)
            .mapPartitionsWithIndex(
                (i, it) -> runner.run(i, () -> {
                  throw new IllegalStateException("task " + i + " is not in the checkpoint");
                }, tilesAcc, pairsAcc),
                true);
    return new Distribution(tasks, 0, 0, n + " tasks (all from the checkpoint)");
  }

  /** Both sides' blocks (B is A's for a monochromatic search), as RDDs and as packers. */
  record Blocks(RowBlocks packA, JavaRDD<RowBlock> a, RowBlocks packB, JavaRDD<RowBlock> b, long rowsTotal) {
    boolean bichromatic() {
      return packB != null;
    }
  }
}
