package io.simpair.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simpair.kernel.Metric;
import io.simpair.plan.SearchOptions;
import io.simpair.result.PairsResult;
import io.simpair.result.ReportedPair;
import io.simpair.result.ResultJson;
import io.simpair.testutil.LocalSpark;
import io.simpair.testutil.Npy;
import io.simpair.testutil.Oracle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job orders candidates by their exact real values: identical vectors score exactly 1 (cosine)
 * and 0 (l2) and tie by input order whatever the blocks, strategy and tasks; pairs whose cosines
 * agree to 16 digits and more come in their real order, as an exact (BigDecimal) brute force
 * has them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExactOrderSparkTest {
  private SparkSession spark;
  @TempDir Path tmp;

  @BeforeAll
  void start() {
    spark = LocalSpark.start("ExactOrderSparkTest");
  }

  @AfterAll
  void stop() {
    LocalSpark.stop(spark);
  }

  private PairsResult run(PairsConfig.Builder b, String out) throws IOException {
    return JobRuns.run(spark, b, tmp.resolve(out));
  }

  private List<Row> table(String path) throws IOException {
    return JobRuns.table(spark, path);
  }

  static final int[] PLANTED = {5, 130, 131, 257, 300, 511, 599};

  /** 600 random fp32 rows with copies of one row at {@link #PLANTED} (row 300 is twice it: the same direction). */
  static float[][] withCopies() {
    Random r = new Random(3);
    float[][] x = new float[600][24];
    for (float[] row : x) {
      for (int k = 0; k < row.length; k++) {
        row[k] = (float) r.nextGaussian();
      }
    }
    float[] v = x[5].clone();
    for (int at : PLANTED) {
      for (int k = 0; k < v.length; k++) {
        x[at][k] = at == 300 ? 2 * v[k] : v[k];
      }
    }
    return x;
  }

  @Test
  void identicalVectorsScoreExactlyOneAndTieByInputOrderWhateverTheLayout() throws IOException {
    Path f = tmp.resolve("copies.npy");
    Npy.writeF32(f, withCopies());
    // the 21 pairs among the planted rows, in input order
    List<long[]> ties = new ArrayList<>();
    for (int i = 0; i < PLANTED.length; i++) {
      for (int j = i + 1; j < PLANTED.length; j++) {
        ties.add(new long[] {PLANTED[i], PLANTED[j]});
      }
    }
    int run = 0;
    for (int block : new int[] {128, 200, 600}) {
      for (SearchOptions.Strategy st : new SearchOptions.Strategy[] {SearchOptions.Strategy.BROADCAST, SearchOptions.Strategy.SHUFFLE}) {
        String what = "block " + block + ", " + st;
        PairsConfig.Builder b =
            PairsConfig.builder().input(f.toString()).metric(Metric.COSINE).blockRows(block).strategy(st)
                .groupBlocks(1 + run % 2).topK(10).threshold(1.0).perRowTop(3);
        PairsResult r = run(b, "cos-" + run++);
        assertEquals(Boolean.TRUE, ResultJson.of(r).get("exact_order"));
        List<ReportedPair> top = r.top();
        for (int t = 0; t < 10; t++) {
          assertEquals(ties.get(t)[0], top.get(t).indexA(), what + " top " + t);
          assertEquals(ties.get(t)[1], top.get(t).indexB(), what + " top " + t);
          assertEquals(1.0, top.get(t).score(), 0.0, what);
        }
        // in iff the real cosine is >= 1: exactly the 21 pairs, in input order
        List<Row> above = table(r.threshold().path());
        assertEquals(21, r.threshold().count(), what);
        for (int t = 0; t < 21; t++) {
          assertEquals(ties.get(t)[0], above.get(t).getLong(3), what + " threshold row " + t);
          assertEquals(ties.get(t)[1], above.get(t).getLong(4), what + " threshold row " + t);
          assertEquals(1.0, above.get(t).getDouble(2), 0.0);
        }
        // row 131's three best: the other planted rows, by index
        List<Long> of131 = new ArrayList<>();
        for (Row row : table(r.perRow().path())) {
          if (row.getLong(3) == 131) {
            of131.add(row.getLong(4));
            assertEquals(of131.size(), row.getInt(5));
          }
        }
        assertEquals(List.of(5L, 130L, 257L), of131, what);

        PairsResult l2 = run(b.metric(Metric.L2).threshold(Double.NaN).perRowTop(0), "l2-" + run);
        assertEquals(5, l2.best().indexA(), what);
        assertEquals(130, l2.best().indexB(), what);
        assertEquals(0.0, l2.best().score(), 0.0, what);
      }
    }
  }

  /**
   * Rows u + e_i with |e_i| ~ 3e-8 |u|: below fp32's resolution, and cosines 1 - O(1e-15), spread
   * over a few doubles, so that many pairs share a rounded cosine and differ in the 17th digit.
   */
  static double[][] nearTies(long seed, int n, int d) {
    Random r = new Random(seed);
    double[] u = new double[d];
    for (int k = 0; k < d; k++) {
      u[k] = r.nextGaussian();
    }
    double[][] x = new double[n][d];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        x[i][k] = u[k] + 3e-8 * r.nextGaussian();
      }
    }
    return x;
  }

  /** Every pair by the exact brute force, best first (ties by input order). */
  static List<int[]> exactOrder(String metric, double[][] x) {
    List<int[]> all = new ArrayList<>();
    List<Oracle.Exact> ex = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      for (int j = i + 1; j < x.length; j++) {
        all.add(new int[] {i, j, ex.size()});
        ex.add(Oracle.exact(metric, x[i], x[j]));
      }
    }
    all.sort(
        Comparator.<int[]>comparingInt(p -> 0)
            .thenComparing((p, q) -> ex.get(q[2]).compareBetter(ex.get(p[2])))
            .thenComparingInt(p -> p[0])
            .thenComparingInt(p -> p[1]));
    return all;
  }

  @Test
  void cosinesThatAgreeToTheSeventeenthDigitComeInTheirRealOrder() throws IOException {
    double[][] x = nearTies(21, 40, 8);
    Path f = tmp.resolve("near.npy");
    Npy.writeF64(f, x);
    List<int[]> want = exactOrder("cosine", x);
    // the point of the input: neighbours in the real order whose rounded cosines are equal
    int equalDoubles = 0;
    double[] scores = new double[20];
    for (int t = 0; t < 20; t++) {
      int[] p = want.get(t);
      scores[t] = Oracle.score("cosine", x[p[0]], x[p[1]]);
      if (t > 0 && scores[t] == scores[t - 1]) {
        equalDoubles++;
      }
    }
    assertTrue(equalDoubles >= 5, "rounded ties among the 20 best: " + equalDoubles);
    for (int block : new int[] {16, 40}) {
      PairsResult r = run(PairsConfig.builder().input(f.toString()).metric(Metric.COSINE).blockRows(block).topK(20)
          .threshold(scores[19]), "near-" + block);
      for (int t = 0; t < 20; t++) {
        ReportedPair p = r.top().get(t);
        String what = "block " + block + ", place " + t;
        assertEquals(want.get(t)[0], p.indexA(), what);
        assertEquals(want.get(t)[1], p.indexB(), what);
        assertEquals(scores[t], p.score(), 0.0, what);
      }
      // the threshold table: every pair whose real cosine is >= the 20th score, in real order
      List<Row> above = table(r.threshold().path());
      int in = 0;
      while (in < want.size()) {
        int[] p = want.get(in);
        if (Oracle.exact("cosine", x[p[0]], x[p[1]]).compareScore(scores[19]) < 0) {
          break;
        }
        in++;
      }
      assertEquals(in, above.size(), "block " + block);
      for (int t = 0; t < in; t++) {
        assertEquals(want.get(t)[0], above.get(t).getLong(3), "threshold row " + t);
        assertEquals(want.get(t)[1], above.get(t).getLong(4), "threshold row " + t);
      }
    }
  }

  @Test
  void distancesAndInnerProductsOfNearTiesComeInTheirRealOrder() throws IOException {
    double[][] x = nearTies(22, 30, 6);
    Path f = tmp.resolve("near-l2.npy");
    Npy.writeF64(f, x);
    for (String m : new String[] {"l2", "dot"}) {
      List<int[]> want = exactOrder(m, x);
      PairsResult r = run(PairsConfig.builder().input(f.toString()).metric(Metric.parse(m)).blockRows(16).topK(15), "near-" + m);
      for (int t = 0; t < 15; t++) {
        assertEquals(want.get(t)[0], r.top().get(t).indexA(), m + " place " + t);
        assertEquals(want.get(t)[1], r.top().get(t).indexB(), m + " place " + t);
        assertEquals(Oracle.score(m, x[want.get(t)[0]], x[want.get(t)[1]]), r.top().get(t).score(), 0.0, m);
      }
    }
  }
}
