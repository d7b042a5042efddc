package io.simpair.spark;

import io.simpair.plan.SearchPlan;
import io.simpair.result.StageLog;
import io.simpair.search.RowBlock;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * How the blocks reach the tile tasks (the plan's strategy): its own stage, and the scoring
 * tasks it sets up, not yet run.
 */
interface Distribution {

  /** The scoring tasks' outputs (lazy: the scoring stage runs them). */
  JavaRDD<TaskOutput> tasks();

  /** Bytes this distribution broadcast. */
  long bytesBroadcast();

  /** Bytes this distribution's own shuffle moved. */
  long bytesShuffled();

  /** The tasks in words, for the job description ("14 tasks (broadcast)"). */
  String tasksNote();

  /** Runs the distribution stage of {@code plan} and sets up its scoring tasks. */
  static Distribution of(
      JavaSparkContext jsc,
      SearchPlan plan,
      Blocks blocks,
      StageLog log,
      LongAccumulator tilesAcc,
      LongAccumulator pairsAcc) {
    return plan.broadcast()
        ? BroadcastDistribution.run(jsc, plan, blocks, log, tilesAcc, pairsAcc)
        : ShuffleDistribution.run(plan, blocks, log, tilesAcc, pairsAcc);
  }

  /** Both sides' blocks (B is A's for a monochromatic search), as RDDs and as packers. */
  record Blocks(RowBlocks packA, JavaRDD<RowBlock> a, RowBlocks packB, JavaRDD<RowBlock> b, long rowsTotal) {
    boolean bichromatic() {
      return packB != null;
    }
  }
}
