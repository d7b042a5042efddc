package io.simpair.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One way of turning the pairs at or past a threshold into duplicate groups. Every
 * implementation returns the same table, {@link #ASSIGNED}: one row for each document that is
 * in a group of two or more (a document in no pair is alone and absent).
 */
interface Grouping {
  String GROUP_ID = "_simpair_group";
  String KEPT_SCORE = "_simpair_kept_score";
  String REMOVED = "_simpair_removed";

  /**
   * {@code INDEX} the document, {@code GROUP_ID} the id of its group's kept document, {@code
   * KEPT_SCORE} its score with that document (null for the kept one, and in components mode for a
   * member linked to it only through others), {@code REMOVED} whether it is removed.
   */
  StructType ASSIGNED = new StructType()
      .add(DocumentTable.INDEX, DataTypes.LongType, false)
      .add(GROUP_ID, DataTypes.StringType, false)
      .add(KEPT_SCORE, DataTypes.DoubleType, true)
      .add(REMOVED, DataTypes.BooleanType, false);

  /**
   * The groups of {@code pairs} (columns {@code a, b, score, index_a, index_b, _key}, where
   * {@code _key} is larger for more similar pairs).
   *
   * @param docs the documents ({@link DocumentTable}) whose ids name the groups
   * @param ranks {@code INDEX, _rank}: each document's place in keep order (0 first), or null
   *     where the grouping keeps nothing by rule (incremental)
   */
  Dataset<Row> assign(SparkSession spark, Dataset<Row> pairs, Dataset<Row> docs, Dataset<Row> ranks);
}
