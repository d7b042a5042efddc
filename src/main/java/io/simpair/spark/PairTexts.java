package io.simpair.spark;

import io.simpair.io.InputException;
import io.simpair.io.InputFiles;
import io.simpair.io.InputFormat;
import io.simpair.io.InputSpec;
import io.simpair.result.PairsResult;
import io.simpair.result.ReportedPair;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * {@code pairs --show-text}: the texts of the reported pairs (best and top-k), looked up by id
 * in the text column of the Parquet input (and of the B side) once the search is done.
 */
public final class PairTexts {
  private PairTexts() {}

  /**
   * Fails early, before the search, when an input cannot carry texts.
   *
   * @throws InputException naming the input and what is missing
   */
  public static void check(SparkSession spark, PairsConfig cfg) {
    check(spark, cfg.input(), cfg.text());
    if (cfg.inputB() != null) {
      check(spark, cfg.inputB(), cfg.text());
    }
  }

  private static void check(SparkSession spark, InputSpec in, TextDisplay t) {
    InputFormat f = in.format() != null ? in.format()
        : InputFiles.inferFormat(InputFiles.list(spark.sparkContext().hadoopConfiguration(), in.path()));
    if (f != InputFormat.PARQUET) {
      throw new InputException(in.path() + ": --show-text needs a Parquet input with a text column (this is " + f.label() + ")");
    }
    StructField field = null;
    for (StructField s : spark.read().parquet(in.path()).schema().fields()) {
      if (s.name().equals(t.column())) {
        field = s;
      }
    }
    if (field == null) {
      throw new InputException(in.path() + ": --show-text: no column '" + t.column() + "' (pass --text-col)");
    }
    if (!field.dataType().equals(DataTypes.StringType)) {
      throw new InputException(in.path() + ": --show-text: column '" + t.column() + "' has type "
          + field.dataType().simpleString() + ", not string");
    }
  }

  /** The texts by side ("a" ids from the input, "b" ids from the B side or the input), by id. */
  public static Map<String, Map<String, String>> lookup(SparkSession spark, PairsConfig cfg, PairsResult r) {
    List<ReportedPair> pairs = new java.util.ArrayList<>();
    pairs.add(r.best());
    if (r.top() != null) {
      pairs.addAll(r.top());
    }
    return lookup(spark, cfg, pairs);
  }

  /**
   * The first {@code n} pairs of a written threshold table (best first, as it is written) with
   * their texts, for the printed summary; the table itself keeps its columns.
   */
  public static List<ReportedPair> tableHead(SparkSession spark, String table, int n) {
    List<ReportedPair> out = new java.util.ArrayList<>();
    for (Row r : spark.read().parquet(table).orderBy(functions.col("score").desc(), functions.col("index_a"), functions.col("index_b"))
        .limit(n).collectAsList()) {
      out.add(new ReportedPair(r.getString(r.fieldIndex("a")), r.getString(r.fieldIndex("b")),
          r.getDouble(r.fieldIndex("score")), r.getLong(r.fieldIndex("index_a")), r.getLong(r.fieldIndex("index_b"))));
    }
    return out;
  }

  /** The texts of {@code pairs}, by side and id, as {@link #lookup}. */
  public static Map<String, Map<String, String>> lookup(SparkSession spark, PairsConfig cfg, List<ReportedPair> pairs) {
    Set<String> a = new HashSet<>();
    Set<String> b = new HashSet<>();
    pairs.forEach(p -> add(p, a, b));
    Map<String, Map<String, String>> out = new HashMap<>();
    if (cfg.inputB() == null) {
      a.addAll(b);
      Map<String, String> both = read(spark, cfg.input(), cfg.text(), a);
      out.put("a", both);
      out.put("b", both);
    } else {
      out.put("a", read(spark, cfg.input(), cfg.text(), a));
      out.put("b", read(spark, cfg.inputB(), cfg.text(), b));
    }
    return out;
  }

  private static void add(ReportedPair p, Set<String> a, Set<String> b) {
    a.add(p.a());
    b.add(p.b());
  }

  private static Map<String, String> read(SparkSession spark, InputSpec in, TextDisplay t, Set<String> ids) {
    String idCol = in.idCol() == null ? "id" : in.idCol();
    Dataset<Row> df = spark.read().parquet(in.path())
        .select(functions.col(idCol).cast("string").as("id"), functions.col(t.column()).as("text"))
        .where(functions.col("id").isin(ids.toArray()));
    Map<String, String> m = new HashMap<>();
    List<Row> rows = df.collectAsList();
    for (Row row : rows) {
      m.put(row.getString(0), row.isNullAt(1) ? null : row.getString(1));
    }
    return m;
  }
}
