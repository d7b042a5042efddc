package io.simpair.kernel;

import java.util.Arrays;

/**
 * Reference implementation of {@link SimilaritySupport}: plain loops, {@code s = sum_k a[k]*b[k]}
 * accumulated left to right, then {@code + p + q}. It is the oracle in tests and the fallback
 * when the Vector API is absent.
 *
 * <p>Rounding: each product is rounded once (d roundings) and each of the {@code d + 1} adds
 * once, so every term passes through at most {@code d + 2} roundings: the error is within the
 * {@code gamma(d + 2)} bound that {@link SimilaritySupport} promises (Higham, eq. 3.4).
 */
final class ScalarSimilaritySupport implements SimilaritySupport {

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public float dot(float[] a, int aOffset, float[] b, int bOffset, int dim) {
    TileChecks.checkRange("a", a, aOffset, dim);
    TileChecks.checkRange("b", b, bOffset, dim);
    return dotBody(a, aOffset, b, bOffset, dim);
  }

  @Override
  public TileScorer newTileScorer(int dim) {
    TileChecks.checkDim(dim);
    return new Scorer(dim);
  }

  private static float dotBody(float[] a, int aOffset, float[] b, int bOffset, int dim) {
    float s = 0f;
    for (int k = 0; k < dim; k++) {
      s += a[aOffset + k] * b[bOffset + k];
    }
    return s;
  }

  /** Per-pair triple loop; no packing, so no state beyond the dimension. */
  private static final class Scorer implements TileScorer {
    private final int dim;

    Scorer(int dim) {
      this.dim = dim;
    }

    @Override
    public int dim() {
      return dim;
    }

    @Override
    public void maxScores(
        float[] a,
        float[] aBias,
        int aRows,
        float[] b,
        float[] bBias,
        int bRows,
        boolean diagonal,
        float[] rowMax,
        float[] colMax) {
      TileChecks.checkTile(dim, a, aBias, aRows, b, bBias, bRows, diagonal, rowMax, colMax);
      Arrays.fill(rowMax, 0, aRows, Float.NEGATIVE_INFINITY);
      if (colMax != null) {
        Arrays.fill(colMax, 0, bRows, Float.NEGATIVE_INFINITY);
      }
      for (int i = 0; i < aRows; i++) {
        float p = aBias == null ? 0f : aBias[i];
        float best = Float.NEGATIVE_INFINITY;
        // On the diagonal only j > i is admissible: a row never pairs with itself.
        for (int j = diagonal ? i + 1 : 0; j < bRows; j++) {
          float q = bBias == null ? 0f : bBias[j];
          float s = dotBody(a, i * dim, b, j * dim, dim) + p + q;
          best = Math.max(best, s);
          if (colMax != null) {
            colMax[j] = Math.max(colMax[j], s);
          }
        }
        rowMax[i] = best;
      }
    }
  }
}
