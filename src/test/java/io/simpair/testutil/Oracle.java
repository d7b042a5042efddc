package io.simpair.testutil;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Brute-force answers, written independently of the job: every pair i < j, scored exactly in
 * BigDecimal (every double is a finite decimal, so dot products and squared distances are
 * exact; cosines compare by sign and squares, and are rounded through a 120-digit square
 * root), reported as the nearest double; ties (equal real values) broken by smaller (i, j).
 * Each exact score is also checked against the sequential double-precision formula it
 * refines, within that formula's rounding-error bound.
 */
public final class Oracle {
  private static final MathContext MC = new MathContext(120, RoundingMode.HALF_EVEN);

  private Oracle() {}

  /** The best pair {i, j} and its score. */
  public record Best(int i, int j, double score) {}

  /** A pair's exact value: the dot product, with the squared norms' product (cosine) or the squared distance (l2). */
  public record Exact(String metric, BigDecimal dot, BigDecimal normProduct, BigDecimal squaredDistance) {
    /** The nearest double of the score. */
    public double score() {
      switch (metric) {
        case "cosine":
          return dot.signum() == 0 ? 0.0 : dot.divide(normProduct.sqrt(MC), MC).doubleValue();
        case "dot":
          return dot.doubleValue();
        default:
          return squaredDistance.sqrt(MC).doubleValue();
      }
    }

    /** Compares the real scores (not yet the search direction). */
    public int compareScore(Exact o) {
      switch (metric) {
        case "cosine":
          int s = Integer.compare(dot.signum(), o.dot.signum());
          if (s != 0 || dot.signum() == 0) {
            return s;
          }
          return dot.signum() * dot.multiply(dot).multiply(o.normProduct).compareTo(o.dot.multiply(o.dot).multiply(normProduct));
        case "dot":
          return dot.compareTo(o.dot);
        default:
          return squaredDistance.compareTo(o.squaredDistance);
      }
    }

    /** Compares the real score with the exact value of a double. */
    public int compareScore(double t) {
      BigDecimal bt = new BigDecimal(t);
      switch (metric) {
        case "cosine":
          int s = Integer.compare(dot.signum(), bt.signum());
          if (s != 0 || dot.signum() == 0) {
            return s;
          }
          return dot.signum() * dot.multiply(dot).compareTo(bt.multiply(bt).multiply(normProduct));
        case "dot":
          return dot.compareTo(bt);
        default:
          return t < 0 ? 1 : squaredDistance.compareTo(bt.multiply(bt));
      }
    }

    /** Compares in the direction of the most similar search (l2: the smaller distance is better). */
    public int compareBetter(Exact o) {
      int c = compareScore(o);
      return metric.equals("l2") ? -c : c;
    }
  }

  public static BigDecimal exactDot(double[] a, double[] b) {
    BigDecimal s = BigDecimal.ZERO;
    for (int k = 0; k < a.length; k++) {
      s = s.add(new BigDecimal(a[k]).multiply(new BigDecimal(b[k])));
    }
    return s;
  }

  public static Exact exact(String metric, double[] a, double[] b) {
    switch (metric) {
      case "cosine":
        return new Exact(metric, exactDot(a, b), exactDot(a, a).multiply(exactDot(b, b)), null);
      case "dot":
        return new Exact(metric, exactDot(a, b), null, null);
      case "l2":
        BigDecimal s = BigDecimal.ZERO;
        for (int k = 0; k < a.length; k++) {
          BigDecimal t = new BigDecimal(a[k]).subtract(new BigDecimal(b[k]));
          s = s.add(t.multiply(t));
        }
        return new Exact(metric, null, null, s);
      default:
        throw new IllegalArgumentException(metric);
    }
  }

  public static double dot(double[] a, double[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      s += a[k] * b[k];
    }
    return s;
  }

  /** The score as the sequential double-precision formula gives it. */
  public static double fp64Score(String metric, double[] a, double[] b) {
    switch (metric) {
      case "cosine":
        return dot(a, b) / (Math.sqrt(dot(a, a)) * Math.sqrt(dot(b, b)));
      case "dot":
        return dot(a, b);
      case "l2":
        double s = 0;
        for (int k = 0; k < a.length; k++) {
          double t = a[k] - b[k];
          s += t * t;
        }
        return Math.sqrt(s);
      default:
        throw new IllegalArgumentException(metric);
    }
  }

  /** The exact score rounded to the nearest double, checked against the double formula. */
  public static double score(String metric, double[] a, double[] b) {
    double s = exact(metric, a, b).score();
    double f = fp64Score(metric, a, b);
    double g = 4 * (a.length + 2) * 0x1p-53;
    double abs = 0;
    for (int k = 0; k < a.length; k++) {
      abs += Math.abs(a[k] * b[k]);
    }
    double tol =
        switch (metric) {
          case "cosine" -> g * (1 + abs / Math.sqrt(dot(a, a) * dot(b, b)));
          case "dot" -> g * abs;
          default -> g * s;
        };
    if (!(Math.abs(s - f) <= tol + Double.MIN_NORMAL)) {
      throw new AssertionError("exact " + s + " and double formula " + f + " differ by more than " + tol);
    }
    return s;
  }

  public static Best best(String metric, double[][] x) {
    Exact best = null;
    int bi = -1;
    int bj = -1;
    for (int i = 0; i < x.length; i++) {
      for (int j = i + 1; j < x.length; j++) {
        Exact e = exact(metric, x[i], x[j]);
        if (best == null || e.compareBetter(best) > 0) {
          best = e;
          bi = i;
          bj = j;
        }
      }
    }
    return best == null ? null : new Best(bi, bj, score(metric, x[bi], x[bj]));
  }

  public static double[][] toDouble(float[][] x) {
    double[][] out = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      out[i] = new double[x[i].length];
      for (int k = 0; k < x[i].length; k++) {
        out[i][k] = x[i][k];
      }
    }
    return out;
  }
}
