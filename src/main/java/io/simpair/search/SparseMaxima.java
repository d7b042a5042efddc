package io.simpair.search;

import java.util.Arrays;

/**
 * Row and column maxima from the kernel rows' non-zeros (any metric): row i's non-zeros are
 * multiplied into the rows of B that are non-zero at the same positions (B's inverted index),
 * accumulated in double, and each score (plus the l2 biases) is rounded to fp32 once, so it
 * lies within the fp32 kernel's bound of the exact score (the double sum's error is far below
 * it). The work per tile is the products of shared non-zeros plus one pass over the tile's
 * pairs, against {@code dim} multiply-adds a pair for the dense kernel: the planner takes it for
 * inputs that are mostly zeros (tf-idf and hashed term vectors).
 *
 * <p>Least-similar search negates A's rows (so the accumulated scores) and both biases, as
 * {@link Negation} does for the dense kernel. On a diagonal tile only pairs i < j are admissible:
 * each position's cursor skips B rows up to i, which the rows ascending in the index allow.
 */
final class SparseMaxima extends TileMaxima {
  private final boolean least;
  private double[] acc = new double[0];
  private int[] cursor = new int[0];

  SparseMaxima(boolean least, int dim) {
    super(least, dim);
    this.least = least;
  }

  @Override
  void maxima(RowBlock a, RowBlock b, boolean diagonal, boolean columns) {
    int m = a.rows;
    int n = b.rows;
    SparseRows sa = a.sparse();
    SparseRows sb = b.sparse();
    float[] ba = biasA();
    float[] bb = biasB();
    double sign = least ? -1 : 1;
    if (acc.length < n) {
      acc = new double[n];
    }
    if (diagonal) {
      if (cursor.length < sb.posStart.length - 1) {
        cursor = new int[sb.posStart.length - 1];
      }
      System.arraycopy(sb.posStart, 0, cursor, 0, sb.posStart.length - 1);
    }
    if (columns) {
      Arrays.fill(colMax, 0, n, Float.NEGATIVE_INFINITY);
    }
    for (int i = 0; i < m; i++) {
      int from = diagonal ? i + 1 : 0;
      for (int q = sa.rowStart[i]; q < sa.rowStart[i + 1]; q++) {
        int e = sa.rowPos[q];
        double w = sign * sa.rowVal[q];
        int p = sb.posStart[e];
        if (diagonal) {
          p = cursor[e];
          while (p < sb.posStart[e + 1] && sb.posRow[p] <= i) {
            p++;
          }
          cursor[e] = p;
        }
        for (int end = sb.posStart[e + 1]; p < end; p++) {
          acc[sb.posRow[p]] += w * sb.posVal[p];
        }
      }
      double best = Double.NEGATIVE_INFINITY;
      double bi = ba == null ? 0 : ba[i];
      for (int j = from; j < n; j++) {
        double s = acc[j] + (bb == null ? 0 : bi + bb[j]);
        acc[j] = 0;
        float f = (float) s;
        if (f > best) {
          best = f;
        }
        if (columns && f > colMax[j]) {
          colMax[j] = f;
        }
      }
      rowMax[i] = (float) best;
    }
  }
}
