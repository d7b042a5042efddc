package io.simpair.spark;

import io.simpair.kernel.ExactScore;
import io.simpair.kernel.Metric;

/**
 * A block of consecutive rows (input order), packed for the tile kernel and kept exactly for
 * the double-precision re-score.
 *
 * <p>Memory: {@code rows * dim * (4 + 4 or 8)} bytes plus {@code 8 rows} for norms.
 */
public final class RowBlock {
  /** Block number in the tile grid. */
  public int block;
  /** 0 for the only or the A side, 1 for the B side of a bichromatic search. */
  public int side;
  /** Global index of the first row. */
  public long start;

  public int rows;
  public int dim;
  /** Row-major kernel rows (unit length for cosine, scaled by 2^-e for dot and l2). */
  public float[] kernel;
  /** Kernel row biases (l2: -|x~|²/2), or null. */
  public float[] bias;
  /** The original values when the input was fp32, else null. */
  public float[] exactF;
  /** The original values when the input was fp64, else null. */
  public double[] exactD;
  /** Exact norms of the original rows (cosine only), else null. */
  public double[] norms;

  public RowBlock() {}

  /** The exact double-precision score of row {@code i} of this block with row {@code j} of b. */
  public double exactScore(Metric metric, int i, RowBlock b, int j) {
    double na = norms == null ? 1 : norms[i];
    double nb = b.norms == null ? 1 : b.norms[j];
    if (exactF != null) {
      return ExactScore.score(metric, exactF, i * dim, na, b.exactF, j * dim, nb, dim);
    }
    return ExactScore.score(metric, exactD, i * dim, na, b.exactD, j * dim, nb, dim);
  }

  /** Bytes of array payload this block holds. */
  public long payloadBytes() {
    long b = 4L * kernel.length;
    b += bias == null ? 0 : 4L * bias.length;
    b += exactF == null ? 0 : 4L * exactF.length;
    b += exactD == null ? 0 : 8L * exactD.length;
    b += norms == null ? 0 : 8L * norms.length;
    return b;
  }

  /**
   * Fills row {@code i} from an original vector (fp32 or fp64, exactly one non-null): the
   * kernel row is computed in double and rounded once to fp32.
   *
   * @param scale 2^-e for dot and l2; ignored for cosine
   */
  void setRow(int i, float[] f, double[] d, Metric metric, double scale) {
    setRow(i, f, d, 0, metric, scale);
  }

  /** As above, with the vector at {@code src} of {@code f} or {@code d}. */
  void setRow(int i, float[] f, double[] d, int src, Metric metric, double scale) {
    int o = i * dim;
    double norm = f != null ? ExactScore.norm(f, src, dim) : ExactScore.norm(d, src, dim);
    if (f != null) {
      System.arraycopy(f, src, exactF, o, dim);
    } else {
      System.arraycopy(d, src, exactD, o, dim);
    }
    double mul = metric == Metric.COSINE ? 1.0 / norm : scale;
    double sq = 0;
    for (int k = 0; k < dim; k++) {
      double x = f != null ? f[src + k] : d[src + k];
      // cosine divides (not multiplies by 1/norm) to keep the one-rounding-per-element bound
      float v = (float) (metric == Metric.COSINE ? x / norm : x * mul);
      kernel[o + k] = v;
      sq += (double) v * v;
    }
    if (norms != null) {
      norms[i] = norm;
    }
    if (bias != null) {
      bias[i] = (float) (-sq / 2);
    }
  }

  /** An empty block of {@code rows x dim} with the arrays the metric needs. */
  static RowBlock allocate(int block, long start, int rows, int dim, Metric metric, boolean fp32) {
    return allocate(0, block, start, rows, dim, metric, fp32);
  }

  /** As above, for side 0 (A) or 1 (B). */
  static RowBlock allocate(
      int side, int block, long start, int rows, int dim, Metric metric, boolean fp32) {
    RowBlock b = new RowBlock();
    b.side = side;
    b.block = block;
    b.start = start;
    b.rows = rows;
    b.dim = dim;
    b.kernel = new float[rows * dim];
    b.bias = metric == Metric.L2 ? new float[rows] : null;
    b.norms = metric == Metric.COSINE ? new double[rows] : null;
    if (fp32) {
      b.exactF = new float[rows * dim];
    } else {
      b.exactD = new double[rows * dim];
    }
    return b;
  }
}
