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

  /**
   * The top eigenpairs of a second-moment matrix: {@code values} decreasing, eigenvector j in
   * column j of the row-major {@code dim x count} {@code vectors}; {@code trace} is the sum of all
   * eigenvalues.
   */
  public record Eigen(int dim, int count, double[] values, double[] vectors, double trace) {
    /** The fraction of the trace kept by the top {@code r} eigenvalues. */
    public double energy(int r) {
      double top = 0;
      for (int k = 0; k < Math.min(r, count); k++) {
        top += Math.max(0, values[k]);
      }
      return trace <= 0 ? 1 : Math.min(1, top / trace);
    }

    /** The bound of the top {@code r <= count} directions, for kernel rows of norm at most {@code maxNorm} and biases at most {@code maxAbsBias}. */
    public ProjectionBound bound(int r, double maxNorm, double maxAbsBias) {
      if (r > count) {
        throw new IllegalArgumentException("rank " + r + " above the " + count + " eigenvectors computed");
      }
      double[] v = new double[dim * r];
      for (int k = 0; k < dim; k++) {
        System.arraycopy(vectors, k * count, v, k * r, r);
      }
      return new ProjectionBound(v, dim, r, energy(r), maxNorm, maxAbsBias);
    }
  }

  /**
   * The top {@code count} eigenpairs of the symmetric {@code gram} (upper triangle used; not
   * modified), by LAPACK's {@code dsyevr} for a subset of them.
   */
  public static Eigen eigen(double[] gram, int d, int count) {
    int k = Math.max(1, Math.min(count, d));
    // LAPACK is column-major: our upper triangle (row-major) is its lower one
    double[] a = gram.clone();
    double trace = 0;
    for (int i = 0; i < d; i++) {
      trace += gram[i * d + i];
    }
    double[] w = new double[d];
    double[] z = new double[d * k];
    int[] support = new int[2 * d];
    intW found = new intW(0);
    intW info = new intW(0);
    double[] wq = new double[1];
    int[] iq = new int[1];
    LAPACK lapack = JavaLAPACK.getInstance(); // pure Java: no native library to look for
    lapack.dsyevr("V", "I", "L", d, a, d, 0, 0, d - k + 1, d, 0, found, w, z, d, support, wq, -1, iq, -1, info);
    double[] work = new double[Math.max(1, (int) wq[0])];
    int[] iwork = new int[Math.max(1, iq[0])];
    lapack.dsyevr("V", "I", "L", d, a, d, 0, 0, d - k + 1, d, 0, found, w, z, d, support, work, work.length, iwork,
        iwork.length, info);
    if (info.val != 0 || found.val != k) {
      throw new IllegalStateException("dsyevr failed: info " + info.val + ", " + found.val + " of " + k + " eigenpairs");
    }
    // ascending from LAPACK; column j of the column-major z is eigenvector j
    double[] values = new double[k];
    double[] vectors = new double[d * k];
    for (int j = 0; j < k; j++) {
      int src = k - 1 - j;
      values[j] = w[src];
      for (int i = 0; i < d; i++) {
        vectors[i * k + j] = z[src * d + i];
      }
    }
    return new Eigen(d, k, values, vectors, trace);
  }
}
