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
