package io.simpair.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import java.io.IOException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes a table of pairs as Parquet into a staged output of an {@link OutputCommit}, sorted by
 * Spark SQL; the pairs are never collected. The rows handed in have the columns of {@link
 * #INPUT}; the files have {@code a, b, score, index_a, index_b} (per-row tables also {@code
 * rank}).
 */
public final class PairTableWriter {
  /**
   * The columns of the rows handed in: the ids {@code a} and {@code b}, the {@code score}, the
   * global row indices {@code index_a} and {@code index_b}, and {@code _key}, the order key
   * (larger is better, whatever the metric and mode), which is not written.
   */
  public static final StructType INPUT =
      new StructType()
          .add("a", DataTypes.StringType, false)
          .add("b", DataTypes.StringType, false)
          .add("score", DataTypes.DoubleType, false)
          .add("index_a", DataTypes.LongType, false)
          .add("index_b", DataTypes.LongType, false)
          .add("_key", DataTypes.DoubleType, false);

  private PairTableWriter() {}

  /**
   * Writes the pairs best first: by {@code _key} descending, then {@code index_a}, then {@code
   * index_b}.
   *
   * @param rows rows of {@link #INPUT}
   * @param name the output's name in the output directory, e.g. {@code threshold.parquet}
   * @return where the table is once {@code commit} is committed ({@link OutputCommit#finalPath})
   * @throws IllegalStateException when the output cannot be staged
   */
  public static String writeBestFirst(
      SparkSession spark, OutputCommit commit, String name, JavaRDD<Row> rows) {
    Dataset<Row> df =
        spark.createDataFrame(rows, INPUT).orderBy(col("_key").desc(), col("index_a"), col("index_b"));
    return write(commit, name, df);
  }

  /**
   * Writes the pairs in the order given: partition by partition, each in its order (the caller
   * sorted them), one file per partition named in that order.
   *
   * @param rows rows of {@link #INPUT}
   * @return where the table is once {@code commit} is committed ({@link OutputCommit#finalPath})
   */
  public static String writeInOrder(SparkSession spark, OutputCommit commit, String name, JavaRDD<Row> rows) {
    return write(commit, name, spark.createDataFrame(rows, INPUT));
  }

  /**
   * Writes each {@code index_a}'s pairs ranked: {@code rank} counts from 1 by {@code _key}
   * descending, then {@code index_b}; the table is ordered by {@code index_a}, then {@code rank}.
   *
   * @param rows rows of {@link #INPUT}
   * @param name the output's name in the output directory, e.g. {@code per_row.parquet}
   * @return where the table is once {@code commit} is committed ({@link OutputCommit#finalPath})
   * @throws IllegalStateException when the output cannot be staged
   */
  public static String writePerRow(
      SparkSession spark, OutputCommit commit, String name, JavaRDD<Row> rows) {
    Dataset<Row> df =
        spark
            .createDataFrame(rows, INPUT)
            .withColumn(
                "rank",
                row_number().over(Window.partitionBy("index_a").orderBy(col("_key").desc(), col("index_b"))))
            .orderBy("index_a", "rank");
    return write(commit, name, df);
  }

  private static String write(OutputCommit commit, String name, Dataset<Row> sorted) {
    try {
      String staged = commit.stage(name);
      sorted.drop("_key").write().parquet(staged);
      TestPause.at("staged");
      return commit.finalPath(name);
    } catch (IOException e) {
      throw new IllegalStateException("cannot stage " + name + ": " + e.getMessage(), e);
    }
  }
}
