package io.simpair.report;

/**
 * Least-squares line {@code y = fixed + slope · x} in linear space: for the scaling sweep, time =
 * fixed per-job cost + seconds per pair x pairs, which separates the quadratic term from the
 * overhead a log-log exponent mixes into it.
 *
 * @param fixed the intercept (seconds when x = 0; may come out negative on noisy data)
 * @param slope y per unit of x
 * @param r2 coefficient of determination {@code 1 - SS_res / SS_tot} (1 when every y is equal)
 * @param points how many points were fitted
 */
public record AffineFit(double fixed, double slope, double r2, int points) {

  /**
   * Fits the line to {@code (x[i], y[i])}.
   *
   * @throws IllegalArgumentException on arrays of different lengths, fewer than 2 points,
   *     non-finite values, or all x equal
   */
  public static AffineFit of(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("x has " + x.length + " values, y has " + y.length);
    }
    int m = x.length;
    if (m < 2) {
      throw new IllegalArgumentException("a fit needs at least 2 points, got " + m);
    }
    double mx = 0;
    double my = 0;
    for (int i = 0; i < m; i++) {
      if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
        throw new IllegalArgumentException("a line fit needs finite values, got (" + x[i] + ", " + y[i] + ") at " + i);
      }
      mx += x[i];
      my += y[i];
    }
    mx /= m;
    my /= m;
    double sxx = 0;
    double sxy = 0;
    double syy = 0;
    for (int i = 0; i < m; i++) {
      sxx += (x[i] - mx) * (x[i] - mx);
      sxy += (x[i] - mx) * (y[i] - my);
      syy += (y[i] - my) * (y[i] - my);
    }
    if (sxx == 0) {
      throw new IllegalArgumentException("all x are equal; the slope is undefined");
    }
    double slope = sxy / sxx;
    double fixed = my - slope * mx;
    double ssRes = 0;
    for (int i = 0; i < m; i++) {
      double r = y[i] - (fixed + slope * x[i]);
      ssRes += r * r;
    }
    return new AffineFit(fixed, slope, syy == 0 ? 1.0 : 1.0 - ssRes / syy, m);
  }

  public double predict(double x) {
    return fixed + slope * x;
  }

  /**
   * The local exponents {@code ln(y[i+1]/y[i]) / ln(x[i+1]/x[i])} between consecutive points:
   * for doubling sizes, the exponent per doubling (NaN where a value is not positive).
   */
  public static double[] localExponents(double[] x, double[] y) {
    double[] k = new double[Math.max(0, x.length - 1)];
    for (int i = 0; i < k.length; i++) {
      boolean ok = x[i] > 0 && x[i + 1] > 0 && y[i] > 0 && y[i + 1] > 0 && x[i] != x[i + 1];
      k[i] = ok ? Math.log(y[i + 1] / y[i]) / Math.log(x[i + 1] / x[i]) : Double.NaN;
    }
    return k;
  }
}
