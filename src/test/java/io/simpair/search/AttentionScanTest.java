package io.simpair.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simpair.kernel.Metric;
import io.simpair.kernel.SimilarityProvider;
import io.simpair.kernel.SimilaritySupport;
import io.simpair.plan.ClusterFacts;
import io.simpair.plan.InputFacts;
import io.simpair.plan.Planner;
import io.simpair.plan.SearchOptions;
import io.simpair.plan.SearchPlan;
import io.simpair.plan.TileGrid;
import io.simpair.testutil.Oracle;
import io.simpair.testutil.RandomData;
import io.simpair.testutil.SoftmaxOracle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The attention pass of the tile scan against a double-precision softmax oracle: every row's
 * maximum, argmax, log-sum-exp and output, for several n, d, beta, metrics, both directions,
 * mono- and bichromatic, on the vectorised and the plain kernels, with tiles split into tasks
 * and merged in shuffled orders.
 */
class AttentionScanTest {
  private static final ClusterFacts CLUSTER = new ClusterFacts(4, 1L << 30);
  private static final double[] BETAS = {1e-6, 0.5, 3, 40, 1e6};
  private static final SimilaritySupport[] SUPPORTS = {SimilarityProvider.get(), SimilarityProvider.scalar()};

  @Test
  void matchesTheOracle() {
    int[][] shapes = {{23, 5, 7}, {40, 17, 16}, {70, 64, 32}, {9, 3, 64}};
    long seed = 1;
    for (int[] sh : shapes) {
      for (Metric metric : new Metric[] {Metric.COSINE, Metric.DOT}) {
        for (boolean least : new boolean[] {false, true}) {
          for (boolean bi : new boolean[] {false, true}) {
            float[][] x = RandomData.gaussian(seed++, sh[0], sh[1]);
            float[][] y = bi ? RandomData.gaussian(seed++, sh[0] / 2 + 3, sh[1]) : null;
            for (AttentionValues v : AttentionValues.values()) {
              for (SimilaritySupport s : SUPPORTS) {
                String what = metric + (least ? " least" : "") + (bi ? " bi" : "") + " n=" + sh[0] + " d=" + sh[1]
                    + " block=" + sh[2] + " " + v + " " + s.name();
                check(what, x, y, metric, least, sh[2], v, s, new Random(seed));
              }
            }
          }
        }
      }
    }
  }

  @Test
  void allRowsTied() {
    float[][] x = new float[37][6];
    for (float[] r : x) {
      java.util.Arrays.fill(r, 0.25f);
    }
    for (SimilaritySupport s : SUPPORTS) {
      Map<Long, AttentionStats> st = scan(x, null, Metric.COSINE, false, 8, AttentionValues.NORM1, s, new Random(3));
      for (int i = 0; i < x.length; i++) {
        AttentionStats b = blockOf(st, i);
        int r = (int) (i - b.start);
        assertEquals(i == 0 ? 1 : 0, b.arg[r], "the lowest other index wins a tie, row " + i);
        for (int k = 0; k < BETAS.length; k++) {
          assertEquals(x.length - 1, b.l[k * b.n + r], 1e-9 * x.length, "every weight equal, row " + i);
          assertEquals(1.5, b.o[k * b.n + r] / b.l[k * b.n + r], 1e-9, "the mean of equal values, row " + i);
        }
      }
    }
  }

