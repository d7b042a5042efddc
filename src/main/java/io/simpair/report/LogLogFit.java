package io.simpair.report;

/**
 * Least-squares power law {@code y = c · x^k}, fitted as a straight line {@code ln y = ln c + k ln
 * x}.
 *
 * <p>{@code r2} is the coefficient of determination of that line in log space: {@code 1 -
 * SS_res / SS_tot}. When every {@code ln y} is the same, {@code SS_tot} is 0 and the fit (slope
 * 0) is exact, so {@code r2} is reported as 1.
 *
 * @param exponent the slope k
 * @param logCoefficient the intercept ln c
 * @param r2 fit quality in log space, at most 1
 * @param points how many (x, y) pairs were fitted
 */
public record LogLogFit(double exponent, double logCoefficient, double r2, int points) {

  /**
   * Fits {@code y = c · x^k} to the points {@code (x[i], y[i])}. Cost O(points). Not modified.
   *
   * @throws IllegalArgumentException when the arrays differ in length, hold fewer than 2 points,
   *     a value is not finite and positive, or all x are equal
   */
  public static LogLogFit of(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("x has " + x.length + " values, y has " + y.length);
    }
    int m = x.length;
    if (m < 2) {
      throw new IllegalArgumentException("a fit needs at least 2 points, got " + m);
    }
    double[] lx = new double[m];
    double[] ly = new double[m];
    for (int i = 0; i < m; i++) {
      if (!(x[i] > 0 && y[i] > 0 && Double.isFinite(x[i]) && Double.isFinite(y[i]))) {
        throw new IllegalArgumentException(
            "log-log fit needs finite positive values, got (" + x[i] + ", " + y[i] + ") at " + i);
      }
      lx[i] = Math.log(x[i]);
      ly[i] = Math.log(y[i]);
    }
    // the straight line in log space: slope k, intercept ln c, r2 of the line
    AffineFit line;
    try {
      line = AffineFit.of(lx, ly);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("all x are equal; the exponent is undefined", e);
    }
    return new LogLogFit(line.slope(), line.fixed(), line.r2(), m);
  }

  /** The fitted {@code c · x^k}. */
  public double predict(double x) {
    return Math.exp(logCoefficient + exponent * Math.log(x));
  }

  /** The fitted growth factor when x is multiplied by {@code factor}: {@code factor^k}. */
  public double growth(double factor) {
    return Math.pow(factor, exponent);
  }
}
