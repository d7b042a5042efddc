package io.simpair.spark;

import io.simpair.io.OutputCommit;
import io.simpair.result.StageLog;
import io.simpair.result.TableOutput;
import io.simpair.search.PairCandidate;
import io.simpair.search.PairHeap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * The {@code per_row} stage: each row's partial heaps from the tasks merged by row (a shuffle of
 * {@code O(n K)} pairs), ranked, and written to Parquet.
 */
final class PerRowStage {
  /** The table under the output directory. */
  static final String OUT = "per_row.parquet";

  private PerRowStage() {}

  static TableOutput run(
      SparkSession spark, OutputCommit commit, ScoringStage.Scored scored, int k, InputSide a, InputSide b, StageLog log) {
    StageLog.Stage s = log.begin("per_row", "merge per-row neighbours across tasks and write Parquet");
    spark.sparkContext().setJobDescription("simpair: merge and write per-row top " + k);
    JavaRDD<PairCandidate> nn =
        scored
            .outputs()
            .filter(o -> o.kind == TaskOutput.PER_ROW)
            .mapToPair(o -> new Tuple2<>(o.row, o.heap))
            .reduceByKey(PairHeap::merge)
            .flatMap(t -> ranked(t._2()).iterator());
    String path = PairTables.write(spark, commit, OUT, nn, a, b, true);
    // every row of A has a neighbour: n - 1 >= 1 others, or |B| >= 1
    long rows = a.n();
    log.end(s, rows, rows);
    return new TableOutput(k, rows, path);
  }

  /**
   * A row's pairs in the heap's exact order, each with minus its rank as the order key, so that
   * the table's ranks are the exact order (equal doubles with unequal real values included).
   */
  static java.util.List<PairCandidate> ranked(PairHeap h) {
    java.util.List<PairCandidate> sorted = h.sorted();
    for (int r = 0; r < sorted.size(); r++) {
      sorted.get(r).key = -(r + 1.0);
    }
    return sorted;
  }
}
