package io.simpair.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simpair.kernel.Metric;
import io.simpair.kernel.RoundingBound;
import io.simpair.kernel.SimilarityProvider;
import io.simpair.kernel.TileScorer;
import io.simpair.plan.SearchOptions;
import io.simpair.result.PairsResult;
import io.simpair.search.RowBlock;
import io.simpair.testutil.LocalSpark;
import io.simpair.testutil.Npy;
import io.simpair.testutil.Oracle;
import java.nio.file.Path;
import java.util.Random;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adversarial near-ties: two pairs whose exact cosines differ by far less than fp32 can
 * resolve, chosen so that the fp32 kernel ranks them the wrong way round. The job must still
 * return the double-precision winner.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CertificationSparkTest {
  private static final int D = 384;
  private SparkSession spark;
  @TempDir Path tmp;

  @BeforeAll
  void start() {
    spark = LocalSpark.start("CertificationSparkTest");
  }

  @AfterAll
  void stop() {
    LocalSpark.stop(spark);
  }

  /** fp32 kernel scores of pairs (x0, x1) and (x2, x3), rows prepared as the job does. */
  static float[] kernelScores(float[][] x, Metric metric, double scale) {
    RowBlock a = RowBlock.allocate(0, 0, 2, D, metric, scale, true);
    RowBlock b = RowBlock.allocate(1, 2, 2, D, metric, scale, true);
    a.setRow(0, x[0], null);
    a.setRow(1, x[2], null);
    b.setRow(0, x[1], null);
    b.setRow(1, x[3], null);
    TileScorer s = SimilarityProvider.get().newTileScorer(D);
    float[] rowMax = new float[2];
    s.maxScores(a.kernel(), a.bias(), 2, b.kernel(), b.bias(), 2, false, rowMax, null);
    return rowMax;
  }

  /**
   * Searches seeds for two planted near-duplicate pairs, P = (0, 1) and Q = (2, 3), whose fp32
   * kernel order disagrees with their fp64 order.
   */
  static float[][] adversarial(Metric metric) {
    String m = metric.label();
    for (long seed = 1; seed < 5000; seed++) {
      Random r = new Random(seed);
      float[][] x = new float[4][D];
      for (int k = 0; k < D; k++) {
        x[0][k] = (float) r.nextGaussian();
        x[2][k] = (float) r.nextGaussian();
      }
      double eps = 1e-3;
      for (int k = 0; k < D; k++) {
        x[1][k] = x[0][k] + (float) (eps * r.nextGaussian());
        x[3][k] = x[2][k] + (float) (eps * r.nextGaussian());
      }
      double[][] xd = Oracle.toDouble(x);
      double p = Oracle.score(m, xd[0], xd[1]);
      double q = Oracle.score(m, xd[2], xd[3]);
      if (p == q) {
        continue;
      }
      double scale = metric == Metric.COSINE ? 1 : 1.0 / 64;
      float[] f = kernelScores(x, metric, scale);
      boolean exactP = metric.largerIsBetter() ? p > q : p < q;
      boolean fp32P = f[0] > f[1];
      if (f[0] != f[1] && exactP != fp32P) {
        return x;
      }
    }
    throw new AssertionError("no adversarial seed found for " + metric);
  }

  @Test
  void cosineNearTieIsResolvedInDouble() throws Exception {
    runAdversarial(Metric.COSINE);
  }

  @Test
  void l2NearTieIsResolvedInDouble() throws Exception {
    runAdversarial(Metric.L2);
  }

  private void runAdversarial(Metric metric) throws Exception {
    float[][] planted = adversarial(metric);
    // put the two pairs among 200 unrelated rows, far apart in input order
    Random r = new Random(99);
    float[][] x = new float[200][D];
    for (float[] row : x) {
      for (int k = 0; k < D; k++) {
        row[k] = (float) r.nextGaussian();
      }
    }
    int[] at = {3, 150, 40, 170};
    for (int i = 0; i < 4; i++) {
      x[at[i]] = planted[i];
    }
    Oracle.Best want = Oracle.best(metric.label(), Oracle.toDouble(x));
    assertTrue(
        (want.i() == 3 && want.j() == 150) || (want.i() == 40 && want.j() == 170),
        "one of the planted pairs must be the best: " + want);
    Path f = tmp.resolve(metric.label() + ".npy");
    Npy.writeF32(f, x);
    for (int block : new int[] {16, 64, 200}) {
      PairsConfig cfg =
          PairsConfig.builder()
              .input(f.toString())
              .metric(metric)
              .blockRows(block)
              .output(tmp.resolve("out").toString())
              .overwrite(true)
              .strategy(SearchOptions.Strategy.BROADCAST)
              .progress(false)
              .build();
      PairsResult res = new PairSearchJob(cfg).run(spark);
      assertEquals(want.i(), res.best().indexA(), "block " + block);
      assertEquals(want.j(), res.best().indexB(), "block " + block);
      assertEquals(want.score(), res.best().score(), 0.0);
      assertTrue(res.counts().pairsRescoredFp64() >= 2, "both near-tied pairs re-scored");
    }
  }

  @Test
  void boundHoldsForKernelScoresAndIsNotVacuous() {
    Random r = new Random(5);
    int n = 64;
    float[][] x = new float[2 * n][D];
    for (float[] row : x) {
      for (int k = 0; k < D; k++) {
        row[k] = (float) (r.nextGaussian() * (k % 7 == 0 ? 30 : 1));
      }
    }
    RowBlock a = RowBlock.allocate(0, 0, n, D, Metric.COSINE, 1, true);
    RowBlock b = RowBlock.allocate(1, n, n, D, Metric.COSINE, 1, true);
    for (int i = 0; i < n; i++) {
      a.setRow(i, x[i], null);
      b.setRow(i, x[n + i], null);
    }
    double delta = RoundingBound.delta(D, 1 + 1e-6, 0);
    assertTrue(delta < 1e-4, "bound should be useful: " + delta);
    TileScorer s = SimilarityProvider.get().newTileScorer(D);
    float[] rowMax = new float[n];
    s.maxScores(a.kernel(), null, n, b.kernel(), null, n, false, rowMax, null);
    double[][] xd = Oracle.toDouble(x);
    double worst = 0;
    for (int i = 0; i < n; i++) {
      double exact = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        exact = Math.max(exact, Oracle.score("cosine", xd[i], xd[n + j]));
      }
      worst = Math.max(worst, Math.abs(rowMax[i] - exact));
    }
    assertTrue(worst <= delta, "error " + worst + " exceeds the bound " + delta);
    assertNotEquals(0.0, worst, "fp32 should show some rounding at d=384");
  }
}
