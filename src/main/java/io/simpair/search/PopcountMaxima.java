package io.simpair.search;

import io.simpair.kernel.BinaryTileScorer;

/**
 * Row and column maxima of 0/1 rows from the exact popcount kernel (cosine or dot): a row's
 * best count c gives its kernel score {@code c * u_i * u_j} (u = the kernel value of a row's
 * non-zero entries), computed in double and rounded once, so it is within the fp32 kernel's
 * bound of the exact score. Least-similar search takes each row's exact minimum and negates it.
 * Column maxima come from a second pass with the roles swapped; on a diagonal tile, where
 * column j needs rows i < j, that pass runs over the block's rows in reverse order, so that the
 * earlier rows are the later ones the kernel scans.
 */
final class PopcountMaxima extends TileMaxima {
  private final BinaryTileScorer binary;
  private final boolean least;
  private int[] rowArg = new int[0];
  private int[] rowCount = new int[0];
  private long[] reversed = new long[0];

  PopcountMaxima(BinaryTileScorer binary, boolean least, int dim) {
    super(least, dim);
    this.binary = binary;
    this.least = least;
  }

  @Override
  void maxima(RowBlock a, RowBlock b, boolean diagonal, boolean columns) {
    int m = a.rows;
    int n = b.rows;
    int most = Math.max(m, n);
    if (rowArg.length < most) {
      rowArg = new int[most];
      rowCount = new int[most];
    }
    long[] aBits = a.bits();
    long[] bBits = b.bits();
    float[] ua = a.unit();
    float[] ub = b.unit();
    // most similar: maxima of S; least similar: maxima of -S = -(minima of S)
    double sign = least ? -1 : 1;
    extremes(aBits, m, bBits, n, diagonal);
    for (int i = 0; i < m; i++) {
      int j = rowArg[i];
      rowMax[i] = j < 0 ? Float.NEGATIVE_INFINITY : (float) (sign * rowCount[i] * ua[i] * ub[j]);
    }
    if (!columns) {
      return;
    }
    if (!diagonal) {
      extremes(bBits, n, aBits, m, false);
      for (int j = 0; j < n; j++) {
        int i = rowArg[j];
        colMax[j] = i < 0 ? Float.NEGATIVE_INFINITY : (float) (sign * rowCount[j] * ub[j] * ua[i]);
      }
      return;
    }
    int words = binary.words();
    if (reversed.length < n * words) {
      reversed = new long[n * words];
    }
    for (int r = 0; r < n; r++) {
      System.arraycopy(bBits, (n - 1 - r) * words, reversed, r * words, words);
    }
    extremes(reversed, n, reversed, n, true);
    for (int r = 0; r < n; r++) {
      int j = n - 1 - r;
      int i = rowArg[r] < 0 ? -1 : n - 1 - rowArg[r];
      colMax[j] = i < 0 ? Float.NEGATIVE_INFINITY : (float) (sign * rowCount[r] * ub[j] * ua[i]);
    }
  }

  /** The popcount kernel's row maxima, or row minima for least-similar search, into rowArg/rowCount. */
  private void extremes(long[] x, int xRows, long[] y, int yRows, boolean diagonal) {
    if (least) {
      binary.minScores(x, xRows, y, yRows, diagonal, rowArg, rowCount);
    } else {
      binary.maxScores(x, xRows, y, yRows, diagonal, rowArg, rowCount);
    }
  }
}
