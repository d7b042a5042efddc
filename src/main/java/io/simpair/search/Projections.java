package io.simpair.search;

import dev.ludovic.netlib.lapack.JavaLAPACK;
import dev.ludovic.netlib.lapack.LAPACK;
import io.simpair.kernel.ProjectionBound;
import org.netlib.util.intW;

/**
 * The projections of a pruned scan: the top principal directions of a sample of kernel rows,
 * from their uncentred second-moment matrix (the bound needs directions that keep the rows'
 * squared norm, not their variance) and LAPACK's double-precision symmetric eigensolver {@code
 * dsyev}, the one MLlib's linear algebra uses.
 */
public final class Projections {
  private Projections() {}

  /** Adds {@code Σ x xᵀ} of rows {@code rows[i*d..]} ({@code count} of them) into the upper triangle of {@code gram} (d x d). */
  public static void addGram(float[] rows, int count, int d, double[] gram) {
    double[] x = new double[d];
    for (int i = 0; i < count; i++) {
      for (int k = 0; k < d; k++) {
        x[k] = rows[i * d + k];
      }
      for (int k = 0; k < d; k++) {
        double xk = x[k];
        if (xk == 0) {
          continue;
        }
        int o = k * d;
        for (int l = k; l < d; l++) {
          gram[o + l] += xk * x[l];
        }
      }
    }
  }

  /** The eigen decomposition of a second-moment matrix: eigenvalues decreasing, eigenvectors as columns. */
  public record Eigen(int dim, double[] values, double[] vectors) {
    /** The fraction of the trace kept by the top {@code r} eigenvalues. */
    public double energy(int r) {
      double top = 0;
      double all = 0;
      for (int k = 0; k < dim; k++) {
        double v = Math.max(0, values[k]);
        all += v;
        if (k < r) {
          top += v;
        }
      }
      return all == 0 ? 1 : top / all;
    }

    /** The bound of the top {@code r} directions, for kernel rows of norm at most {@code maxNorm} and biases at most {@code maxAbsBias}. */
    public ProjectionBound bound(int r, double maxNorm, double maxAbsBias) {
      double[] v = new double[dim * r];
      for (int k = 0; k < dim; k++) {
        for (int j = 0; j < r; j++) {
          v[k * r + j] = vectors[k * dim + j];
        }
      }
      return new ProjectionBound(v, dim, r, energy(r), maxNorm, maxAbsBias);
    }
  }

  /** Decomposes the symmetric {@code gram} (upper triangle used; not modified). */
  public static Eigen eigen(double[] gram, int d) {
    // LAPACK is column-major: our upper triangle (row-major) is its lower one
    double[] a = gram.clone();
    double[] w = new double[d];
    intW info = new intW(0);
    double[] query = new double[1];
    LAPACK lapack = JavaLAPACK.getInstance(); // pure Java: a d x d solve is milliseconds, no native library to look for
    lapack.dsyev("V", "L", d, a, d, w, query, -1, info);
    double[] work = new double[Math.max(1, (int) query[0])];
    lapack.dsyev("V", "L", d, a, d, w, work, work.length, info);
    if (info.val != 0) {
      throw new IllegalStateException("dsyev failed: info " + info.val);
    }
    // ascending from LAPACK, column j of the column-major a is eigenvector j
    double[] values = new double[d];
    double[] vectors = new double[d * d];
    for (int j = 0; j < d; j++) {
      int src = d - 1 - j;
      values[j] = w[src];
      for (int k = 0; k < d; k++) {
        vectors[k * d + j] = a[src * d + k];
      }
    }
    return new Eigen(d, values, vectors);
  }
}
