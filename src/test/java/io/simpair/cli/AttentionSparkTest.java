package io.simpair.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simpair.kernel.Metric;
import io.simpair.spark.PairsConfig;
import io.simpair.testutil.LocalSpark;
import io.simpair.testutil.Npy;
import io.simpair.testutil.OvInstances;
import io.simpair.testutil.Oracle;
import io.simpair.testutil.RandomData;
import io.simpair.testutil.SoftmaxOracle;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pairs --attention} and {@code --attention-head ov} end to end: attention.parquet and
 * result.json against a double-precision softmax oracle and brute force, mono- and bichromatic;
 * the OV head on instances with one, several and no orthogonal pair, with the beta sweep of the
 * same pass; bad options exit 2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttentionSparkTest {
  private SparkSession spark;
  @TempDir Path tmp;

  @BeforeAll
  void start() {
    spark = LocalSpark.start("AttentionSparkTest");
  }

  @AfterAll
  void stop() {
    LocalSpark.stop(spark);
  }

  private JsonNode run(List<String> args) throws Exception {
    PairsConfig cfg = MainAccess.parse(args);
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code;
    try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8);
        PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
      code = MainAccess.runPairs(spark, cfg, po, pe);
    }
    assertEquals(0, code, e.toString(StandardCharsets.UTF_8));
    return new ObjectMapper().readTree(Path.of(cfg.output(), "result.json").toFile());
  }

  private Path npy(String name, float[][] x) throws Exception {
    Path p = tmp.resolve(name);
    Npy.writeF32(p, x);
    return p;
  }

  @Test
  void statisticsMatchTheOracle() throws Exception {
    float[][] x = RandomData.gaussian(11, 45, 9);
    for (String metric : new String[] {"cosine", "dot"}) {
      Path out = tmp.resolve("mono-" + metric);
      JsonNode r = run(List.of("--input", npy("x-" + metric + ".npy", x).toString(), "--output", out.toString(), "--metric", metric,
          "--attention", "--beta", "2,40", "--attention-values", "norm1", "--block-rows", "16", "--no-progress"));
      double[] betas = {2, 40};
      Map<Long, SoftmaxOracle.Row> want = SoftmaxOracle.of(x, null, Metric.parse(metric), false, true, betas);
      checkTable(out, want, betas, metric.equals("cosine") ? 1e-5 : 1e-4);
      JsonNode at = r.path("attention");
      assertEquals(2.0, at.path("beta").asDouble());
      assertTrue(at.path("equals_exact").asBoolean(), at.toString());
      assertTrue(at.path("margin_ok").asBoolean(), at.toString());
      Oracle.Best best = Oracle.best(metric, Oracle.toDouble(x));
      assertEquals(new TreeSet<>(List.of((long) best.i(), (long) best.j())),
          new TreeSet<>(List.of(at.path("index_a").asLong(), at.path("index_b").asLong())), "the pair read off the head");
      assertEquals(Math.log(44) / 2, at.path("ln_n_over_beta").asDouble(), 1e-12);
      assertEquals(2, at.path("sweep").size());
      assertTrue(at.path("max_lse_gap").asDouble() <= at.path("ln_n_over_beta").asDouble());
      assertEquals(r.path("best").path("score").asDouble(), want.get(at.path("index_a").asLong()).max(), 1e-5);
    }
  }

  @Test
  void bichromatic() throws Exception {
    float[][] x = RandomData.gaussian(12, 20, 6);
    float[][] y = RandomData.gaussian(13, 31, 6);
    Path out = tmp.resolve("bi");
    JsonNode r = run(List.of("--input", npy("a.npy", x).toString(), "--input-b", npy("b.npy", y).toString(),
        "--output", out.toString(), "--attention", "--mode", "least", "--no-progress"));
    double beta = 3 * Math.log(31);
    Map<Long, SoftmaxOracle.Row> want = SoftmaxOracle.of(x, y, Metric.COSINE, true, false, new double[] {beta});
    checkTable(out, want, new double[] {beta}, 1e-5);
    assertEquals(beta, r.path("attention").path("beta").asDouble(), 1e-12);
    assertTrue(r.path("attention").path("equals_exact").asBoolean());
  }

  /** Values of both signs and scales, so a wrong row's value shows in the output. */
  private static double[] values(int n, long seed) {
    java.util.Random r = new java.util.Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = (r.nextInt(2001) - 1000) / 8.0; // exact in binary
    }
    return v;
  }

  private Path parquetWithValues(String name, float[][] x, double[] v, long[] w) {
    StructType schema = new StructType()
        .add("id", DataTypes.StringType, false)
        .add("vector", DataTypes.createArrayType(DataTypes.FloatType, false), false)
        .add("w", v != null ? DataTypes.DoubleType : DataTypes.LongType, true);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      Float[] f = new Float[x[i].length];
      for (int k = 0; k < f.length; k++) {
        f[k] = x[i][k];
      }
      rows.add(RowFactory.create(Integer.toString(i), f, v != null ? (Object) v[i] : (Object) w[i]));
    }
    Path p = tmp.resolve(name);
    spark.createDataFrame(rows, schema).coalesce(1).write().parquet(p.toString());
    return p;
  }

  /** CSV with a header: id, then the first value, the value column "w", then the other values. */
  private Path csvWithValues(String name, float[][] x, String[] w) throws Exception {
    StringBuilder sb = new StringBuilder("id,x0,w");
    for (int k = 1; k < x[0].length; k++) {
      sb.append(",x").append(k);
    }
    sb.append('\n');
    for (int i = 0; i < x.length; i++) {
      sb.append(i).append(',').append(x[i][0]).append(',').append(w[i]);
      for (int k = 1; k < x[i].length; k++) {
        sb.append(',').append(x[i][k]);
      }
      sb.append('\n');
    }
    Path p = tmp.resolve(name);
    Files.writeString(p, sb.toString());
    return p;
  }

  @Test
  void valueColumnParquetMono() throws Exception {
    float[][] x = RandomData.gaussian(21, 37, 7);
    double[] v = values(x.length, 22);
    Path out = tmp.resolve("col-mono");
    JsonNode r = run(List.of("--input", parquetWithValues("xw.parquet", x, v, null).toString(), "--output", out.toString(),
        "--attention", "--beta", "0.5,30", "--attention-values", "w", "--block-rows", "16", "--no-progress"));
    double[] betas = {0.5, 30};
    checkTable(out, SoftmaxOracle.of(x, null, Metric.COSINE, false, v, betas), betas, 1e-5);
    assertTrue(r.path("attention").path("equals_exact").asBoolean());
    assertEquals("column", r.path("attention").path("values").asText());
    assertEquals("w", r.path("attention").path("value_column").asText());
  }

  @Test
  void valueColumnCsvBichromatic() throws Exception {
    float[][] x = RandomData.gaussian(23, 19, 5);
    float[][] y = RandomData.gaussian(24, 26, 5);
    double[] v = values(y.length, 25);
    String[] w = new String[y.length];
    for (int j = 0; j < w.length; j++) {
      w[j] = Double.toString(v[j]);
    }
    Path out = tmp.resolve("col-bi");
    run(List.of("--input", npy("qa.npy", x).toString(), "--input-b", csvWithValues("kb.csv", y, w).toString(),
        "--output", out.toString(), "--metric", "dot", "--attention", "--beta", "3", "--attention-values", "w", "--no-progress"));
    // the value column is not part of B's vectors: the oracle scores y as generated
    checkTable(out, SoftmaxOracle.of(x, y, Metric.DOT, false, v, new double[] {3}), new double[] {3}, 1e-4);
  }

  /** Exit 2, naming the input (and row) in the message; nothing written. */
  private String exit2(List<String> args, String out) {
    PairsConfig cfg = MainAccess.parse(args);
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try (PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
      assertEquals(2, MainAccess.runPairs(spark, cfg, new PrintStream(new ByteArrayOutputStream()), pe));
    }
    assertFalse(Files.exists(Path.of(out, "result.json")));
    return e.toString(StandardCharsets.UTF_8);
  }

  @Test
  void badValueColumnsExit2() throws Exception {
    float[][] x = RandomData.gaussian(26, 12, 4);
    String[] w = new String[x.length];
    java.util.Arrays.fill(w, "1.5");
    for (String[] bad : new String[][] {{"NaN", "is not finite"}, {"", "empty value"}, {"abc", "is not a number"}, {"Infinity", "is not finite"}}) {
      w[7] = bad[0];
      Path in = csvWithValues("bad-" + bad[0].length() + bad[0] + ".csv", x, w);
      String o = tmp.resolve("bad-col-" + bad[0]).toString();
      String msg = exit2(List.of("--input", in.toString(), "--output", o, "--attention", "--attention-values", "w", "--no-progress"), o);
      assertTrue(msg.contains(in.getFileName().toString()) && msg.contains("line 9") && msg.contains(bad[1]), msg);
    }
    String o = tmp.resolve("bad-col-name").toString();
    java.util.Arrays.fill(w, "2");
    String msg = exit2(List.of("--input", csvWithValues("ok.csv", x, w).toString(), "--output", o, "--attention",
        "--attention-values", "weight", "--no-progress"), o);
    assertTrue(msg.contains("no column 'weight'") && msg.contains("ok.csv"), msg);
    o = tmp.resolve("bad-col-npy").toString();
    msg = exit2(List.of("--input", npy("v.npy", x).toString(), "--output", o, "--attention", "--attention-values", "w",
        "--no-progress"), o);
    assertTrue(msg.contains("v.npy") && msg.contains("NPY"), msg);
    long[] big = new long[x.length];
    big[3] = (1L << 53) + 1;
    o = tmp.resolve("bad-col-long").toString();
    Path pq = parquetWithValues("big.parquet", x, null, big);
    msg = exit2(List.of("--input", pq.toString(), "--output", o, "--attention", "--attention-values", "w", "--no-progress"), o);
    assertTrue(msg.contains("row 3") && msg.contains("2^53"), msg);
    Long[] nulls = new Long[x.length];
    java.util.Arrays.fill(nulls, 1L);
    nulls[5] = null;
    o = tmp.resolve("bad-col-null").toString();
    msg = exit2(List.of("--input", parquetNullValue("nul.parquet", x, nulls).toString(), "--output", o, "--attention",
        "--attention-values", "w", "--no-progress"), o);
    assertTrue(msg.contains("row 5") && msg.contains("null in value column 'w'"), msg);
  }

  private Path parquetNullValue(String name, float[][] x, Long[] w) {
    StructType schema = new StructType()
        .add("id", DataTypes.StringType, false)
        .add("vector", DataTypes.createArrayType(DataTypes.FloatType, false), false)
        .add("w", DataTypes.LongType, true);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      Float[] f = new Float[x[i].length];
      for (int k = 0; k < f.length; k++) {
        f[k] = x[i][k];
      }
      rows.add(RowFactory.create(Integer.toString(i), f, w[i]));
    }
    Path p = tmp.resolve(name);
    spark.createDataFrame(rows, schema).coalesce(1).write().parquet(p.toString());
    return p;
  }

  /** attention.parquet: one row per (row, beta) with the oracle's max, lse, output and argmax. */
  private void checkTable(Path out, Map<Long, SoftmaxOracle.Row> want, double[] betas, double tol) {
    List<Row> rows = spark.read().parquet(out.resolve("attention.parquet").toString()).collectAsList();
    assertEquals(want.size() * betas.length, rows.size());
    for (Row row : rows) {
      long i = row.getLong(row.fieldIndex("index"));
      SoftmaxOracle.Row w = want.get(i);
      int k = row.getDouble(row.fieldIndex("beta")) == betas[0] ? 0 : 1;
      assertEquals(Long.toString(i), row.getString(row.fieldIndex("id")));
      assertEquals(w.arg(), row.getLong(row.fieldIndex("argmax_index")), "argmax of " + i);
      assertEquals(Long.toString(w.arg()), row.getString(row.fieldIndex("argmax_id")));
      assertEquals(w.max(), row.getDouble(row.fieldIndex("max_score")), tol, "max of " + i);
      assertEquals(w.lse()[k], row.getDouble(row.fieldIndex("lse")), tol, "lse of " + i);
      assertEquals(w.output()[k], row.getDouble(row.fieldIndex("output")), 1e-3 * Math.abs(w.output()[k]), "output of " + i);
      double weight = row.getDouble(row.fieldIndex("weight_on_argmax"));
      assertTrue(weight > 0 && weight <= 1, "weight of " + i);
    }
  }

  @Test
  void ovHeadAgainstBruteForce() throws Exception {
    for (int planted : new int[] {1, 3, 0}) {
      float[][] x = OvInstances.generate(20 + planted, 48, 20, planted);
      Path out = tmp.resolve("ov" + planted);
      JsonNode r = run(List.of("--input", npy("ov" + planted + ".npy", x).toString(), "--output", out.toString(),
          "--attention-head", "ov", "--beta-sweep", "--block-rows", "16", "--no-progress"));
      JsonNode h = r.path("attention_head");
      checkSweep(r, planted, 48);
      boolean exists = OvInstances.anyOrthogonal(x);
      assertEquals(planted > 0, exists, "the instance has the planted pairs and no others");
      double[] a = OvInstances.headOutputs(x);
      double threshold = 1.0 / 49;
      List<String> fire = new ArrayList<>();
      double max = 0;
      for (int i = 0; i < a.length; i++) {
        max = Math.max(max, a[i]);
        if (a[i] >= threshold) {
          fire.add(Integer.toString(i));
        }
      }
      List<String> got = new ArrayList<>();
      h.path("rows").forEach(n -> got.add(n.asText()));
      assertEquals(fire, got, "firing rows, " + planted + " planted");
      assertEquals(exists, h.path("decision").asBoolean());
      assertEquals(exists, h.path("exact").asBoolean());
      assertEquals(threshold, h.path("threshold").asDouble(), 1e-15);
      assertEquals(max, h.path("max_output").asDouble(), 1e-9 * max + 1e-300);
      assertTrue(planted == 1 ? fire.size() == 2 : planted > 0 ? fire.size() >= 2 * planted : fire.isEmpty(),
          "the rows of the planted pairs fire: " + fire);
    }
  }

  /** The sweep of the same pass: 1/4 .. 64 then 3 ln n; where small beta stops deciding right. */
  private static void checkSweep(JsonNode r, int planted, int n) {
    JsonNode sweep = r.path("attention").path("sweep");
    assertEquals(10, sweep.size());
    assertEquals(3 * Math.log(n), r.path("attention").path("beta").asDouble(), 1e-12);
    assertEquals(3 * Math.log(n), r.path("attention_head").path("beta").asDouble(), 1e-12);
    double prev = 0;
    for (int k = 0; k < 9; k++) { // in order of beta: the weight on the partner grows with it
      double w = sweep.get(k).path("weight_on_partner").asDouble();
      assertTrue(w >= prev - 1e-12, sweep.toString());
      prev = w;
    }
    assertTrue(sweep.get(9).path("decision_right").asBoolean(), "the paper's beta = 3 ln n decides right");
    if (planted == 0) {
      assertFalse(sweep.get(0).path("decision_right").asBoolean(), "beta 1/4 fires without an orthogonal pair");
    } else if (planted == 1) {
      assertFalse(sweep.get(0).path("identifies_pair").asBoolean(), "beta 1/4 spreads the weight over all rows");
      assertTrue(sweep.get(9).path("identifies_pair").asBoolean());
    }
  }

  @Test
  void badOptionsExit2() throws Exception {
    Path in = npy("g.npy", RandomData.gaussian(5, 10, 4));
    String o = tmp.resolve("bad").toString();
    assertThrows(UsageException.class, () -> MainAccess.parse(List.of("--input", in.toString(), "--output", o, "--beta", "2")));
    assertThrows(UsageException.class,
        () -> MainAccess.parse(List.of("--input", in.toString(), "--output", o, "--attention", "--beta", "0")));
    assertThrows(UsageException.class,
        () -> MainAccess.parse(List.of("--input", in.toString(), "--output", o, "--attention-head", "ov", "--attention-values", "weight")));
    assertThrows(UsageException.class,
        () -> MainAccess.parse(List.of("--input", in.toString(), "--output", o, "--attention", "--attention-values", " ")));
    assertThrows(UsageException.class,
        () -> MainAccess.parse(List.of("--input", in.toString(), "--output", o, "--attention", "--metric", "l2")));
    PairsConfig cfg = MainAccess.parse(List.of("--input", in.toString(), "--output", o, "--attention-head", "ov"));
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try (PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
      assertEquals(2, MainAccess.runPairs(spark, cfg, new PrintStream(new ByteArrayOutputStream()), pe));
    }
    assertTrue(e.toString(StandardCharsets.UTF_8).contains("g.npy"), e.toString(StandardCharsets.UTF_8));
    assertFalse(Files.exists(Path.of(o, "result.json")));
  }
}
