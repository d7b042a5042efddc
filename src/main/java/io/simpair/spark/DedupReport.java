package io.simpair.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import io.simpair.report.DedupHtml;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Collects what dedup.html shows, a bounded amount whatever the corpus: the {@link #GROUPS}
 * largest groups (ties: the kept id) with their first {@link #MEMBERS} members in input order,
 * and the {@link #BORDERLINE} least similar pairs that reach the threshold, with texts.
 */
final class DedupReport {
  static final int GROUPS = 10;
  static final int MEMBERS = 8;
  static final int BORDERLINE = 20;

  private DedupReport() {}

  /** The largest groups, from {@link DedupTables.Written#table} and its sizes. */
  static List<DedupHtml.Group> largestGroups(
      DedupTables.Written w, Dataset<Row> docs, Dataset<Row> docsB, String textCol, boolean incremental) {
    List<Row> top = w.sizes().orderBy(col("_size").desc(), col(Grouping.GROUP_ID)).limit(GROUPS).collectAsList();
    List<String> ids = new ArrayList<>();
    for (Row r : top) {
      ids.add(r.getString(0));
    }
    if (ids.isEmpty()) {
      return List.of();
    }
    Dataset<Row> members =
        w.table().filter(col("group").isin(ids.toArray()).and(col("kept").equalTo(false)))
            .withColumn("_n", row_number().over(Window.partitionBy("group").orderBy(DocumentTable.INDEX)))
            .filter(col("_n").leq(MEMBERS));
    boolean hasText = has(docs, textCol);
    Map<String, List<DedupHtml.Doc>> byGroup = new HashMap<>();
    for (Row r : members.orderBy("group", "_n")
        .select(col("group"), col(DocumentTable.ID), text(hasText, textCol), col(Grouping.KEPT_SCORE)).collectAsList()) {
      byGroup.computeIfAbsent(r.getString(0), k -> new ArrayList<>())
          .add(new DedupHtml.Doc(r.getString(1), r.isNullAt(2) ? null : r.getString(2), r.isNullAt(3) ? Double.NaN : r.getDouble(3)));
    }
    Map<String, String> keptTexts = texts(incremental ? docsB : docs, ids, textCol);
    List<DedupHtml.Group> out = new ArrayList<>();
    for (Row r : top) {
      String g = r.getString(0);
      out.add(new DedupHtml.Group(new DedupHtml.Doc(g, keptTexts.get(g), Double.NaN), r.getLong(1),
          byGroup.getOrDefault(g, List.of())));
    }
    return out;
  }

  /** The least similar pairs at or past the threshold, with texts. */
  static List<DedupHtml.Pair> borderline(Dataset<Row> pairs, Dataset<Row> docs, Dataset<Row> docsB, String textCol) {
    List<Row> rows = pairs.orderBy(col("_key"), col("index_a"), col("index_b")).limit(BORDERLINE)
        .select("a", "b", "score").collectAsList();
    List<String> a = new ArrayList<>();
    List<String> b = new ArrayList<>();
    for (Row r : rows) {
      a.add(r.getString(0));
      b.add(r.getString(1));
    }
    Map<String, String> ta = texts(docs, a, textCol);
    Map<String, String> tb = texts(docsB, b, textCol);
    List<DedupHtml.Pair> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(new DedupHtml.Pair(new DedupHtml.Doc(r.getString(0), ta.get(r.getString(0)), Double.NaN),
          new DedupHtml.Doc(r.getString(1), tb.get(r.getString(1)), Double.NaN), r.getDouble(2)));
    }
    return out;
  }

  /** Texts of a few ids (empty when the input has no text column). */
  static Map<String, String> texts(Dataset<Row> docs, List<String> ids, String textCol) {
    Map<String, String> m = new HashMap<>();
    if (ids.isEmpty() || !has(docs, textCol)) {
      return m;
    }
    for (Row r : docs.filter(col(DocumentTable.ID).isin(ids.toArray())).select(col(DocumentTable.ID), text(true, textCol))
        .collectAsList()) {
      m.put(r.getString(0), r.isNullAt(1) ? null : r.getString(1));
    }
    return m;
  }

  static boolean has(Dataset<Row> docs, String column) {
    return java.util.Arrays.asList(docs.columns()).contains(column);
  }

  private static org.apache.spark.sql.Column text(boolean hasText, String textCol) {
    return hasText
        ? col("`" + textCol + "`").cast("string").as("_text")
        : org.apache.spark.sql.functions.lit(null).cast("string").as("_text");
  }
}
