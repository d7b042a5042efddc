package io.simpair.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simpair.cli.MainAccess;
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
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every variant (most/least × metric × mono/bichromatic × top-k/threshold/per-row) against a
 * brute-force double-precision oracle, row for row.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VariantsSparkTest {
  private SparkSession spark;
  @TempDir Path tmp;
  private int runs;

  @BeforeAll
  void start() {
    spark = LocalSpark.start("VariantsSparkTest");
  }

  @AfterAll
  void stop() {
    LocalSpark.stop(spark);
  }

  /** One scored pair of the oracle; i indexes A, j indexes B (or A when monochromatic). */
  record P(int i, int j, double score, double key) {}

  static final Comparator<P> ORDER =
      Comparator.comparingDouble((P p) -> -p.key()).thenComparingInt(P::i).thenComparingInt(P::j);

  static List<P> allPairs(String metric, boolean least, double[][] a, double[][] b) {
    boolean larger = !metric.equals("l2") != least;
    List<P> out = new ArrayList<>();
    for (int i = 0; i < a.length; i++) {
      for (int j = b == null ? i + 1 : 0; j < (b == null ? a.length : b.length); j++) {
        double s = Oracle.score(metric, a[i], b == null ? a[j] : b[j]);
        out.add(new P(i, j, s, larger ? s : -s));
      }
    }
    out.sort(ORDER);
    return out;
  }

  /**
   * The pairs of {@code want} (best first) that a threshold {@code t} selects: those whose exact
   * value is at least t in the search's direction (a rounded score equal to t is not enough).
   */
  static List<P> selected(String metric, boolean least, double[][] a, double[][] b, List<P> want, double t) {
    int sign = !metric.equals("l2") != least ? 1 : -1;
    double[][] other = b == null ? a : b;
    // rounding is monotone: a pair whose rounded score is past t is in, one short of it is out
    return want.stream()
        .filter(p -> sign * Double.compare(p.score(), t) > 0
            || (p.score() == t && sign * Oracle.exact(metric, a[p.i()], other[p.j()]).compareScore(t) >= 0))
        .toList();
  }

  /**
   * Per-row top k rows (ordered by index_a, rank) against the oracle's pairs: each of the first
   * {@code rows} rows of A gets its k best others (in B when bichromatic).
   */
  static void checkPerRow(List<Row> nn, List<P> want, int rows, int k, boolean bi) {
    for (int i = 0; i < rows; i++) {
      final int row = i;
      List<P> mine = new ArrayList<>();
      for (P p : want) {
        if (p.i() == row) {
          mine.add(p);
        } else if (!bi && p.j() == row) {
          mine.add(new P(row, p.i(), p.score(), p.key()));
        }
      }
      mine.sort(ORDER);
      for (int q = 0; q < k; q++) {
        Row got = nn.get(k * i + q);
        assertEquals(row, got.getLong(got.fieldIndex("index_a")));
        assertEquals(q + 1, got.getInt(got.fieldIndex("rank")));
        assertEquals(mine.get(q).j(), got.getLong(got.fieldIndex("index_b")), "row " + row + " rank " + q);
        assertEquals(mine.get(q).score(), got.getDouble(got.fieldIndex("score")), 0.0);
      }
    }
  }

  static float[][] clustered(long seed, int n, int d) {
    Random r = new Random(seed);
    float[][] centers = new float[5][d];
    for (float[] c : centers) {
      for (int k = 0; k < d; k++) {
        c[k] = (float) r.nextGaussian();
      }
    }
    float[][] x = new float[n][d];
    for (int i = 0; i < n; i++) {
      float[] c = centers[r.nextInt(centers.length)];
      for (int k = 0; k < d; k++) {
        x[i][k] = c[k] + (float) (0.3 * r.nextGaussian());
      }
    }
    return x;
  }

  static float[][] gaussian(long seed, int n, int d) {
    return RandomData.gaussian(seed, n, d);
  }


  Path npy(float[][] x) throws Exception {
    Path f = tmp.resolve("in-" + (runs++) + ".npy");
    Npy.writeF32(f, x);
    return f;
  }

  /** Runs the CLI path; returns result.json and the output directory. */
  JsonNode run(List<String> args, Path out) throws Exception {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of("--output", out.toString(), "--no-progress"));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        MainAccess.runPairs(
            spark,
            MainAccess.parse(all),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    return new ObjectMapper().readTree(new File(out.toFile(), "result.json"));
  }

  static Stream<Arguments> combos() {
    List<Arguments> out = new ArrayList<>();
    int c = 0;
    for (String metric : new String[] {"cosine", "dot", "l2"}) {
      for (boolean least : new boolean[] {false, true}) {
        for (boolean bi : new boolean[] {false, true}) {
          // alternate random and clustered data, and the two distribution paths
          boolean clustered = c % 2 == 0;
          out.add(Arguments.of(metric, least, bi, clustered, c % 3 == 0 ? "shuffle" : "broadcast"));
          c++;
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} least={1} bichromatic={2} clustered={3} {4}")
  @MethodSource("combos")
  void topKThresholdAndPerRowMatchTheOracle(
      String metric, boolean least, boolean bi, boolean clustered, String strategy) throws Exception {
    int d = 12;
    float[][] a = clustered ? clustered(1, 70, d) : gaussian(1, 70, d);
    float[][] b = bi ? (clustered ? clustered(2, 45, d) : gaussian(2, 45, d)) : null;
    double[][] ad = Oracle.toDouble(a);
    double[][] bd = bi ? Oracle.toDouble(b) : null;
    List<P> want = allPairs(metric, least, ad, bd);
    int k = 25;
    // a threshold that selects about 40 pairs
    double t = want.get(39).score();
    List<String> args =
        new ArrayList<>(
            List.of(
                "--input", npy(a).toString(), "--metric", metric, "--mode", least ? "least" : "most",
                "--top-k", String.valueOf(k), "--threshold", String.valueOf(t), "--per-row-top", "3",
                "--block-rows", "16", "--strategy", strategy));
    if (bi) {
      args.addAll(List.of("--input-b", npy(b).toString()));
    }
    Path out = tmp.resolve("out-" + (runs++));
    JsonNode r = run(args, out);

    // best pair and top-k, in order
    assertEquals(want.get(0).i(), r.get("best").get("index_a").asInt());
    assertEquals(want.get(0).j(), r.get("best").get("index_b").asInt());
    JsonNode pairs = r.get("pairs");
    assertEquals(k, pairs.size());
    for (int p = 0; p < k; p++) {
      assertEquals(want.get(p).i(), pairs.get(p).get("index_a").asInt(), "rank " + p);
      assertEquals(want.get(p).j(), pairs.get(p).get("index_b").asInt(), "rank " + p);
      assertEquals(want.get(p).score(), pairs.get(p).get("score").asDouble(), 0.0);
      assertEquals(String.valueOf(want.get(p).i()), pairs.get(p).get("a").asText());
    }
    assertEquals(least ? "least" : "most", r.get("mode").asText());
    long expectedPairs = bi ? 70L * 45 : 70L * 69 / 2;
    assertEquals(expectedPairs, r.get("counts").get("pairs_scored").asLong());

    // threshold: row for row, best first
    List<P> sel = selected(metric, least, ad, bd, want, t);
    assertEquals(sel.size(), r.get("threshold").get("pairs").asLong());
    List<Row> rows = spark.read().parquet(r.get("threshold").get("path").asText()).collectAsList();
    assertEquals(sel.size(), rows.size());
    for (int p = 0; p < rows.size(); p++) {
      Row row = rows.get(p);
      assertEquals(sel.get(p).i(), row.getLong(row.fieldIndex("index_a")), "threshold row " + p);
      assertEquals(sel.get(p).j(), row.getLong(row.fieldIndex("index_b")), "threshold row " + p);
      assertEquals(sel.get(p).score(), row.getDouble(row.fieldIndex("score")), 0.0);
    }

    // per-row top 3: for every row of A its 3 best others (in B when bichromatic)
    List<Row> nn =
        spark.read().parquet(r.get("per_row").get("path").asText()).orderBy("index_a", "rank").collectAsList();
    assertEquals(70, r.get("per_row").get("rows").asLong());
    assertEquals(70 * 3, nn.size());
    checkPerRow(nn, want, 70, 3, bi);
  }

  @Test
  void largeTilesUseTheChunkFilterAndStayExact() throws Exception {
    // tiles of 300 x 300 rows span several 128-row chunks, so candidate rows are re-scored
    // only in the chunks whose kernel maximum reaches their floor
    float[][] a = clustered(9, 600, 8);
    double[][] ad = Oracle.toDouble(a);
    List<P> want = allPairs("cosine", false, ad, null);
    JsonNode r =
        run(
            List.of("--input", npy(a).toString(), "--top-k", "300", "--per-row-top", "2",
                "--threshold", String.valueOf(want.get(199).score()), "--block-rows", "300"),
            tmp.resolve("chunks"));
    for (int p = 0; p < 300; p++) {
      assertEquals(want.get(p).i(), r.get("pairs").get(p).get("index_a").asInt(), "rank " + p);
      assertEquals(want.get(p).j(), r.get("pairs").get(p).get("index_b").asInt(), "rank " + p);
    }
    long sel = selected("cosine", false, ad, null, want, want.get(199).score()).size();
    assertEquals(sel, r.get("threshold").get("pairs").asLong());
    List<Row> nn =
        spark.read().parquet(r.get("per_row").get("path").asText()).orderBy("index_a", "rank").collectAsList();
    assertEquals(1200, nn.size());
    for (int i = 0; i < 600; i += 7) {
      final int row = i;
      List<P> mine = new ArrayList<>();
      for (P p : want) {
        if (p.i() == row) {
          mine.add(p);
        } else if (p.j() == row) {
          mine.add(new P(row, p.i(), p.score(), p.key()));
        }
      }
      mine.sort(ORDER);
      for (int q = 0; q < 2; q++) {
        assertEquals(mine.get(q).j(), nn.get(2 * i + q).getLong(nn.get(2 * i + q).fieldIndex("index_b")));
      }
    }
    assertTrue(
        r.get("counts").get("pairs_rescored_fp64").asLong() < want.size() / 4,
        "the floors and the chunk filter keep the exact re-scores few: "
            + r.get("counts").get("pairs_rescored_fp64"));
  }

  @Test
  void kLargerThanThePairCountReturnsEveryPair() throws Exception {
    float[][] a = gaussian(4, 9, 5);
    JsonNode r = run(List.of("--input", npy(a).toString(), "--top-k", "1000", "--block-rows", "4"), tmp.resolve("k"));
    List<P> want = allPairs("cosine", false, Oracle.toDouble(a), null);
    assertEquals(36, want.size());
    assertEquals(36, r.get("pairs").size());
    for (int p = 0; p < 36; p++) {
      assertEquals(want.get(p).i(), r.get("pairs").get(p).get("index_a").asInt());
      assertEquals(want.get(p).j(), r.get("pairs").get(p).get("index_b").asInt());
    }
  }

  @Test
  void thresholdSelectingNothingAndEverything() throws Exception {
    float[][] a = gaussian(5, 30, 6);
    JsonNode none = run(List.of("--input", npy(a).toString(), "--threshold", "1.5"), tmp.resolve("none"));
    assertEquals(0, none.get("threshold").get("pairs").asLong());
    assertEquals(0, spark.read().parquet(none.get("threshold").get("path").asText()).count());
    JsonNode all =
        run(List.of("--input", npy(a).toString(), "--threshold", "-1.5", "--block-rows", "7"), tmp.resolve("all"));
    assertEquals(435, all.get("threshold").get("pairs").asLong());
    assertEquals(435, spark.read().parquet(all.get("threshold").get("path").asText()).count());
  }

  @Test
  void maxPairsStopsBeforeWritingAnything() throws Exception {
    float[][] a = gaussian(6, 30, 6);
    Path out = tmp.resolve("max");
    List<String> args =
        List.of("--input", npy(a).toString(), "--threshold", "-1.5", "--max-pairs", "100",
            "--output", out.toString(), "--no-progress");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        MainAccess.runPairs(
            spark,
            MainAccess.parse(args),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String msg = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, code, msg);
    assertTrue(msg.contains("435") && msg.contains("--max-pairs 100"), msg);
    assertFalse(Files.exists(out), "nothing written");
  }

  @Test
  void bichromaticEdgeCasesSharedIdsAndSingleB() throws Exception {
    // |B| = 1, A and B sharing ids (both default to row numbers "0", "1", ...)
    float[][] a = gaussian(7, 20, 4);
    float[][] b = gaussian(8, 1, 4);
    JsonNode r =
        run(List.of("--input", npy(a).toString(), "--input-b", npy(b).toString(), "--top-k", "3"), tmp.resolve("b1"));
    List<P> want = allPairs("cosine", false, Oracle.toDouble(a), Oracle.toDouble(b));
    assertEquals(20, r.get("counts").get("pairs_scored").asLong());
    assertEquals(want.get(0).i(), r.get("best").get("index_a").asInt());
    assertEquals("0", r.get("best").get("b").asText());
    for (int p = 0; p < 3; p++) {
      assertEquals(want.get(p).i(), r.get("pairs").get(p).get("index_a").asInt());
    }
  }

  @Test
  void fp32AgainstFp64Input() throws Exception {
    // NPY float32 rows against CSV rows (read as doubles): the exact re-scores mix the two
    float[][] a = gaussian(9, 23, 6);
    float[][] b = gaussian(10, 17, 6);
    StringBuilder csv = new StringBuilder();
    for (int j = 0; j < b.length; j++) {
      csv.append(j);
      for (float v : b[j]) {
        csv.append(',').append((double) v); // the float's exact value, so that the oracle's b is the file's
      }
      csv.append('\n');
    }
    Path bFile = tmp.resolve("b-fp64.csv");
    Files.writeString(bFile, csv.toString());
    for (String metric : new String[] {"cosine", "dot", "l2"}) {
      for (String[] order : new String[][] {{npy(a).toString(), bFile.toString()}, {bFile.toString(), npy(a).toString()}}) {
        boolean csvFirst = order[0].endsWith(".csv");
        JsonNode r = run(List.of("--input", order[0], "--input-b", order[1], "--metric", metric, "--top-k", "4"),
            tmp.resolve("mixed-" + metric + (csvFirst ? "-ba" : "-ab")));
        List<P> want = csvFirst
            ? allPairs(metric, false, Oracle.toDouble(b), Oracle.toDouble(a))
            : allPairs(metric, false, Oracle.toDouble(a), Oracle.toDouble(b));
        for (int p = 0; p < 4; p++) {
          JsonNode got = r.get("pairs").get(p);
          assertEquals(want.get(p).i(), got.get("index_a").asInt(), metric + " pair " + p);
          assertEquals(want.get(p).j(), got.get("index_b").asInt(), metric + " pair " + p);
          assertEquals(want.get(p).score(), got.get("score").asDouble(), 1e-9 * Math.max(1, Math.abs(want.get(p).score())));
        }
      }
    }
  }
}
