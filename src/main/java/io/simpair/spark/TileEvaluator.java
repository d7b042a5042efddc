package io.simpair.spark;

import io.simpair.kernel.Metric;
import io.simpair.kernel.SimilaritySupport;
import io.simpair.kernel.TileScorer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores tiles with the fused fp32 kernel and feeds the exact reducers: the K best pairs (K = 1
 * for the best pair), every pair past a threshold, and each row's K best others.
 *
 * <p>The kernel returns each row's (and, for per-row search, each column's) fp32 maximum.
 * A row is re-scored only when its maximum can still matter to some reducer; within it, only
 * pairs whose fp32 score reaches the same floor are re-scored exactly in double, and the
 * reducers decide on the double-precision scores. The floors are proven lower bounds (see
 * {@link io.simpair.kernel.RoundingBound}: |fp32 − exact| ≤ δ in kernel units):
 *
 * <ul>
 *   <li>top-K, from the tile: the K-th largest row maximum r_K is at most the tile's K-th best
 *       fp32 score, so a pair of the tile's exact top K has fp32 ≥ r_K − 2δ;
 *   <li>top-K, from the heap: a pair that can still enter has exact ≥ the heap's worst exact
 *       key, so fp32 ≥ that − δ (the same for a per-row heap);
 *   <li>threshold T: fp32 ≥ T − δ.
 * </ul>
 *
 * Least-similar search negates the A side (rows and biases) and the B biases, so the kernel
 * always maximises. Pure Java (no Spark); one instance per task thread.
 */
final class TileEvaluator {
  /** What to compute besides the counts. */
  record Reducers(int topK, double thresholdKey, int maxKeep, int perRowK, boolean perRowColumns)
      implements java.io.Serializable {}

  private final SimilaritySupport support;
  private final TileScorer scorer;
  private final Metric metric;
  private final boolean least;
  private final double scale2;
  private final int dim;
  private final double delta;
  private final Reducers want;
  private float[] rowMax = new float[0];
  private float[] colMax = new float[0];
  private float[] sortScratch = new float[0];
  private int negBlock = -1;
  private float[] negRows;
  private float[] negBiasA;
  private float[] negBiasB;

  final PairHeap top;
  final List<PairCandidate> thresholdPairs = new ArrayList<>();
  long thresholdCount;
  final Map<Long, PairHeap> perRow = new HashMap<>();
  long tiles;
  long pairs;
  /** Rows and columns whose maximum came within a floor, re-scored in fp32. */
  long rowsRescored;
  /** Pairs re-scored in double. */
  long exactScored;

  /**
   * @param scale the 2^-e applied to dot and l2 kernel rows (1 for cosine)
   * @param delta the rounding bound in kernel units
   */
  TileEvaluator(
      SimilaritySupport support,
      Metric metric,
      boolean least,
      double scale,
      int dim,
      double delta,
      Reducers want) {
    this.support = support;
    this.scorer = support.newTileScorer(dim);
    this.metric = metric;
    this.least = least;
    this.scale2 = scale * scale;
    this.dim = dim;
    this.delta = delta;
    this.want = want;
    this.top = new PairHeap(Math.max(1, want.topK()));
  }

  /** The ranking key of an exact score: larger is better in the search's direction. */
  static double key(Metric metric, boolean least, double score) {
    boolean larger = metric.largerIsBetter() != least;
    return larger ? score : -score;
  }

  /** The kernel score that corresponds to an exact key (monotone increasing in the key). */
  double toKernel(double key) {
    if (key == Double.NEGATIVE_INFINITY) {
      return key;
    }
    switch (metric) {
      case COSINE:
        return key;
      case DOT:
        return key * scale2;
      case L2:
        // most: key = -dist, kernel = -dist²/2; least: key = dist, kernel = +dist²/2 (scaled)
        return (least ? 1 : -1) * key * key * scale2 / 2;
      default:
        throw new AssertionError(metric);
    }
  }

