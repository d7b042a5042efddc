package io.simpair.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code --input-b REF}: new documents (A) against an existing corpus (B). Only A x B pairs
 * count; every A document with a match is removed and joins the group of its most similar
 * REF document (ties: the earlier in REF's input order); nothing in REF is removed, and A
 * documents are not grouped with each other.
 */
final class ReferenceMatching implements Grouping {

  @Override
  public Dataset<Row> assign(SparkSession spark, Dataset<Row> pairs, Dataset<Row> docs, Dataset<Row> ranks) {
    return pairs
        .groupBy("index_a")
        .agg(min(struct(org.apache.spark.sql.functions.negate(col("_key")).as("k"), col("index_b"), col("b"), col("score"))).as("_n"))
        .select(
            col("index_a").as(DocumentTable.INDEX), col("_n.b").as(GROUP_ID), col("_n.score").as(KEPT_SCORE),
            lit(true).as(REMOVED));
  }
}
