package io.simpair.testutil;

import io.simpair.kernel.Metric;
import java.util.Map;

/** The attention statistics of every row by brute force in double precision (small inputs). */
public final class SoftmaxOracle {
  private SoftmaxOracle() {}

  /** One row's statistics in score units. */
  public record Row(double max, long arg, double[] lse, double[] output) {}

  /**
   * Per row (of x; bichromatic over y) its maximum key, first argmax, log-sum-exp and output per
   * beta; key = score, or minus it with {@code least}; values ones or the L1 norms.
   */
  public static Map<Long, Row> of(float[][] x, float[][] y, Metric metric, boolean least, boolean norm1, double[] betas) {
    double[][] b = Oracle.toDouble(y == null ? x : y);
    double[] values = new double[b.length];
    for (int j = 0; j < b.length; j++) {
      values[j] = norm1 ? norm1(b[j]) : 1;
    }
    return of(x, y, metric, least, values, betas);
  }

  /** As above, with {@code values[j]} the value of key row j (of y, or of x when y is null). */
  public static Map<Long, Row> of(float[][] x, float[][] y, Metric metric, boolean least, double[] values, double[] betas) {
    double[][] a = Oracle.toDouble(x);
    double[][] b = y == null ? a : Oracle.toDouble(y);
    Map<Long, Row> out = new java.util.TreeMap<>();
    for (int i = 0; i < a.length; i++) {
      double[] keys = new double[b.length];
      double max = Double.NEGATIVE_INFINITY;
      long arg = -1;
      for (int j = 0; j < b.length; j++) {
        if (y == null && j == i) {
          keys[j] = Double.NaN;
          continue;
        }
        double sc = Oracle.fp64Score(metric.label(), a[i], b[j]);
        keys[j] = least ? -sc : sc;
        if (keys[j] > max) {
          max = keys[j];
          arg = j;
        }
      }
      double[] lse = new double[betas.length];
      double[] output = new double[betas.length];
      for (int k = 0; k < betas.length; k++) {
        double l = 0;
        double o = 0;
        for (int j = 0; j < b.length; j++) {
          if (!Double.isNaN(keys[j])) {
            double e = Math.exp(betas[k] * (keys[j] - max));
            l += e;
            o += e * values[j];
          }
        }
        lse[k] = max + Math.log(l) / betas[k];
        output[k] = o / l;
      }
      out.put((long) i, new Row(max, arg, lse, output));
    }
    return out;
  }

  private static double norm1(double[] r) {
    double s = 0;
    for (double z : r) {
      s += Math.abs(z);
    }
    return s;
  }

}