  @Test
  void rowWhoseScoresAllUnderflow() {
    // row 0 points away from all others: every e^(beta s) of it is below Double.MIN_VALUE at beta 1e3
    float[][] x = RandomData.gaussian(7, 30, 8);
    for (int i = 1; i < x.length; i++) {
      x[i][0] = Math.abs(x[i][0]) + 20;
    }
    java.util.Arrays.fill(x[0], 0f);
    x[0][0] = -1;
    double[] betas = {1e3, 1e6};
    assertEquals(0.0, Math.exp(betas[0] * -0.9), "the naive sum underflows");
    for (SimilaritySupport s : SUPPORTS) {
      Map<Long, AttentionStats> st = scanAt(x, null, Metric.COSINE, false, 8, AttentionValues.ONES, s, new Random(5), betas);
      Map<Long, SoftmaxOracle.Row> want = SoftmaxOracle.of(x, null, Metric.COSINE, false, false, betas);
      compare("underflow " + s.name(), st, want, betas, 1e-5);
      AttentionStats b = blockOf(st, 0);
      assertTrue(b.max[0] < -0.9 && Double.isFinite(b.l[0]) && b.l[0] >= 1, "row 0 keeps a finite sum >= 1");
    }
  }

  private static void check(
      String what, float[][] x, float[][] y, Metric metric, boolean least, int block, AttentionValues v,
      SimilaritySupport s, Random rnd) {
    double tol = metric == Metric.COSINE ? 2e-6 : 2e-5 * x[0].length;
    if (v == AttentionValues.COLUMN) {
      // positive values keep the relative output tolerance meaningful; signs are covered by the Spark tests
      double[] keyValues = new Random(rnd.nextLong()).doubles((y == null ? x : y).length, 0.5, 2.5).toArray();
      Map<Long, AttentionStats> got = scanAt(x, y, metric, least, block, v, s, rnd, BETAS, keyValues);
      compare(what, got, SoftmaxOracle.of(x, y, metric, least, keyValues, BETAS), BETAS, tol);
      return;
    }
    Map<Long, AttentionStats> got = scanAt(x, y, metric, least, block, v, s, rnd, BETAS);
    compare(what, got, SoftmaxOracle.of(x, y, metric, least, v == AttentionValues.NORM1, BETAS), BETAS, tol);
  }

  /** The statistics against the oracle: scores within {@code tol}; outputs where fp32 noise cannot move the weights. */
  private static void compare(String what, Map<Long, AttentionStats> got, Map<Long, SoftmaxOracle.Row> want, double[] betas, double tol) {
    assertEquals(want.size(), got.values().stream().mapToInt(b -> b.n).sum(), what + ": rows");
    for (Map.Entry<Long, SoftmaxOracle.Row> e : want.entrySet()) {
      long i = e.getKey();
      SoftmaxOracle.Row w = e.getValue();
      AttentionStats b = blockOf(got, i);
      int r = (int) (i - b.start);
      double scale = kernelPerScore(b, betas);
      double max = b.max[r] / scale;
      assertEquals(w.max(), max, tol, what + ": max of row " + i);
      assertEquals(w.arg(), b.arg[r], what + ": argmax of row " + i);
      for (int k = 0; k < betas.length; k++) {
        double l = b.l[k * b.n + r];
        double o = b.o[k * b.n + r];
        assertTrue(l >= 1 && Double.isFinite(l) && Double.isFinite(o), what + ": finite sums, row " + i + " beta " + betas[k]);
        double lse = max + Math.log(l) / betas[k];
        assertEquals(w.lse()[k], lse, tol + 1e-12 * Math.abs(w.lse()[k]), what + ": lse of row " + i + " beta " + betas[k]);
        if (betas[k] * tol < 1e-3) {
          assertEquals(w.output()[k], o / l, 1e-2 * Math.abs(w.output()[k]) + 1e-9, what + ": output of row " + i + " beta " + betas[k]);
        }
      }
    }
  }

  private static double kernelPerScore(AttentionStats b, double[] betas) {
    return betas[0] / b.coef[0];
  }

  static AttentionStats blockOf(Map<Long, AttentionStats> st, long row) {
    for (AttentionStats b : st.values()) {
      if (row >= b.start && row < b.start + b.n) {
        return b;
      }
    }
    throw new AssertionError("no statistics for row " + row);
  }

  private static Map<Long, AttentionStats> scan(
      float[][] x, float[][] y, Metric metric, boolean least, int block, AttentionValues v, SimilaritySupport s, Random rnd) {
    return scanAt(x, y, metric, least, block, v, s, rnd, BETAS);
  }

