package io.simpair.spark;

import io.simpair.kernel.Metric;
import io.simpair.kernel.SimilaritySupport;
import io.simpair.kernel.TileScorer;

/**
 * Scores tiles and keeps the exact best pair: the fp32 kernel finds each row's maximum, and only
 * the pairs whose fp32 score lies within {@code 2 delta} of the tile's best (see {@link
 * io.simpair.kernel.RoundingBound}) are re-scored exactly in double. The pair with the best
 * double-precision score over every tile is therefore the exact winner, whatever the block size
 * or the kernel's summation order.
 *
 * <p>Pure Java (no Spark); one instance per task thread.
 */
final class TileEvaluator {
  private final SimilaritySupport support;
  private final TileScorer scorer;
  private final Metric metric;
  private final int dim;
  private final double tolerance;
  private float[] rowMax = new float[0];

  final PairCandidate best = new PairCandidate();
  long tiles;
  long pairs;
  /** Rows whose maximum came within the tolerance, re-scored in fp32. */
  long rowsRescored;
  /** Pairs re-scored in double. */
  long exactScored;

  /**
   * @param tolerance {@code 2 delta}: a pair whose fp32 score is below the tile's best minus
   *     this cannot be the exact winner
   */
  TileEvaluator(SimilaritySupport support, Metric metric, int dim, double tolerance) {
    this.support = support;
    this.scorer = support.newTileScorer(dim);
    this.metric = metric;
    this.dim = dim;
    this.tolerance = tolerance;
  }

  /** Scores tile (a, b); {@code a == b} means a diagonal tile (pairs i < j only). */
  void score(RowBlock a, RowBlock b) {
    boolean diagonal = a == b;
    int m = a.rows;
    int n = b.rows;
    if (rowMax.length < m) {
      rowMax = new float[m];
    }
    scorer.maxScores(a.kernel, a.bias, m, b.kernel, b.bias, n, diagonal, rowMax, null);
    tiles++;
    pairs += diagonal ? (long) m * (m - 1) / 2 : (long) m * n;
    float tileBest = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < m; i++) {
      tileBest = Math.max(tileBest, rowMax[i]);
    }
    if (tileBest == Float.NEGATIVE_INFINITY) {
      return; // a 1-row diagonal tile: no pair
    }
    double floor = (double) tileBest - tolerance;
    for (int i = 0; i < m; i++) {
      if (rowMax[i] >= floor) {
        rescoreRow(a, i, b, diagonal ? i + 1 : 0, floor);
      }
    }
  }

  private void rescoreRow(RowBlock a, int i, RowBlock b, int from, double floor) {
    rowsRescored++;
    float bi = a.bias == null ? 0f : a.bias[i];
    for (int j = from; j < b.rows; j++) {
      // Another fp32 evaluation of the same score; it obeys the same bound, so the exact
      // winner still passes the floor (see RoundingBound).
      float s = support.dot(a.kernel, i * dim, b.kernel, j * dim, dim);
      if (b.bias != null) {
        s = s + bi + b.bias[j];
      }
      if (s >= floor) {
        exactScored++;
        double score = a.exactScore(metric, i, b, j);
        double key = metric.largerIsBetter() ? score : -score;
        long ga = a.start + i;
        long gb = b.start + j;
        if (PairCandidate.better(key, ga, gb, best)) {
          best.a = ga;
          best.b = gb;
          best.score = score;
          best.key = key;
        }
      }
    }
  }
}