  /** Scores tile (a, b); {@code diagonal} means a and b are the same block (pairs i < j only). */
  void score(RowBlock a, RowBlock b, boolean diagonal) {
    int m = a.rows;
    int n = b.rows;
    if (rowMax.length < m) {
      rowMax = new float[m];
      sortScratch = new float[m];
    }
    boolean columns = want.perRowK() > 0 && want.perRowColumns();
    if (columns && colMax.length < n) {
      colMax = new float[n];
    }
    float[] ak = a.kernel;
    float[] ab = a.bias;
    float[] bb = b.bias;
    if (least) {
      negateA(a);
      ak = negRows;
      ab = negBiasA;
      bb = negBias(b);
    }
    scorer.maxScores(ak, ab, m, b.kernel, bb, n, diagonal, rowMax, columns ? colMax : null);
    tiles++;
    pairs += diagonal ? (long) m * (m - 1) / 2 : (long) m * n;

    double tileFloor = kthLargest(m, Math.max(1, want.topK())) - 2 * delta;
    double thresholdFloor =
        Double.isNaN(want.thresholdKey())
            ? Double.POSITIVE_INFINITY
            : toKernel(want.thresholdKey()) - delta;
    for (int i = 0; i < m; i++) {
      if (rowMax[i] == Float.NEGATIVE_INFINITY) {
        continue;
      }
      double topFloor = Math.max(tileFloor, toKernel(top.floorKey()) - delta);
      double f = Math.min(topFloor, thresholdFloor);
      if (want.perRowK() > 0) {
        f = Math.min(f, rowFloor(a.start + i));
      }
      if (rowMax[i] >= f) {
        rescoreRow(a, ak, ab, i, b, bb, diagonal ? i + 1 : 0, f);
      }
    }
    if (columns) {
      for (int j = 0; j < n; j++) {
        if (colMax[j] != Float.NEGATIVE_INFINITY) {
          double f = rowFloor(b.start + j);
          if (colMax[j] >= f) {
            rescoreColumn(a, ak, ab, b, bb, j, diagonal ? j : m, f);
          }
        }
      }
    }
  }

  /** The K-th largest finite row maximum, or -Infinity when fewer than K rows have one. */
  private double kthLargest(int m, int k) {
    if (k == 1) {
      float best = Float.NEGATIVE_INFINITY;
      for (int i = 0; i < m; i++) {
        best = Math.max(best, rowMax[i]);
      }
      return best;
    }
    if (k > m) {
      return Double.NEGATIVE_INFINITY;
    }
    System.arraycopy(rowMax, 0, sortScratch, 0, m);
    Arrays.sort(sortScratch, 0, m);
    return sortScratch[m - k];
  }

  private double rowFloor(long row) {
    PairHeap h = perRow.get(row);
    return h == null || !h.full() ? Double.NEGATIVE_INFINITY : toKernel(h.floorKey()) - delta;
  }

  private float fp32(float[] ak, float[] ab, int i, RowBlock b, float[] bb, int j) {
    // Another fp32 evaluation of the kernel's score; it obeys the same bound.
    float s = support.dot(ak, i * dim, b.kernel, j * dim, dim);
    if (bb != null) {
      s = s + ab[i] + bb[j];
    }
    return s;
  }

  private void rescoreRow(
      RowBlock a, float[] ak, float[] ab, int i, RowBlock b, float[] bb, int from, double floor) {
    rowsRescored++;
    long ga = a.start + i;
    for (int j = from; j < b.rows; j++) {
      if (fp32(ak, ab, i, b, bb, j) >= floor) {
        exactScored++;
        double score = a.exactScore(metric, i, b, j);
        double key = key(metric, least, score);
        long gb = b.start + j;
        top.offer(ga, gb, key, score);
        if (!Double.isNaN(want.thresholdKey()) && key >= want.thresholdKey()) {
          thresholdCount++;
          if (thresholdPairs.size() <= want.maxKeep()) {
            thresholdPairs.add(new PairCandidate(ga, gb, score, key));
          }
        }
        if (want.perRowK() > 0) {
          perRow.computeIfAbsent(ga, r -> new PairHeap(want.perRowK())).offer(ga, gb, key, score);
        }
      }
    }
  }

  /** Column j of the tile, for the per-row heap of B's row j (rows i < to). */
  private void rescoreColumn(
      RowBlock a, float[] ak, float[] ab, RowBlock b, float[] bb, int j, int to, double floor) {
    rowsRescored++;
    long gb = b.start + j;
    for (int i = 0; i < to; i++) {
      if (fp32(ak, ab, i, b, bb, j) >= floor) {
        exactScored++;
        double score = a.exactScore(metric, i, b, j);
        double key = key(metric, least, score);
        perRow.computeIfAbsent(gb, r -> new PairHeap(want.perRowK())).offer(gb, a.start + i, key, score);
      }
    }
  }

  private void negateA(RowBlock a) {
    int id = a.side * (1 << 30) + a.block;
    if (negBlock == id) {
      return;
    }
    negBlock = id;
    if (negRows == null || negRows.length < a.kernel.length) {
      negRows = new float[a.kernel.length];
    }
    for (int k = 0; k < a.rows * dim; k++) {
      negRows[k] = -a.kernel[k];
    }
    negBiasA = a.bias == null ? null : negate(a.bias, a.rows, negBiasA);
  }

  private float[] negBias(RowBlock b) {
    if (b.bias == null) {
      return null;
    }
    negBiasB = negate(b.bias, b.rows, negBiasB);
    return negBiasB;
  }

  private static float[] negate(float[] x, int n, float[] into) {
    float[] out = into == null || into.length < n ? new float[n] : into;
    for (int i = 0; i < n; i++) {
      out[i] = -x[i];
    }
    return out;
  }
}
