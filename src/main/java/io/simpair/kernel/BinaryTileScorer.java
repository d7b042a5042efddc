package io.simpair.kernel;

/**
 * Fused tile kernel for 0/1 vectors: {@code C = popcount(A AND Bᵀ)} reduced to per-row argmaxima
 * of a {@link BinaryScore}, exactly, without storing C.
 *
 * <p>Rows are packed into {@code long} words, {@code words = ceil(bits / 64)} per row,
 * row-major: bit {@code k} of row {@code i} is bit {@code k % 64} of {@code x[i * words + k /
 * 64]}. The bits of the last word beyond {@code bits} must be zero.
 *
 * <p>Instances hold scratch buffers and are not thread-safe: one per task thread. Get them
 * from {@link BinaryScorerProvider}.
 */
public interface BinaryTileScorer {

  /** The vector length in bits this scorer was created for. */
  int bits();

  /** Words per row: {@code ceil(bits / 64)}. */
  default int words() {
    return (bits() + 63) >>> 6;
  }

  /** The score whose row maxima {@link #maxScores} reports. */
  BinaryScore score();

  /** A short name for logs, e.g. {@code "vectorized-binary(512-bit, BIT_COUNT)"}. */
  String name();

  /**
   * For the tile of rows {@code A[0..aRows)} against {@code B[0..bRows)} computes
   *
   * <pre>
   *   c(i, j)     = popcount(A_i AND B_j)                  (exact integer)
   *   rowArg[i]   = argmax over admissible j of score(c(i, j), |A_i|, |B_j|), smallest j on ties
   *   rowCount[i] = c(i, rowArg[i])
   * </pre>
   *
   * where (i, j) is admissible when {@code diagonal} is false, and when {@code diagonal} is true
   * ({@code aRows == bRows}; A and B hold the same rows) only when {@code j > i}. A row with no
   * admissible pair gets {@code rowArg[i] = rowCount[i] = -1}. The caller recomputes the score
   * from the count and the two popcounts ({@link BinaryScore#value}, {@link
   * BinaryScore#compare}); no rounded value ever decides a maximum.
   *
   * @param a row-major {@code aRows x words} packed rows. Not modified.
   * @param b row-major {@code bRows x words} packed rows. Not modified.
   * @param rowArg output of length at least {@code aRows}. Modified.
   * @param rowCount output of length at least {@code aRows}. Modified.
   * @throws IllegalArgumentException if an array is too short, a row has bits set beyond
   *     {@code bits}, or {@code diagonal} is set and the row counts differ
   */
  void maxScores(
      long[] a, int aRows, long[] b, int bRows, boolean diagonal, int[] rowArg, int[] rowCount);

  /**
   * As {@link #maxScores} with the argmin: {@code rowArg[i]} = the admissible j of the smallest
   * score, smallest j on ties (the least similar partner of each row).
   */
  void minScores(
      long[] a, int aRows, long[] b, int bRows, boolean diagonal, int[] rowArg, int[] rowCount);
}
