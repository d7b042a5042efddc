package io.simpair.testutil;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Brute-force answers, written independently of the job: every pair i < j, scored exactly in
 * BigDecimal (every double is a finite decimal, so dot products and squared distances are
 * exact; cosines compare by sign and squares, and are rounded through a 60-digit square
 * root), reported as the nearest double; ties (equal real values) broken by smaller (i, j).
 * Each exact score is also checked against the sequential double-precision formula it
 * refines, within that formula's rounding-error bound.
 */
public final class Oracle {
  private static final MathContext MC = new MathContext(60, RoundingMode.HALF_EVEN);

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

  /**
   * As {@link #exact(String, double[], double[])} with the rows' exact squared norms given (a
   * brute force over many pairs computes them once per row): l2 as |a|² + |b|² - 2 a·b.
   */
  public static Exact exact(String metric, double[] a, BigDecimal squaredA, double[] b, BigDecimal squaredB) {
    BigDecimal d = exactDot(a, b);
    switch (metric) {
      case "cosine":
        return new Exact(metric, d, squaredA.multiply(squaredB), null);
      case "dot":
        return new Exact(metric, d, null, null);
      case "l2":
        return new Exact(metric, null, null, squaredA.add(squaredB).subtract(d.add(d)));
      default:
        throw new IllegalArgumentException(metric);
    }
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
    return checked(metric, a, b, exact(metric, a, b));
  }

  /** {@code e.score()} (e the exact value of the pair a, b), checked against the double formula. */
  public static double checked(String metric, double[] a, double[] b, Exact e) {
    double s = e.score();
    double f = fp64Score(metric, a, b);
    double tol = fp64Tolerance(metric, a, b, f);
    if (!(Math.abs(s - f) <= tol)) {
      throw new AssertionError("exact " + s + " and double formula " + f + " differ by more than " + tol);
    }
    return s;
  }

  /**
   * A bound on |fp64Score - exact score| (with room to spare): the sequential formulas' error,
   * 4 (d + 2) 2^-53 times the sum of |terms| (cosine: over the norms) or the distance.
   */
  public static double fp64Tolerance(String metric, double[] a, double[] b, double fp64) {
    double g = 4 * (a.length + 2) * 0x1p-53;
    double abs = 0;
    for (int k = 0; k < a.length; k++) {
      abs += Math.abs(a[k] * b[k]);
    }
    double tol =
        switch (metric) {
          case "cosine" -> g * (1 + abs / Math.sqrt(dot(a, a) * dot(b, b)));
          case "dot" -> g * abs;
          default -> 2 * g * fp64;
        };
    return tol + Double.MIN_NORMAL;
  }

  /** The best pair (exact order, ties by smaller (i, j)). */
  public static Best best(String metric, double[][] x) {
    List<Best> top = top(metric, x, 1);
    return top.isEmpty() ? null : top.get(0);
  }

  /**
   * The k best pairs i < j in exact order. A double-precision pass first keeps every pair within
   * a wide margin (1e-9, far above the formula's error) of the k-th best double; only those are
   * scored exactly, which is what makes thousands of rows affordable.
   */
  public static List<Best> top(String metric, double[][] x, int k) {
    boolean larger = !metric.equals("l2");
    int n = x.length;
    List<double[]> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double f = fp64Score(metric, x[i], x[j]);
        all.add(new double[] {larger ? f : -f, i, j});
      }
    }
    if (all.isEmpty()) {
      return List.of();
    }
    all.sort((p, q) -> Double.compare(q[0], p[0]));
    double kth = all.get(Math.min(k, all.size()) - 1)[0];
    double cut = kth - 1e-9 * Math.max(1, Math.abs(kth));
    List<int[]> near = new ArrayList<>();
    List<Exact> exact = new ArrayList<>();
    for (double[] p : all) {
      if (p[0] < cut) {
        break;
      }
      near.add(new int[] {(int) p[1], (int) p[2], exact.size()});
      exact.add(exact(metric, x[(int) p[1]], x[(int) p[2]]));
    }
    near.sort(
        ((Comparator<int[]>) (p, q) -> exact.get(q[2]).compareBetter(exact.get(p[2])))
            .thenComparingInt(p -> p[0])
            .thenComparingInt(p -> p[1]));
    List<Best> out = new ArrayList<>();
    for (int[] p : near.subList(0, Math.min(k, near.size()))) {
      out.add(new Best(p[0], p[1], score(metric, x[p[0]], x[p[1]])));
    }
    return out;
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
