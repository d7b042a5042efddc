package io.simpair.kernel;

/**
 * Double-precision scores of one pair, computed from the original input values: the
 * definition of the exact answer. Sums run sequentially over k = 0..d-1 in double; the brute
 * force oracle in the tests uses the same formulas.
 *
 * <ul>
 *   <li>cosine: {@code dot(a,b) / (norm(a) * norm(b))}, {@code norm(x) = sqrt(sum x_k²)}
 *   <li>dot: {@code dot(a,b)}
 *   <li>l2: {@code sqrt(sum (a_k - b_k)²)}
 * </ul>
 *
 * Rows are given as (array, offset) into row-major blocks stored as either float[] (inputs that
 * were fp32, kept exactly) or double[].
 */
public final class ExactScore {
  private ExactScore() {}

  /** {@code sum_k a[ao+k] * b[bo+k]} in double, sequentially. Not modified. */
  public static double dot(float[] a, int ao, float[] b, int bo, int d) {
    double s = 0;
    for (int k = 0; k < d; k++) {
      s += (double) a[ao + k] * (double) b[bo + k];
    }
    return s;
  }

  /** {@code sum_k a[ao+k] * b[bo+k]} in double, sequentially. Not modified. */
  public static double dot(double[] a, int ao, double[] b, int bo, int d) {
    double s = 0;
    for (int k = 0; k < d; k++) {
      s += a[ao + k] * b[bo + k];
    }
    return s;
  }

  /** {@code sqrt(sum_k (a_k - b_k)²)} in double, sequentially. Not modified. */
  public static double l2(float[] a, int ao, float[] b, int bo, int d) {
    double s = 0;
    for (int k = 0; k < d; k++) {
      double t = (double) a[ao + k] - (double) b[bo + k];
      s += t * t;
    }
    return Math.sqrt(s);
  }

  /** {@code sqrt(sum_k (a_k - b_k)²)} in double, sequentially. Not modified. */
  public static double l2(double[] a, int ao, double[] b, int bo, int d) {
    double s = 0;
    for (int k = 0; k < d; k++) {
      double t = a[ao + k] - b[bo + k];
      s += t * t;
    }
    return Math.sqrt(s);
  }

  /** {@code sum_k |a[ao+k] * b[bo+k]|} in double, sequentially. Not modified. */
  public static double absDot(float[] a, int ao, float[] b, int bo, int d) {
    double s = 0;
    for (int k = 0; k < d; k++) {
      s += Math.abs((double) a[ao + k] * (double) b[bo + k]);
    }
    return s;
  }

  /** {@code sum_k |a[ao+k] * b[bo+k]|} in double, sequentially. Not modified. */
  public static double absDot(double[] a, int ao, double[] b, int bo, int d) {
    double s = 0;
    for (int k = 0; k < d; k++) {
      s += Math.abs(a[ao + k] * b[bo + k]);
    }
    return s;
  }

  /**
   * A bound on |{@link #score} - the exact real score| for dimension d: a sequential sum's
   * error is at most gamma(d) sum|terms| (Higham), gamma(d) ~ d 2^-53, plus 2^-1074 per operation
   * for underflow; for cosine sum|a_k b_k| <= |a||b| and the fp64 norms add (d/2 + 1) 2^-53 each;
   * l2's sum of squares is of positive terms, so its error is relative. Twice that, to spare.
   *
   * @param absDot {@link #absDot} of the pair (dot only)
   */
  public static double errorBound(Metric metric, int d, double score, double absDot) {
    double g = 8.0 * (d + 2) * 0x1p-53;
    double under = (4.0 * d + 8) * Double.MIN_VALUE;
    switch (metric) {
      case COSINE:
        return g + under;
      case DOT:
        return g * absDot + under;
      case L2:
        return g * score + Math.sqrt(under);
      default:
        throw new AssertionError(metric);
    }
  }

  /** {@code sqrt(sum_k x_k²)} in double, sequentially. Not modified. */
  public static double norm(float[] x, int o, int d) {
    return Math.sqrt(dot(x, o, x, o, d));
  }

  /** {@code sqrt(sum_k x_k²)} in double, sequentially. Not modified. */
  public static double norm(double[] x, int o, int d) {
    return Math.sqrt(dot(x, o, x, o, d));
  }

  /**
   * The reported score of a pair: cosine similarity, inner product, or Euclidean distance.
   * {@code normA}/{@code normB} are used only for cosine.
   */
  public static double score(
      Metric metric, float[] a, int ao, double normA, float[] b, int bo, double normB, int d) {
    switch (metric) {
      case COSINE:
        return dot(a, ao, b, bo, d) / (normA * normB);
      case DOT:
        return dot(a, ao, b, bo, d);
      case L2:
        return l2(a, ao, b, bo, d);
      default:
        throw new AssertionError(metric);
    }
  }

  /** As {@link #score(Metric, float[], int, double, float[], int, double, int)} for doubles. */
  public static double score(
      Metric metric, double[] a, int ao, double normA, double[] b, int bo, double normB, int d) {
    switch (metric) {
      case COSINE:
        return dot(a, ao, b, bo, d) / (normA * normB);
      case DOT:
        return dot(a, ao, b, bo, d);
      case L2:
        return l2(a, ao, b, bo, d);
      default:
        throw new AssertionError(metric);
    }
  }
}
