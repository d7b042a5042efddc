package io.simpair.search;

import dev.ludovic.netlib.lapack.JavaLAPACK;
import dev.ludovic.netlib.lapack.LAPACK;
import io.simpair.kernel.ProjectionBound;
import org.netlib.util.intW;

/**
 * The projections of a pruned scan: the top principal directions of a sample of kernel rows,
 * from their uncentred second-moment matrix (the bound needs directions that keep the rows'
 * squared norm, not their variance): orthogonal iteration, then LAPACK's double-precision
 * symmetric eigensolver {@code dsyev} (the LAPACK MLlib's linear algebra uses) on the small
 * projected matrix.
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

  /** Orthogonal iterations of {@link #eigen}: enough for the subspace's energy, which is all the bound's tightness needs. */
  static final int ITERATIONS = 12;

  /**
   * The top {@code count} eigenpairs of the symmetric {@code gram} (upper triangle used; not
   * modified): orthogonal iteration on a block of {@code count + 8} vectors (a fixed seed), then
   * Rayleigh-Ritz with LAPACK's {@code dsyev} on the small projected matrix. A full {@code dsyev}
   * of the d x d matrix took 1-2 s in a cold driver at d = 384 (LAPACK's Java translation runs
   * interpreted at first); this is a few matrix products. The bound holds for any orthonormal
   * basis; how close it is to the true eigenvectors only sets how much it prunes.
   */
  public static Eigen eigen(double[] gram, int d, int count) {
    int k = Math.max(1, Math.min(count, d));
    int b = Math.min(d, k + 8);
    double[] g = gram.clone();
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < i; j++) {
        g[i * d + j] = g[j * d + i];
      }
    }
    double trace = 0;
    for (int i = 0; i < d; i++) {
      trace += g[i * d + i];
    }
    java.util.Random rnd = new java.util.Random(0x5eed);
    double[] q = new double[d * b]; // row-major d x b
    for (int i = 0; i < q.length; i++) {
      q[i] = rnd.nextGaussian();
    }
    orthonormalize(q, d, b);
    double[] y = new double[d * b];
    for (int it = 0; it < ITERATIONS; it++) {
      multiply(g, q, y, d, b);
      System.arraycopy(y, 0, q, 0, y.length);
      orthonormalize(q, d, b);
    }
    // Rayleigh-Ritz: H = Qᵀ G Q (b x b), its eigenvectors rotate Q
    multiply(g, q, y, d, b);
    double[] h = new double[b * b];
    for (int r = 0; r < d; r++) {
      for (int i = 0; i < b; i++) {
        double qi = q[r * b + i];
        for (int j = 0; j < b; j++) {
          h[i * b + j] += qi * y[r * b + j];
        }
      }
    }
    double[] w = new double[b];
    intW info = new intW(0);
    double[] query = new double[1];
    LAPACK lapack = JavaLAPACK.getInstance(); // pure Java: no native library to look for
    lapack.dsyev("V", "U", b, h, b, w, query, -1, info);
    double[] work = new double[Math.max(1, (int) query[0])];
    lapack.dsyev("V", "U", b, h, b, w, work, work.length, info);
    if (info.val != 0) {
      throw new IllegalStateException("dsyev failed: info " + info.val);
    }
    // ascending from LAPACK; column j of the column-major h is eigenvector j of H
    double[] values = new double[k];
    double[] vectors = new double[d * k];
    for (int j = 0; j < k; j++) {
      int src = b - 1 - j;
      values[j] = w[src];
      for (int r = 0; r < d; r++) {
        double s = 0;
        for (int i = 0; i < b; i++) {
          s += q[r * b + i] * h[src * b + i];
        }
        vectors[r * k + j] = s;
      }
    }
    orthonormalize(vectors, d, k); // the rotation is orthogonal up to rounding; make it so to working precision
    return new Eigen(d, k, values, vectors, trace);
  }

  /** y = G q for the symmetric d x d G and the row-major d x b q. */
  private static void multiply(double[] g, double[] q, double[] y, int d, int b) {
    java.util.Arrays.fill(y, 0);
    for (int r = 0; r < d; r++) {
      int yo = r * b;
      for (int c = 0; c < d; c++) {
        double grc = g[r * d + c];
        int qo = c * b;
        for (int j = 0; j < b; j++) {
          y[yo + j] += grc * q[qo + j]; // an axpy the JIT vectorises
        }
      }
    }
  }

  /**
   * Modified Gram-Schmidt, twice, on the b columns of the row-major d x b q; a column that
   * vanishes (a rank-deficient block) is replaced by the first unit vector that keeps a
   * residual, so the result is always orthonormal.
   */
  static void orthonormalize(double[] q, int d, int b) {
    double[] col = new double[d];
    for (int j = 0; j < b; j++) {
      for (int k = 0; k < d; k++) {
        col[k] = q[k * b + j];
      }
      double before = norm(col);
      double norm = residual(col, q, d, b, j);
      for (int e = 0; !(norm > 1e-8 * before && norm > 1e-300) && e < d; e++) {
        java.util.Arrays.fill(col, 0);
        col[e] = 1;
        before = 1;
        norm = residual(col, q, d, b, j);
      }
      for (int k = 0; k < d; k++) {
        q[k * b + j] = col[k] / norm;
      }
    }
  }

  /** Removes from {@code col} its components along the first j columns of q (twice); returns what is left's norm. */
  private static double residual(double[] col, double[] q, int d, int b, int j) {
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < j; i++) {
        double dot = 0;
        for (int k = 0; k < d; k++) {
          dot += col[k] * q[k * b + i];
        }
        for (int k = 0; k < d; k++) {
          col[k] -= dot * q[k * b + i];
        }
      }
    }
    return norm(col);
  }

  private static double norm(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v * v;
    }
    return Math.sqrt(s);
  }
}
