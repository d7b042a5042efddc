package io.simpair.baseline;

import java.util.SplittableRandom;

/** Seeded Gaussian matrices for the random projections and features. */
final class Gaussians {
  private Gaussians() {}

  /** {@code rows x cols} standard Gaussians (Box-Muller). */
  static double[][] matrix(int rows, int cols, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int k = 0; k < cols; k++) {
        double u = 1.0 - r.nextDouble();
        row[k] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
      }
    }
    return m;
  }

  /** {@code x R^T}: every row of x projected on every row of R. */
  static double[][] project(double[][] x, double[][] r) {
    double[][] p = new double[x.length][r.length];
    for (int i = 0; i < x.length; i++) {
      for (int t = 0; t < r.length; t++) {
        p[i][t] = PairProblem.dot(x[i], r[t]);
      }
    }
    return p;
  }
}
