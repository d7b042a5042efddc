package io.simpair.baseline;

/**
 * The rows a baseline searches, as unit vectors in double: the query side A and the database
 * side B (the same array when monochromatic). Every method maximises {@code <q_i, b_j>} with
 * {@code q_i = a_i} for the most similar pair and {@code q_i = -a_i} for the least similar one
 * (cos(a, -b) = -cos(a, b)), so one candidate generator serves both modes.
 *
 * @param a A's rows, unit length
 * @param b B's rows, unit length; {@code a} itself when monochromatic
 * @param least whether the least similar pair is sought
 */
public record PairProblem(double[][] a, double[][] b, boolean least) {

  /** Normalises the rows (cosine); a zero row is refused, its cosine being undefined. */
  public static PairProblem of(float[][] a, float[][] b, boolean least) {
    double[][] ua = unit(a, "a");
    return new PairProblem(ua, b == null ? ua : unit(b, "b"), least);
  }

  public boolean monochromatic() {
    return a == b;
  }

  /** The query row i: a_i, or -a_i for the least similar pair. */
  public double[] query(int i) {
    if (!least) {
      return a[i];
    }
    double[] q = new double[a[i].length];
    for (int k = 0; k < q.length; k++) {
      q[k] = -a[i][k];
    }
    return q;
  }

  public int dim() {
    return a[0].length;
  }

  /** Whether row j of B may pair with query row i (not itself when monochromatic). */
  public boolean allowed(int i, int j) {
    return !monochromatic() || i != j;
  }

  /** The pairs an exhaustive search scores: n(n-1)/2, or n m. */
  public long allPairs() {
    return monochromatic() ? (long) a.length * (a.length - 1) / 2 : (long) a.length * b.length;
  }

  static double[][] unit(float[][] x, String side) {
    double[][] u = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      double s = 0;
      for (float v : x[i]) {
        s += (double) v * v;
      }
      if (!(s > 0) || !Double.isFinite(s)) {
        throw new IllegalArgumentException(side + " row " + i + ": zero or non-finite vector, cosine undefined");
      }
      double r = 1 / Math.sqrt(s);
      u[i] = new double[x[i].length];
      for (int k = 0; k < u[i].length; k++) {
        u[i][k] = x[i][k] * r;
      }
    }
    return u;
  }

  static double dot(double[] x, double[] y) {
    double s = 0;
    for (int k = 0; k < x.length; k++) {
      s += x[k] * y[k];
    }
    return s;
  }
}
