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
    double mx = 0;
    double my = 0;
    for (int i = 0; i < m; i++) {
      if (!(x[i] > 0 && y[i] > 0 && Double.isFinite(x[i]) && Double.isFinite(y[i]))) {
        throw new IllegalArgumentException(
            "log-log fit needs finite positive values, got (" + x[i] + ", " + y[i] + ") at " + i);
      }
      lx[i] = Math.log(x[i]);
      ly[i] = Math.log(y[i]);
      mx += lx[i];
      my += ly[i];
    }
    mx /= m;
    my /= m;
    // centred sums: the textbook n·Σxy − Σx·Σy form cancels badly when ln x is large and close
    double sxx = 0;
    double sxy = 0;
    double syy = 0;
    for (int i = 0; i < m; i++) {
      double dx = lx[i] - mx;
      double dy = ly[i] - my;
      sxx += dx * dx;
      sxy += dx * dy;
      syy += dy * dy;
    }
    if (sxx == 0) {
      throw new IllegalArgumentException("all x are equal; the exponent is undefined");
    }
    double k = sxy / sxx;
    double b = my - k * mx;
    double ssRes = 0;
    for (int i = 0; i < m; i++) {
      double r = ly[i] - (b + k * lx[i]);
      ssRes += r * r;
    }
    double r2 = syy == 0 ? 1.0 : 1.0 - ssRes / syy;
    return new LogLogFit(k, b, r2, m);
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
