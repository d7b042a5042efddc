package io.simpair.kernel;

/**
 * Fused tile kernel: the maxima of {@code S = A · Bᵀ + p·1ᵀ + 1·qᵀ} without storing S.
 *
 * <p>Instances hold scratch buffers (packed panels) and are not thread-safe.
 */
public interface TileScorer {

  /** The dimension this scorer was created for. */
  int dim();

  /**
   * Computes, for the tile of rows {@code A[0..aRows)} against rows {@code B[0..bRows)},
   *
   * <pre>
   *   s(i, j)   = dot(A_i, B_j) + aBias[i] + bBias[j]        (fp32, see SimilaritySupport)
   *   rowMax[i] = max over admissible j of s(i, j)
   *   colMax[j] = max over admissible i of s(i, j)            (only when colMax != null)
   * </pre>
   *
   * where (i, j) is admissible when {@code diagonal} is false, and when {@code diagonal} is
   * true (A and B hold the same rows, possibly transformed differently, e.g. negated for a
   * least-similar search; {@code aRows == bRows}) only when {@code j > i}. A maximum over no
   * admissible pair is {@code -Infinity}.
   *
   * @param a row-major {@code aRows x dim} matrix starting at index 0. Not modified.
   * @param aBias per-row bias of A, or null for zeros. Not modified.
   * @param b row-major {@code bRows x dim} matrix starting at index 0. Not modified.
   * @param bBias per-row bias of B, or null for zeros. Not modified.
   * @param rowMax output of length at least {@code aRows}. Modified.
   * @param colMax output of length at least {@code bRows}, or null when not wanted. Modified.
   * @throws IllegalArgumentException if an array is too short, or {@code diagonal} is set and
   *     the row counts differ
   */
  void maxScores(
      float[] a,
      float[] aBias,
      int aRows,
      float[] b,
      float[] bBias,
      int bRows,
      boolean diagonal,
      float[] rowMax,
      float[] colMax);
}
