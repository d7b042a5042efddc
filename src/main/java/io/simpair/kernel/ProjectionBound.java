package io.simpair.kernel;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A proven upper bound on the score of a pair of kernel rows from their (r+1)-dimensional
 * sketches, which the fp32 tile kernel scores like any other rows (FEXIPRO's SVD bound, inside
 * the tiles).
 *
 * <p>Setting. {@code V} is a {@code d x r} matrix of doubles whose columns are orthonormal up to
 * {@code eps = ||VᵀV - I||_2} (the top principal directions of a sample). A kernel row {@code x}
 * (fp32 values, exact reals) is sketched as {@code β(x) = (c, n)} with {@code c = fl32(Vᵀx)}
 * (any vector would do) and {@code n >= |x - V c|} (rounded up). With {@code e = x - V c}
 * exactly, {@code x = V c + e} and
 *
 * <pre>
 *   x·y = c_xᵀ VᵀV c_y + c_x·Vᵀe_y + e_x·V c_y + e_x·e_y
 *      <= c_x·c_y + n_x n_y + eps |c_x||c_y| + |c_x||Vᵀe_y| + |Vᵀe_x||c_y|     (Cauchy-Schwarz)
 * </pre>
 *
 * and {@code Vᵀe = (Vᵀx - c) + (I - VᵀV) c} is of the order of the rounding of {@code c}. So
 * for biases {@code p, q} (l2) the exact {@code t = x·y + p + q} satisfies {@code t <= b~ +
 * slack}, where {@code b~} is any fp32 evaluation of {@code β(x)·β(y) + p + q} under the
 * {@link SimilaritySupport} contract and
 *
 * <pre>
 *   slack = 1.0625 (gamma32(r + 3)(A² + N² + 2H) + eps A² + 2 A G)
 * </pre>
 *
 * with {@code A >= |c|}, {@code N >= n}, {@code G >= |Vᵀe|} over all rows (derived from {@code M
 * >= |x|} below) and {@code H >= |p|, |q|}. A least-similar search negates A's rows: {@code β(-x)
 * = (-c, n)}, the same bound. The kernel's own fp32 score {@code s~} of the pair is within
 * {@link RoundingBound} of {@code t}, so {@code s~ <= b~ + slack + delta}: a pair whose sketch
 * score is below {@code floor - slack - delta} cannot reach a reducer's floor.
 *
 * <p>Immutable and serializable; {@link #id()} tells sketches of different projections apart.
 */
public final class ProjectionBound implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private static final double U32 = 0x1p-24;
  private static final double U64 = 0x1p-53;

  private final int dim;
  private final int rank;
  /** V, row-major d x r: {@code v[k * r + j]}. */
  private final double[] v;
  private final double energy;
  private final double eps;
  private final double maxNorm;
  private final double maxC;
  private final double slack;
  /** Squared-norm error of the residual, added before the square root (see {@link #sketch}). */
  private final double residualErr;
  private final long id;

  /**
   * @param v the d x r basis, row-major; not modified (copied)
   * @param energy the fraction of the sample's squared norm that V keeps, for reports
   * @param maxKernelNorm M, at least every kernel row's norm
   * @param maxAbsBias H, at least every |bias| (0 without biases)
   * @throws IllegalArgumentException when V is far from orthonormal ({@code eps > 1e-3})
   */
  public ProjectionBound(double[] v, int dim, int rank, double energy, double maxKernelNorm, double maxAbsBias) {
    if (rank < 1 || rank >= dim + 1 || v.length != dim * rank) {
      throw new IllegalArgumentException("a " + dim + " x " + rank + " basis needs " + dim * rank + " values");
    }
    this.dim = dim;
    this.rank = rank;
    this.v = v.clone();
    this.energy = energy;
    this.eps = orthonormalityError(this.v, dim, rank);
    if (!(eps <= 1e-3)) {
      throw new IllegalArgumentException("the basis is not orthonormal: ||VᵀV - I|| <= " + eps);
    }
    double m = maxKernelNorm;
    double gd = RoundingBound.gamma(dim, U64);
    // |w - Vᵀx| <= sqrt(r) gamma64(d) |V_j||x| per column, and c = fl32(w)
    double wErr = Math.sqrt(rank) * gd * Math.sqrt(1 + eps) * m;
    this.maxC = (1 + U32) * (Math.sqrt(1 + eps) * m + wErr);
    double g = wErr + U32 * maxC + eps * maxC;
    this.residualErr =
        RoundingBound.gamma(dim + rank + 8.0, U64) * (m * m + 4.04 * Math.sqrt(rank) * maxC * m + 2 * maxC * maxC)
            + eps * maxC * maxC;
    // |e| <= |x| + ||V|| |c|, then the square root of the error term and the fp32 rounding up
    double maxN = ((m + Math.sqrt(1 + eps) * maxC) * (1 + 1e-9) + Math.sqrt(residualErr)) * (1 + 2 * U32);
    this.maxNorm = m;
    double h = maxAbsBias;
    this.slack =
        1.0625
            * (RoundingBound.gamma(rank + 3.0, U32) * (maxC * maxC + maxN * maxN + 2 * h)
                + eps * maxC * maxC
                + 2 * maxC * g);
    this.id = ThreadLocalRandom.current().nextLong();
  }

  /** The input dimension d. */
  public int dim() {
    return dim;
  }

  /** The rank r of the projection. */
  public int rank() {
    return rank;
  }

  /** The sketch's dimension, r + 1. */
  public int sketchDim() {
    return rank + 1;
  }

  /** The fraction of the sample's squared norm kept by V. */
  public double energy() {
    return energy;
  }

  /** The bound's own rounding term (add {@link RoundingBound#delta} for the kernel's). */
  public double slack() {
    return slack;
  }

  /** Tells this projection's sketches from another's (a random number drawn at construction). */
  public long id() {
    return id;
  }

  /**
   * Sketches {@code count} kernel rows {@code rows[i*d..]} into {@code out[i*(r+1)..]}: {@code c =
   * fl32(Vᵀx)} and {@code n}, an upper bound of {@code |x - V c|}, rounded up to fp32. The residual
   * norm comes from {@code |x|² - 2 c·Vᵀx + |c|²}, which needs one pass over V per row; its
   * rounding (and {@code cᵀ(VᵀV - I)c}) is added before the square root.
   */
  public void sketch(float[] rows, int count, float[] out) {
    int d = dim;
    int r = rank;
    double[] w = new double[r];
    for (int i = 0; i < count; i++) {
      java.util.Arrays.fill(w, 0);
      int xo = i * d;
      double x2 = 0;
      for (int k = 0; k < d; k++) {
        double xk = rows[xo + k];
        x2 += xk * xk;
        int vo = k * r;
        for (int j = 0; j < r; j++) {
          w[j] += v[vo + j] * xk; // an axpy the JIT vectorises
        }
      }
      if (!(Math.sqrt(x2) <= maxNorm * (1 + 1e-9))) {
        throw new IllegalArgumentException("row " + i + " has norm " + Math.sqrt(x2) + " above the bound " + maxNorm);
      }
      int o = i * (r + 1);
      double cw = 0;
      double c2 = 0;
      for (int j = 0; j < r; j++) {
        float c = (float) w[j];
        out[o + j] = c;
        cw += c * w[j];
        c2 += (double) c * c;
      }
      double n2 = x2 - 2 * cw + c2 + residualErr;
      double n = Math.sqrt(Math.max(0, n2)) * (1 + 4 * U64);
      out[o + r] = Math.nextUp((float) n);
    }
  }

  /** A bound on {@code ||VᵀV - I||_2}: the Frobenius norm of the computed difference plus its rounding. */
  static double orthonormalityError(double[] v, int d, int r) {
    double f2 = 0;
    for (int a = 0; a < r; a++) {
      for (int b = a; b < r; b++) {
        double s = 0;
        for (int k = 0; k < d; k++) {
          s += v[k * r + a] * v[k * r + b];
        }
        double diff = s - (a == b ? 1 : 0);
        f2 += (a == b ? 1 : 2) * diff * diff;
      }
    }
    // each computed entry is within gamma64(d) |V_a||V_b| <= gamma64(d)(1 + eps) of the exact one
    return Math.sqrt(f2) * (1 + 1e-9) + 1.01 * r * RoundingBound.gamma(d, U64) * 1.01 + Double.MIN_NORMAL;
  }
}
