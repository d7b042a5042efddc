package io.simpair.testutil;

/**
 * Brute-force double-precision answers, written independently of the job: every pair i < j,
 * sums sequential in double; ties broken by higher score, then smaller (i, j).
 */
public final class Oracle {
  private Oracle() {}

  /** The best pair {i, j} and its score. */
  public record Best(int i, int j, double score) {}

  public static double dot(double[] a, double[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      s += a[k] * b[k];
    }
    return s;
  }

  public static double score(String metric, double[] a, double[] b) {
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

  public static Best best(String metric, double[][] x) {
    boolean larger = !metric.equals("l2");
    Best best = null;
    for (int i = 0; i < x.length; i++) {
      for (int j = i + 1; j < x.length; j++) {
        double s = score(metric, x[i], x[j]);
        if (best == null || (larger ? s > best.score() : s < best.score())) {
          best = new Best(i, j, s);
        }
      }
    }
    return best;
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