  /** Scans every tile, split into three tasks in a shuffled order, and merges the tasks in a shuffled order. */
  static Map<Long, AttentionStats> scanAt(
      float[][] x, float[][] y, Metric metric, boolean least, int block, AttentionValues v, SimilaritySupport s,
      Random rnd, double[] betas) {
    return scanAt(x, y, metric, least, block, v, s, rnd, betas, null);
  }

  /** As above, with {@code keyValues[j]} the value column of key row j (of y, or of x when y is null), or null. */
  static Map<Long, AttentionStats> scanAt(
      float[][] x, float[][] y, Metric metric, boolean least, int block, AttentionValues v, SimilaritySupport s,
      Random rnd, double[] betas, double[] keyValues) {
    SearchOptions o = new SearchOptions(metric, least ? SearchOptions.Mode.LEAST : SearchOptions.Mode.MOST, 0, Double.NaN,
        SearchOptions.DEFAULT_MAX_PAIRS, 0, block, SearchOptions.Strategy.BROADCAST, 0, 0, SearchOptions.Kernel.FLOAT);
    SearchPlan plan = Planner.plan(o, facts(x), y == null ? null : facts(y), CLUSTER);
    ScanSpec base = plan.scan();
    List<TileReducer.Spec> specs = new ArrayList<>(base.reducers());
    specs.add(new AttentionReducer.Spec(betas, v, y == null));
    ScanSpec spec = new ScanSpec(base.metric(), least, base.scale(), base.dim(), base.delta(), false, y != null, specs);
    TileGrid g = plan.grid();
    RowBlock[] ba = blocks(g, 0, x, g.blocksA(), spec, y == null ? keyValues : null);
    RowBlock[] bb = y == null ? ba : blocks(g, 1, y, g.blocksB(), spec, keyValues);
    List<int[]> tiles = new ArrayList<>(g.tiles());
    Collections.shuffle(tiles, rnd);
    List<AttentionReducer> parts = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      List<TileReducer<?>> reducers = spec.newReducers();
      TileScan scan = new TileScan(s, null, metric, least, spec.units(), spec.dim(), reducers);
      for (int k = t; k < tiles.size(); k += 3) {
        int[] tile = tiles.get(k);
        scan.score(ba[tile[0]], bb[tile[1]], y == null && tile[0] == tile[1]);
      }
      parts.add((AttentionReducer) reducers.get(reducers.size() - 1));
    }
    Collections.shuffle(parts, rnd);
    AttentionReducer all = parts.get(0);
    for (int k = 1; k < parts.size(); k++) {
      all = parts.get(k).merge(all);
    }
    return all.stats();
  }

  static RowBlock[] blocks(TileGrid g, int side, float[][] x, int count, ScanSpec spec) {
    return blocks(g, side, x, count, spec, null);
  }

  static RowBlock[] blocks(TileGrid g, int side, float[][] x, int count, ScanSpec spec, double[] values) {
    RowBlock[] out = new RowBlock[count];
    for (int k = 0; k < count; k++) {
      int start = (int) g.blockStart(k);
      int rows = side == 0 ? g.blockSizeA(k) : g.blockSizeB(k);
      RowBlock blk = RowBlock.allocate(side, k, start, rows, spec.dim(), spec.metric(), spec.scale(), true);
      for (int i = 0; i < rows; i++) {
        blk.setRow(i, x[start + i], null);
      }
      if (values != null) {
        blk.values = java.util.Arrays.copyOfRange(values, start, start + rows);
      }
      out[k] = blk;
    }
    return out;
  }

  static InputFacts facts(float[][] x) {
    double maxNorm = 0;
    for (float[] r : x) {
      double s = 0;
      for (float z : r) {
        s += (double) z * z;
      }
      maxNorm = Math.max(maxNorm, Math.sqrt(s));
    }
    return new InputFacts(x.length, x[0].length, maxNorm, true, "not 0/1");
  }
}
