package io.simpair.kernel;

import java.util.Arrays;

/** The reference {@link StripScorer}: strips of 8 rows over all columns, one {@link SimilaritySupport#dot} per pair. */
final class PlainStripScorer implements StripScorer {
  private static final int ROWS = 8;
  private final SimilaritySupport support;
  private final int dim;
  private float[] strip = new float[0];

  PlainStripScorer(SimilaritySupport support, int dim) {
    this.support = support;
    this.dim = dim;
  }

  @Override
  public void scoreStrips(float[] a, float[] aBias, int aRows, float[] b, float[] bBias, int bRows, boolean diagonal, Sink sink) {
    if (strip.length < ROWS * bRows) {
      strip = new float[ROWS * bRows];
    }
    for (int i0 = 0; i0 < aRows; i0 += ROWS) {
      int rows = Math.min(ROWS, aRows - i0);
      for (int r = 0; r < rows; r++) {
        int i = i0 + r;
        int from = diagonal ? i + 1 : 0;
        Arrays.fill(strip, r * bRows, r * bRows + from, Float.NEGATIVE_INFINITY);
        for (int j = from; j < bRows; j++) {
          float s = support.dot(a, i * dim, b, j * dim, dim);
          if (bBias != null) {
            s = s + aBias[i] + bBias[j];
          }
          strip[r * bRows + j] = s;
        }
      }
      sink.strip(strip, bRows, i0, rows, 0, bRows);
    }
  }

  @Override
  public int paddedColumns(int bRows) {
    return bRows;
  }
}
