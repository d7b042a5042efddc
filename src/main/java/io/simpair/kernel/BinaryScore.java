package io.simpair.kernel;

/**
 * Scores of 0/1 vectors from integer counts, compared exactly.
 *
 * <p>For rows {@code a}, {@code b} with {@code c = popcount(a AND b)} and {@code |x| =
 * popcount(x)}:
 *
 * <ul>
 *   <li>{@code INNER_PRODUCT}: score {@code c}.
 *   <li>{@code COSINE}: score {@code c / sqrt(|a| |b|)}, defined as 0 when {@code a} or {@code
 *       b} is all zeros (then {@code c = 0} too).
 * </ul>
 *
 * No score is ever rounded. Within one row {@code a} of a tile, {@code |a|} is fixed, so the
 * cosine order over columns is the order of the rational {@code c² / max(|b|, 1)}; two such
 * rationals are compared by cross-multiplying in {@code long} ({@code c² · den <= bits³ < 2^63}
 * because {@link #MAX_BITS} {@code < 2^21}). Across rows use {@link #compare}, which
 * cross-multiplies in 128 bits.
 */
public enum BinaryScore {
  INNER_PRODUCT,
  COSINE;

  /** Largest supported vector length: keeps {@code bits³} below {@code 2^63}. */
  public static final int MAX_BITS = (1 << 21) - 1;

  /** The score as a double, for display only: rankings use {@link #compare}. */
  public double value(int c, int normA, int normB) {
    if (this == INNER_PRODUCT) {
      return c;
    }
    return c == 0 ? 0.0 : c / Math.sqrt((double) normA * normB);
  }

  /**
   * Compares the scores of two pairs exactly: negative, zero or positive as pair 1 scores
   * below, equal to or above pair 2. Counts and norms are popcounts, so non-negative.
   */
  public int compare(int c1, int normA1, int normB1, int c2, int normA2, int normB2) {
    if (this == INNER_PRODUCT) {
      return Integer.compare(c1, c2);
    }
    // c1 / sqrt(n1) vs c2 / sqrt(n2) with n = |a| |b|  <=>  c1² n2 vs c2² n1 (all >= 0).
    // Zero vectors have c = 0 and score 0; max(n, 1) keeps that without a special case.
    long n1 = Math.max((long) normA1 * normB1, 1L);
    long n2 = Math.max((long) normA2 * normB2, 1L);
    return compare128((long) c1 * c1, n2, (long) c2 * c2, n1);
  }

  /** Compares {@code x1 * y1} with {@code x2 * y2} for non-negative longs, in 128 bits. */
  static int compare128(long x1, long y1, long x2, long y2) {
    long hi1 = Math.multiplyHigh(x1, y1);
    long hi2 = Math.multiplyHigh(x2, y2);
    if (hi1 != hi2) {
      return Long.compare(hi1, hi2);
    }
    return Long.compareUnsigned(x1 * y1, x2 * y2);
  }
}
