package io.simpair.spark;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;

import io.simpair.io.OutputCommit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * The dedup tables, staged as Parquet in input order: {@code groups.parquet} (every document:
 * {@code id, group, group_size, kept, nearest_id, nearest_score}), {@code kept.parquet} (the
 * surviving input rows, every input column) and {@code removed.parquet} (the removed input rows
 * with {@code group, group_size, nearest_id, nearest_score, score}: {@code score} with the
 * group's kept document, null when only a chain of pairs links them).
 */
final class DedupTables {
  static final String GROUPS = "groups.parquet";
  static final String KEPT = "kept.parquet";
  static final String REMOVED = "removed.parquet";
  /** Columns the tables add to the input's; an input column of the same name is refused. */
  static final List<String> ADDED = List.of("group", "group_size", "kept", "nearest_id", "nearest_score", "score");

  /** The counts of dedup.json and the joined table the report reads. */
  record Written(long groups, long removed, long largestGroup, Dataset<Row> table, Dataset<Row> sizes) {}

  private DedupTables() {}

  /**
   * @param incremental the groups are REF documents (counted in the group size, not in the tables)
   */
  static Written write(
      OutputCommit commit, Dataset<Row> docs, Dataset<Row> assigned, Dataset<Row> pairs, boolean incremental) {
    Dataset<Row> sizes =
        assigned.groupBy(Grouping.GROUP_ID).count()
            .select(col(Grouping.GROUP_ID), col("count").plus(lit(incremental ? 1 : 0)).as("_size"))
            .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> table =
        docs.join(assigned, DocumentTable.INDEX, "left")
            .join(nearest(pairs, incremental), DocumentTable.INDEX, "left")
            .join(sizes, Grouping.GROUP_ID, "left")
            .withColumn("group", coalesce(col(Grouping.GROUP_ID), col(DocumentTable.ID)))
            .withColumn("group_size", coalesce(col("_size"), lit(1L)))
            .withColumn("kept", not(coalesce(col(Grouping.REMOVED), lit(false))))
            .persist(StorageLevel.MEMORY_AND_DISK());
    List<String> input = DocumentTable.inputColumns(docs);
    write(commit, GROUPS,
        table.orderBy(DocumentTable.INDEX)
            .select(col(DocumentTable.ID).as("id"), col("group"), col("group_size"), col("kept"), col("nearest_id"),
                col("nearest_score")));
    write(commit, KEPT, table.filter(col("kept")).orderBy(DocumentTable.INDEX).select(cols(input)));
    List<String> removedCols = new ArrayList<>(input);
    removedCols.addAll(List.of("group", "group_size", "nearest_id", "nearest_score"));
    Column[] rc = java.util.Arrays.copyOf(cols(removedCols), removedCols.size() + 1);
    rc[removedCols.size()] = col(Grouping.KEPT_SCORE).as("score");
    write(commit, REMOVED, table.filter(not(col("kept"))).orderBy(DocumentTable.INDEX).select(rc));
    long groups = sizes.count();
    long removed = table.filter(not(col("kept"))).count();
    Row big = sizes.agg(max("_size")).first();
    long largest = big.isNullAt(0) ? 1 : big.getLong(0);
    return new Written(groups, removed, largest, table, sizes);
  }

  /** {@code INDEX, nearest_id, nearest_score}: each paired document's most similar other (ties: input order). */
  static Dataset<Row> nearest(Dataset<Row> pairs, boolean incremental) {
    Dataset<Row> both =
        pairs.select(col("index_a").as("_x"), col("index_b").as("_o"), col("b").as("_oid"), col("score"), col("_key"));
    if (!incremental) {
      both = both.unionByName(
          pairs.select(col("index_b").as("_x"), col("index_a").as("_o"), col("a").as("_oid"), col("score"), col("_key")));
    }
    return both.groupBy("_x")
        .agg(min(struct(org.apache.spark.sql.functions.negate(col("_key")).as("k"), col("_o"), col("_oid"), col("score"))).as("_n"))
        .select(col("_x").as(DocumentTable.INDEX), col("_n._oid").as("nearest_id"), col("_n.score").as("nearest_score"));
  }

  private static Column[] cols(List<String> names) {
    Column[] c = new Column[names.size()];
    for (int i = 0; i < c.length; i++) {
      c[i] = col("`" + names.get(i) + "`");
    }
    return c;
  }

  private static void write(OutputCommit commit, String name, Dataset<Row> df) {
    try {
      df.write().parquet(commit.stage(name));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stage " + name, e);
    }
  }
}
