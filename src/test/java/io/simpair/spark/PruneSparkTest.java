package io.simpair.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simpair.kernel.Metric;
import io.simpair.plan.PruneMode;
import io.simpair.plan.SearchOptions;
import io.simpair.result.PairsResult;
import io.simpair.result.ReportedPair;
import io.simpair.result.StageLog;
import io.simpair.testutil.LocalSpark;
import io.simpair.testutil.Npy;
import io.simpair.testutil.Oracle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --prune} in the job: on rows near a low-dimensional subspace (as real embeddings are)
 * auto prunes and the answers of every variant equal {@code --prune off}'s row for row, the
 * best pair that of a double-precision brute force; the counts add up; on random and 0/1 rows
 * auto keeps the plain scan and says why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PruneSparkTest {
  /** Above {@link io.simpair.plan.PruneDecision#MIN_PAIRS} pairs, so that auto considers pruning. */
  private static final int N = 4600;
  private static final int D = 48;
  private SparkSession spark;
  @TempDir static Path tmp;
  private Path clustered;
  private float[][] rows;

  @BeforeAll
  void start() throws IOException {
    spark = LocalSpark.start("PruneSparkTest");
    rows = lowRank(new Random(5), N, D);
    clustered = tmp.resolve("clustered.npy");
    Npy.writeF32(clustered, rows);
  }

  @AfterAll
  void stop() {
    LocalSpark.stop(spark);
  }

  /** Rows near a 6-dimensional subspace with small noise, and near-duplicates planted among them. */
  static float[][] lowRank(Random r, int n, int d) {
    double[][] basis = new double[6][d];
    for (double[] b : basis) {
      for (int k = 0; k < d; k++) {
        b[k] = r.nextGaussian();
      }
    }
    float[][] x = new float[n][d];
    for (int i = 0; i < n; i++) {
      if (i % 97 == 5) {
        for (int k = 0; k < d; k++) {
          x[i][k] = x[i - 3][k] + (float) (1e-3 * r.nextGaussian());
        }
        continue;
      }
      double[] c = new double[6];
      for (int j = 0; j < 6; j++) {
        c[j] = r.nextGaussian() * (j + 1);
      }
      for (int k = 0; k < d; k++) {
        double v = 0.05 * r.nextGaussian() + (k % 11 == 0 ? 0.5 : 0);
        for (int j = 0; j < 6; j++) {
          v += c[j] * basis[j][k];
        }
        x[i][k] = (float) v;
      }
    }
    return x;
  }

  private PairsResult run(PairsConfig.Builder b, String out) throws IOException {
    return JobRuns.run(spark, b, tmp.resolve(out));
  }

  /** A table's rows as text, sorted: the same set whatever the files. */
  private List<String> table(String path) throws IOException {
    List<String> out = new ArrayList<>();
    for (Row row : JobRuns.table(spark, path)) {
      out.add(row.toString());
    }
    out.sort(null);
    return out;
  }

  private static List<String> pairs(PairsResult r) {
    List<String> out = new ArrayList<>();
    for (ReportedPair p : r.top() == null ? List.of(r.best()) : r.top()) {
      out.add(p.a() + "," + p.b() + "," + p.score());
    }
    return out;
  }

  private static void countsAddUp(PairsResult r, String what) {
    assertEquals(r.counts().pairsExpected(), r.counts().pairsScored(), what);
    assertEquals(r.counts().pairsScored(), r.counts().pairsFullDim() + r.counts().pairsPruned(), what);
  }

  private static boolean pruned(PairsResult r) {
    return (Boolean) r.prune().get("pruned");
  }

  @Test
  void autoPrunesLowRankRowsAndEveryVariantKeepsItsAnswer() throws IOException {
    String in = clustered.toString();
    double[][] exact = Oracle.toDouble(rows);
    // each metric once; least similar with dot (the bound negates A's sketch but not its residual)
    Object[][] cases = {
      {Metric.COSINE, SearchOptions.Mode.MOST}, {Metric.DOT, SearchOptions.Mode.LEAST}, {Metric.L2, SearchOptions.Mode.MOST}
    };
    for (Object[] cs : cases) {
      Metric m = (Metric) cs[0];
      SearchOptions.Mode mode = (SearchOptions.Mode) cs[1];
      {
        String what = m.label() + " " + mode;
        PairsConfig.Builder base = PairsConfig.builder().input(in).metric(m).mode(mode).topK(10);
        PairsResult off = run(base.prune(PruneMode.OFF), "off-" + what.replace(' ', '-'));
        PairsResult on = run(base.prune(m == Metric.COSINE && mode == SearchOptions.Mode.MOST ? PruneMode.AUTO : PruneMode.ON),
            "on-" + what.replace(' ', '-'));
        assertFalse(pruned(off), what);
        assertTrue(pruned(on), what + ": " + on.prune());
        assertEquals(pairs(off), pairs(on), what);
        countsAddUp(on, what);
        assertEquals(r(off).pairsScored(), r(off).pairsFullDim(), "the plain scan scores every pair at full dimension");
        if (m == Metric.COSINE && mode == SearchOptions.Mode.MOST) {
          assertTrue(on.counts().pairsFullDim() < 0.01 * on.counts().pairsScored(), what + ": " + on.counts());
          List<String> stages = on.stages().stages().stream().map(s -> s.name).toList();
          assertTrue(stages.containsAll(List.of("prune", "bound", "verify")), stages.toString());
          assertTrue(on.counts().flops() < off.counts().flops() / 2, on.counts().flops() + " vs " + off.counts().flops());
          // the best pair against a double-precision brute force
          double best = Double.NEGATIVE_INFINITY;
          for (int i = 0; i < N; i++) {
            for (int j = i + 1; j < N; j++) {
              best = Math.max(best, Oracle.fp64Score("cosine", exact[i], exact[j]));
            }
          }
          assertEquals(best, on.best().score(), 1e-12);
        }
      }
    }
  }

  private static io.simpair.result.Counts r(PairsResult p) {
    return p.counts();
  }

  @Test
  void thresholdAndPerRowTablesAreTheSame() throws IOException {
    String in = clustered.toString();
    PairsConfig.Builder t = PairsConfig.builder().input(in).metric(Metric.COSINE).threshold(0.995);
    PairsResult off = run(t.prune(PruneMode.OFF), "t-off");
    PairsResult on = run(t.prune(PruneMode.AUTO), "t-on");
    assertTrue(pruned(on), on.prune().toString());
    assertTrue(off.threshold().count() > 50, "the threshold selects " + off.threshold().count() + " pairs");
    assertEquals(table(off.threshold().path()), table(on.threshold().path()));
    countsAddUp(on, "threshold");

    PairsConfig.Builder p = PairsConfig.builder().input(in).metric(Metric.DOT).perRowTop(3);
    PairsResult poff = run(p.prune(PruneMode.OFF), "p-off");
    PairsResult pon = run(p.prune(PruneMode.ON), "p-on");
    assertTrue(pruned(pon));
    assertEquals(table(poff.perRow().path()), table(pon.perRow().path()));
    countsAddUp(pon, "per-row");
  }

  @Test
  void twoInputsPruneToTheSameAnswer() throws IOException {
    Path b = tmp.resolve("b.npy");
    float[][] rb = new float[2500][];
    for (int i = 0; i < rb.length; i++) {
      rb[i] = rows[(i * 7) % N].clone();
      rb[i][i % D] += 0.01f * (i % 5);
    }
    Npy.writeF32(b, rb);
    PairsConfig.Builder c =
        PairsConfig.builder().input(clustered.toString()).inputB(new io.simpair.io.InputSpec(b.toString(), null, null, null, null)).metric(Metric.L2).topK(5);
    PairsResult off = run(c.prune(PruneMode.OFF), "bi-off");
    // the shuffle path: the executors read the sample's row runs from the files themselves
    PairsResult on = run(c.prune(PruneMode.AUTO).strategy(SearchOptions.Strategy.SHUFFLE), "bi-on");
    assertTrue(pruned(on), on.prune().toString());
    assertEquals(pairs(off), pairs(on));
    countsAddUp(on, "two inputs");
  }

  @Test
  void autoKeepsThePlainScanOnRandomAndZeroOneRowsAndSaysWhy() throws IOException {
    Random r = new Random(9);
    float[][] g = new float[N][D];
    float[][] z = new float[N][D];
    for (int i = 0; i < N; i++) {
      for (int k = 0; k < D; k++) {
        g[i][k] = (float) r.nextGaussian();
        z[i][k] = r.nextInt(4) == 0 ? 1 : 0;
      }
      z[i][i % D] = 1;
    }
    Path gp = tmp.resolve("gauss.npy");
    Path zp = tmp.resolve("zero-one.npy");
    Npy.writeF32(gp, g);
    Npy.writeF32(zp, z);
    PairsResult rg = run(PairsConfig.builder().input(gp.toString()), "gauss");
    assertFalse(pruned(rg), rg.prune().toString());
    assertTrue(((String) rg.prune().get("reason")).contains("the plain scan"), rg.prune().toString());
    assertEquals(rg.counts().pairsScored(), rg.counts().pairsFullDim());
    Map<String, Object> zj = run(PairsConfig.builder().input(zp.toString()), "zero-one").prune();
    assertFalse((Boolean) zj.get("pruned"));
    assertTrue(((String) zj.get("reason")).contains("popcount"), zj.toString());
    StageLog none = run(PairsConfig.builder().input(gp.toString()).prune(PruneMode.OFF), "gauss-off").stages();
    assertFalse(none.stages().stream().anyMatch(s -> s.name.equals("bound")));
  }
}
