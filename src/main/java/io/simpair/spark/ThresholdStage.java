package io.simpair.spark;

import io.simpair.io.InputException;
import io.simpair.io.OutputCommit;
import io.simpair.result.ScoreCalibration;
import io.simpair.result.StageLog;
import io.simpair.result.TableOutput;
import io.simpair.search.PairCandidate;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code threshold} stage: the pairs past the threshold, streamed from the persisted task
 * outputs to Parquet (never collected), after the {@code --max-pairs} guard.
 */
final class ThresholdStage {
  /** The table under the output directory. */
  static final String OUT = "threshold.parquet";

  private ThresholdStage() {}

  /**
   * @param calibration the run's histogram, which the refusal uses to suggest a threshold, or null
   * @throws InputException when more than {@code maxPairs} pairs qualify (nothing is written)
   */
  static TableOutput run(
      SparkSession spark,
      OutputCommit commit,
      ScoringStage.Scored scored,
      double threshold,
      long maxPairs,
      InputSide a,
      InputSide b,
      StageLog log,
      ScoreCalibration calibration) {
    long count = scored.total().thresholdCount;
    if (count > maxPairs) {
      String suggested = calibration == null ? null : calibration.suggestThreshold(maxPairs);
      throw new InputException(
          String.format(
              Locale.ROOT,
              "--threshold %s selects %d pairs, more than --max-pairs %d; raise --max-pairs or"
                  + " tighten the threshold%s (nothing was written)",
              threshold,
              count,
              maxPairs,
              suggested == null ? "" : ": " + suggested));
    }
    StageLog.Stage s = log.begin("threshold", "join the selected pairs with their ids and write Parquet");
    spark.sparkContext().setJobDescription("simpair: write " + count + " threshold pairs");
    JavaRDD<PairCandidate> pairs = scored.outputs().filter(o -> o.kind == TaskOutput.THRESHOLD).map(o -> o.pair);
    String path = PairTables.writeExactOrder(spark, commit, OUT, pairs, count, a, b);
    log.end(s, count, count);
    return new TableOutput(threshold, count, path);
  }
}
