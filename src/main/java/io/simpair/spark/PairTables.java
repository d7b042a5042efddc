package io.simpair.spark;

import io.simpair.io.OutputCommit;
import io.simpair.io.PairTableWriter;
import io.simpair.search.PairCandidate;
import io.simpair.search.PairOrder;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/** Pair tables of global row indices, joined with both sides' ids and staged as Parquet. */
final class PairTables {
  private PairTables() {}

  /**
   * Stages {@code pairs} as the table {@code name} (sorted best first, or by row and rank with
   * {@code perRow}); returns its final path. Cost: two joins with the ids ({@code O(pairs + n)}
   * shuffled) and a sort.
   */
  static String write(
      SparkSession spark, OutputCommit commit, String name, JavaRDD<PairCandidate> pairs, InputSide a, InputSide b, boolean perRow) {
    JavaRDD<Row> rows = withIds(pairs, a.ids(), b.ids());
    return perRow
        ? PairTableWriter.writePerRow(spark, commit, name, rows)
        : PairTableWriter.writeBestFirst(spark, commit, name, rows);
  }

  /**
   * Stages {@code pairs} as the table {@code name} best first by their exact keys (equal doubles
   * with unequal real values in their real order, which a sort on the double cannot give),
   * then input order, in files named in that order; returns its final path. Cost: the joins
   * with the ids and one sort.
   */
  static String writeExactOrder(
      SparkSession spark, OutputCommit commit, String name, JavaRDD<PairCandidate> pairs, long count, InputSide a, InputSide b) {
    // one file per million pairs (at most one per input partition): a small table is one file
    int files = (int) Math.max(1, Math.min(pairs.getNumPartitions(), count / 1_000_000 + 1));
    JavaRDD<Row> rows =
        joined(pairs, a.ids(), b.ids())
            .sortBy(t -> new PairOrder(t._1()), true, files)
            .map(t -> row(t._1(), t._2()._1(), t._2()._2()));
    return PairTableWriter.writeInOrder(spark, commit, name, rows);
  }

  /** Rows (a, b, score, index_a, index_b, key) of the pairs with their ids. */
  static JavaRDD<Row> withIds(JavaRDD<PairCandidate> pairs, IdColumn a, IdColumn b) {
    return joined(pairs, a, b).map(t -> row(t._1(), t._2()._1(), t._2()._2()));
  }

  /** Each pair with (id of a, id of b). */
  private static JavaRDD<Tuple2<PairCandidate, Tuple2<String, String>>> joined(
      JavaRDD<PairCandidate> pairs, IdColumn a, IdColumn b) {
    JavaPairRDD<Long, PairCandidate> byA = pairs.mapToPair(p -> new Tuple2<>(p.a, p));
    JavaPairRDD<Long, Tuple2<PairCandidate, String>> withA = a.attach(byA);
    JavaPairRDD<Long, Tuple2<PairCandidate, String>> byB = withA.mapToPair(t -> new Tuple2<>(t._2()._1().b, t._2()));
    return b.attach(byB).map(t -> new Tuple2<>(t._2()._1()._1(), new Tuple2<>(t._2()._1()._2(), t._2()._2())));
  }

  private static Row row(PairCandidate p, String idA, String idB) {
    return RowFactory.create(idA, idB, p.score, p.a, p.b, p.key);
  }
}
