package io.simpair.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simpair.cli.MainAccess;
import io.simpair.spark.VariantsSparkTest.P;
import io.simpair.testutil.LocalSpark;
import io.simpair.testutil.Npy;
import io.simpair.testutil.Oracle;
import io.simpair.testutil.RandomData;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The exact popcount kernel inside the job (0/1 input): the same answers as the fp32 kernel and
 * the double-precision oracle, row for row (most and least similar), on sparse bag-of-words rows full of exact ties; and
 * {@code --kernel binary} refusing, with exit 2, where it does not apply.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BinaryKernelSparkTest {
  private SparkSession spark;
  @TempDir Path tmp;
  private int runs;

  @BeforeAll
  void start() {
    spark = LocalSpark.start("BinaryKernelSparkTest");
  }

  @AfterAll
  void stop() {
    LocalSpark.stop(spark);
  }

  /**
   * Sparse 0/1 rows of dimension d (70: two 64-bit words, the second ragged) with planted exact
   * duplicates, a one-bit near duplicate and rows whose cosines tie as rationals (1/2 from
   * counts 1 of norms 2 and 2, and 2 of norms 4 and 4).
   */
  static float[][] bagOfWords(long seed, int n, int d) {
    Random r = new Random(seed);
    float[][] x = new float[n][d];
    for (float[] row : x) {
      for (int k = 0; k < d; k++) {
        row[k] = r.nextDouble() < 0.15 ? 1f : 0f;
      }
      row[r.nextInt(d)] = 1f; // no zero rows: cosine rejects them
    }
    x[n - 3] = x[3].clone();
    x[n - 10] = x[10].clone();
    for (int k = 0; k < d; k++) {
      if (x[n - 10][k] == 1f) {
        x[n - 10][k] = 0f; // one bit fewer
        break;
      }
    }
    x[n - 10][d - 1] = 1f;
    float[][] planted = {
      bits(d, 5, 6), bits(d, 6, 7), bits(d, 40, 41, 42, 43), bits(d, 40, 41, 60, 61),
    };
    for (int p = 0; p < planted.length; p++) {
      x[30 + p] = planted[p];
    }
    return x;
  }

  private static float[] bits(int d, int... on) {
    float[] row = new float[d];
    for (int k : on) {
      row[k] = 1f;
    }
    return row;
  }

  Path npy(float[][] x) throws Exception {
    Path f = tmp.resolve("in-" + (runs++) + ".npy");
    Npy.writeF32(f, x);
    return f;
  }

  /** Runs the CLI path; returns the exit code, stderr and (on success) result.json. */
  record Run(int code, String err, JsonNode result) {}

  Run run(List<String> args) throws Exception {
    Path out = tmp.resolve("out-" + (runs++));
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of("--output", out.toString(), "--no-progress"));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        MainAccess.runPairs(
            spark,
            MainAccess.parse(all),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    File json = new File(out.toFile(), "result.json");
    return new Run(
        code,
        err.toString(StandardCharsets.UTF_8),
        json.exists() ? new ObjectMapper().readTree(json) : null);
  }

  @ParameterizedTest(name = "{0} bichromatic={1} least={2}")
  @CsvSource({
    "cosine,false,false", "dot,false,false", "cosine,true,false", "dot,true,false",
    "cosine,false,true", "dot,true,true"
  })
  void sameAnswersAsTheFloatKernelAndTheOracle(String metric, boolean bi, boolean least)
      throws Exception {
    int d = 70;
    float[][] a = bagOfWords(1, 150, d);
    float[][] b = bi ? bagOfWords(2, 61, d) : null;
    List<P> want =
        VariantsSparkTest.allPairs(metric, least, Oracle.toDouble(a), bi ? Oracle.toDouble(b) : null);
    int k = 40;
    double t = want.get(59).score(); // selects at least 60 pairs (more on ties)
    List<String> args =
        new ArrayList<>(
            List.of(
                "--input", npy(a).toString(), "--metric", metric, "--top-k", String.valueOf(k),
                "--threshold", String.valueOf(t), "--block-rows", "32", "--mode",
                least ? "least" : "most"));
    args.addAll(List.of("--per-row-top", "3"));
    if (bi) {
      args.addAll(List.of("--input-b", npy(b).toString()));
    }
    Run auto = run(args);
    assertEquals(0, auto.code(), auto.err());
    JsonNode r = auto.result();
    assertTrue(r.get("kernel_reason").asText().startsWith("binary:"), r.get("kernel_reason").asText());
    assertTrue(r.get("kernel").asText().contains("binary"), r.get("kernel").asText());

    JsonNode pairs = r.get("pairs");
    assertEquals(k, pairs.size());
    for (int p = 0; p < k; p++) {
      assertEquals(want.get(p).i(), pairs.get(p).get("index_a").asInt(), "rank " + p);
      assertEquals(want.get(p).j(), pairs.get(p).get("index_b").asInt(), "rank " + p);
      assertEquals(want.get(p).score(), pairs.get(p).get("score").asDouble(), 0.0, "rank " + p);
    }
    List<P> sel = VariantsSparkTest.selected(metric, least, Oracle.toDouble(a), bi ? Oracle.toDouble(b) : null, want, t);
    List<Row> rows = spark.read().parquet(r.get("threshold").get("path").asText()).collectAsList();
    assertEquals(sel.size(), rows.size());
    for (int p = 0; p < rows.size(); p++) {
      assertEquals(sel.get(p).i(), rows.get(p).getLong(rows.get(p).fieldIndex("index_a")), "threshold " + p);
      assertEquals(sel.get(p).j(), rows.get(p).getLong(rows.get(p).fieldIndex("index_b")), "threshold " + p);
    }

    // the fp32 kernel on the same input: the same result, pair for pair
    List<String> floatArgs = new ArrayList<>(args);
    floatArgs.addAll(List.of("--kernel", "float"));
    Run f = run(floatArgs);
    assertEquals(0, f.code(), f.err());
    assertEquals("float: --kernel float", f.result().get("kernel_reason").asText());
    assertEquals(f.result().get("pairs"), r.get("pairs"));
    assertEquals(f.result().get("best"), r.get("best"));
    // The best pair alone: the same floors must pass about the same rows. A popcount maximum
    // that were too high would still give right answers (its rows are re-scored), only slowly;
    // this catches it (per-row top K above re-scores every row anyway).
    List<String> bestOnly = new ArrayList<>(List.of("--input", args.get(1), "--metric", metric,
        "--block-rows", "32", "--mode", least ? "least" : "most"));
    if (bi) {
      bestOnly.addAll(List.of("--input-b", args.get(args.indexOf("--input-b") + 1)));
    }
    JsonNode rb = run(bestOnly).result();
    bestOnly.addAll(List.of("--kernel", "float"));
    JsonNode fb = run(bestOnly).result();
    assertEquals(fb.get("best"), rb.get("best"));
    long binaryRows = scoreStage(rb).get("rows_rescored_fp32").asLong();
    long floatRows = scoreStage(fb).get("rows_rescored_fp32").asLong();
    assertTrue(binaryRows <= floatRows + floatRows / 10 + 5,
        "rows re-scored: binary " + binaryRows + ", float " + floatRows);
    // per-row top 3 (a single input needs column maxima: the kernel's second, swapped pass)
    List<Row> pa = spark.read().parquet(r.get("per_row").get("path").asText())
        .orderBy("index_a", "rank").collectAsList();
    List<Row> pf = spark.read().parquet(f.result().get("per_row").get("path").asText())
        .orderBy("index_a", "rank").collectAsList();
    assertEquals(150 * 3, pa.size());
    assertEquals(pf, pa);
    VariantsSparkTest.checkPerRow(pa, want, 150, 3, bi);
  }

  /** Mostly-zero Gaussian rows (2% of d = 300 non-zero, one at least) with exact duplicates. */
  static float[][] termVectors(long seed, int n, int d) {
    Random r = new Random(seed);
    float[][] x = new float[n][d];
    for (float[] row : x) {
      for (int k = 0; k < d; k++) {
        row[k] = r.nextDouble() < 0.02 ? (float) Math.abs(r.nextGaussian()) : 0f;
      }
      row[r.nextInt(d)] = 1f;
    }
    x[n - 3] = x[3].clone();
    x[n - 7] = x[12].clone();
    return x;
  }

  @ParameterizedTest(name = "sparse {0} bichromatic={1} least={2}")
  @CsvSource({"cosine,false,false", "dot,false,false", "l2,false,false", "cosine,true,false", "l2,true,true", "dot,false,true"})
  void sparseKernelGivesTheFloatKernelsAndTheOraclesAnswers(String metric, boolean bi, boolean least) throws Exception {
    int d = 300;
    float[][] a = termVectors(3, 140, d);
    float[][] b = bi ? termVectors(4, 57, d) : null;
    List<P> want = VariantsSparkTest.allPairs(metric, least, Oracle.toDouble(a), bi ? Oracle.toDouble(b) : null);
    int k = 30;
    double t = want.get(49).score();
    List<String> args = new ArrayList<>(List.of("--input", npy(a).toString(), "--metric", metric, "--top-k",
        String.valueOf(k), "--threshold", String.valueOf(t), "--block-rows", "32", "--mode", least ? "least" : "most"));
    if (bi) {
      args.addAll(List.of("--input-b", npy(b).toString()));
    }
    Run auto = run(args);
    assertEquals(0, auto.code(), auto.err());
    JsonNode r = auto.result();
    assertTrue(r.get("kernel_reason").asText().startsWith("sparse:"), r.get("kernel_reason").asText());
    JsonNode pairs = r.get("pairs");
    for (int p = 0; p < k; p++) {
      assertEquals(want.get(p).i(), pairs.get(p).get("index_a").asInt(), "rank " + p);
      assertEquals(want.get(p).j(), pairs.get(p).get("index_b").asInt(), "rank " + p);
      assertEquals(want.get(p).score(), pairs.get(p).get("score").asDouble(), 0.0, "rank " + p);
    }
    List<Row> rows = spark.read().parquet(r.get("threshold").get("path").asText()).collectAsList();
    // in the table iff the exact value reaches T
    assertEquals(VariantsSparkTest.selected(metric, least, Oracle.toDouble(a), bi ? Oracle.toDouble(b) : null, want, t).size(),
        rows.size());
    args.addAll(List.of("--kernel", "float"));
    Run f = run(args);
    assertEquals(0, f.code(), f.err());
    assertEquals(f.result().get("pairs"), r.get("pairs"));
    assertEquals(f.result().get("threshold").get("pairs"), r.get("threshold").get("pairs"));
  }

  private static JsonNode scoreStage(JsonNode result) {
    for (JsonNode st : result.get("stages")) {
      if (st.get("name").asText().equals("score")) {
        return st;
      }
    }
    throw new AssertionError("no score stage in " + result);
  }

  @Test
  void autoKeepsTheFloatKernelWhereThePopcountKernelDoesNotApply() throws Exception {
    Path in = npy(bagOfWords(3, 90, 70));
    for (String[] extra : new String[][] {{"--metric", "l2"}, {"--metric", "l2", "--mode", "least"}}) {
      List<String> args = new ArrayList<>(List.of("--input", in.toString()));
      args.addAll(List.of(extra));
      Run r = run(args);
      assertEquals(0, r.code(), r.err());
      assertTrue(r.result().get("kernel_reason").asText().startsWith("float: a 0/1 input, but"),
          String.join(" ", extra) + ": " + r.result().get("kernel_reason").asText());
    }
    Run g = run(List.of("--input", npy(RandomData.gaussian(4, 50, 8)).toString()));
    assertEquals(0, g.code(), g.err());
    assertEquals("float: not a 0/1 input", g.result().get("kernel_reason").asText());
  }

  @Test
  void forcedBinaryKernelFailsWithExit2WhereItDoesNotApply() throws Exception {
    float[][] x = bagOfWords(5, 60, 70);
    x[41][17] = 2f; // a count, not a 0/1 value
    Run r = run(List.of("--input", npy(x).toString(), "--kernel", "binary"));
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("row 41") && r.err().contains("has the value 2.0 at position 17"), r.err());
    assertEquals(null, r.result());

    Path in = npy(bagOfWords(6, 60, 70));
    Run l2 = run(List.of("--input", in.toString(), "--kernel", "binary", "--metric", "l2"));
    assertEquals(2, l2.code(), l2.err());
    assertTrue(l2.err().contains("cosine and dot only"), l2.err());

    Exception e =
        assertThrows(Exception.class, () -> MainAccess.parse(List.of("--input", "x.npy", "--output", "o", "--kernel", "gpu")));
    assertTrue(e.getMessage().contains("--kernel must be auto, float, binary or sparse, got 'gpu'"), e.getMessage());
    assertTrue(Files.exists(in));
  }
}
