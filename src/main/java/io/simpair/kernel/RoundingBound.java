package io.simpair.kernel;

/**
 * A proven bound on how far a kernel's fp32 score can lie from the exact score of the same
 * pair, so that a pair the fp32 scan ranks below another can still be recognised as a possible
 * exact winner.
 *
 * <p>Setting (see {@link Metric} and the job's row preparation). An input row {@code x} is
 * mapped to a kernel row {@code x~ = fl32(x^)} where {@code x^ = x / |x|} (cosine) or
 * {@code x^ = x * 2^-e} (dot, l2; a power of two, exact in reals), each element computed in
 * double and rounded once to fp32. For l2 each row also carries the bias {@code h~ =
 * fl32(-|x~|²/2)}. The kernel score of a pair is {@code s~ = fl32(x~_a · x~_b + h~_a + h~_b)}
 * and the exact score, in the same units, is the real number {@code s^ = x^_a · x^_b + h^_a +
 * h^_b} with {@code h^ = -|x^|²/2} (zero for cosine and dot), {@code x^} taken with the exact
 * norm: the bound is against the exact value that {@link ExactValue} computes, not against a
 * double-precision formula. Let {@code M} bound every {@code |x~|} and {@code
 * |x^|}, and {@code H} every {@code |h~|}, {@code u = 2^-24} and {@code gamma(n) = n u / (1 - n
 * u)}. Then {@code |s~ - s^| <= delta} with
 *
 * <pre>
 *   delta = gamma(d + 2) (M² + 2H)                  kernel arithmetic (SimilaritySupport contract:
 *                                                   |fl(sum) - sum| <= gamma(n) sum|terms|, any order)
 *         + 2 (u + 2^-52) M² + 2 d^½ 2^-149 M       rounding x^ to fp32: |x~ - x^| <= (u + 2^-52)|x^|
 *                                                   per element, plus the subnormal floor 2^-149
 *         + 2 (u H + 2.01 u M²)                     rounding of the two l2 biases (|x~|² vs |x^|²)
 *         + 4 gamma64(2d + 8) (M² + 2H)             the rows are divided by the norm computed in
 *                                                   double, |fl64(|x|) - |x|| <= gamma64(d+1)|x|, so
 *                                                   x~ is off by that factor too; and the keys the
 *                                                   reducers keep are the exact keys rounded to
 *                                                   double (half an ulp)
 * </pre>
 *
 * and the whole is multiplied by 1.0625 (covers the second-order terms dropped above). A pair
 * whose fp32 score is below {@code best32 - 2 delta} cannot be the exact winner: if {@code p*}
 * is the exact winner and {@code q} the fp32 winner then {@code s~(p*) >= s^(p*) - delta >=
 * s^(q) - delta >= s~(q) - 2 delta}.
 */
public final class RoundingBound {
  private static final double U32 = 0x1p-24;
  private static final double U64 = 0x1p-53;

  private RoundingBound() {}

  /** {@code gamma(n) = n u / (1 - n u)} for unit roundoff {@code u}. */
  static double gamma(double n, double u) {
    double nu = n * u;
    if (nu >= 0.5) {
      throw new IllegalArgumentException("dimension too large for a rounding bound: " + n);
    }
    return nu / (1 - nu);
  }

  /**
   * The bound {@code delta} above.
   *
   * @param dim the vector dimension d
   * @param maxNorm M, at least every kernel row's norm and every scaled input row's norm
   * @param maxAbsBias H, at least every |bias| (0 without biases)
   */
  public static double delta(int dim, double maxNorm, double maxAbsBias) {
    double m2 = maxNorm * maxNorm;
    double h = maxAbsBias;
    double kernel = gamma(dim + 2.0, U32) * (m2 + 2 * h);
    double input = 2 * (U32 + 0x1p-52) * m2 + 2 * Math.sqrt(dim) * 0x1p-149 * maxNorm;
    double bias = h > 0 ? 2 * (U32 * h + 2.01 * U32 * m2) : 0;
    double exact = 4 * gamma(2.0 * dim + 8, U64) * (m2 + 2 * h);
    return 1.0625 * (kernel + input + bias + exact);
  }
}
