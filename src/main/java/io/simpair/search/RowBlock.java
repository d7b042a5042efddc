package io.simpair.search;

import io.simpair.kernel.Dyadic;
import io.simpair.kernel.ExactDot;
import io.simpair.kernel.ExactScore;
import io.simpair.kernel.ExactValue;
import io.simpair.kernel.Metric;
import io.simpair.kernel.ProjectionBound;

/**
 * A block of consecutive rows (input order): the original values, kept exactly for the exact
 * re-score, and the fp32 kernel rows derived from them.
 *
 * <p>Only the original values (and cosine norms) are shipped: the kernel rows are {@code
 * transient} and computed once per JVM, on first use, by {@link #kernel()} - a pass of {@code
 * rows * dim} operations against the {@code rows² * dim} of every tile that uses the block -
 * which halves the bytes broadcast or shuffled. Memory where it is used: {@code rows * dim * (4
 * + 4 or 8)} bytes plus {@code 8 rows}.
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
  public Metric metric;
  /** 2^-e applied to dot and l2 kernel rows; 1 for cosine. */
  public double scale;
  /** The original values when the input was fp32, else null. */
  public float[] exactF;
  /** The original values when the input was fp64, else null. */
  public double[] exactD;
  /** Exact norms of the original rows (cosine only), else null. */
  public double[] norms;
  /** Each row's value from the input's value column ({@code --attention-values COLUMN}), else null. */
  public double[] values;

  /** Row-major kernel rows (unit length for cosine, scaled by 2^-e for dot and l2). */
  private transient volatile float[] kernel;
  /** Kernel row biases (l2: -|x~|²/2), or null. */
  private transient float[] bias;
  /** 0/1 rows packed 64 to a long (bit k of row i: value k is non-zero), for the popcount kernel. */
  private transient volatile long[] bits;
  /** Per row, the kernel value of its non-zero entries (all equal for a 0/1 row), or 0. */
  private transient float[] unit;
  /** The kernel rows' non-zeros, for the sparse kernel. */
  private transient volatile SparseRows sparse;
  /** Exact squared norms of the original rows (cosine and l2), computed on first use. */
  private transient volatile Dyadic[] squaredNorms;
  /** The kernel rows' sketches for a pruned scan, and the projection they were made with. */
  private transient volatile Sketch sketch;

  private record Sketch(long projection, float[] rows) {}

  public RowBlock() {}

  /**
   * The exact real score of row {@code i} of this block with row {@code j} of b (see {@link
   * ExactValue}); {@code acc} is the calling thread's accumulator.
   */
  public ExactValue exactValue(Metric metric, int i, RowBlock b, int j, ExactDot acc) {
    Dyadic d = exactF != null
        ? acc.dot(exactF, i * dim, b.exactF, j * dim, dim)
        : acc.dot(exactD, i * dim, b.exactD, j * dim, dim);
    switch (metric) {
      case DOT:
        return ExactValue.dot(d);
      case COSINE:
        return ExactValue.cosine(d, squaredNorm(i, acc).multiply(b.squaredNorm(j, acc)));
      case L2:
        return ExactValue.l2(squaredNorm(i, acc).add(b.squaredNorm(j, acc)).subtract(d.shift(1)));
      default:
        throw new AssertionError(metric);
    }
  }

  /**
   * The double-precision score of row {@code i} with row {@code j} of b and a proven bound on
   * its distance from the exact score, into {@code out[0]} and {@code out[1]}: a few times
   * cheaper than {@link #exactValue}, enough to rule out most pairs a reducer would not keep.
   */
  public void fp64Score(Metric metric, int i, RowBlock b, int j, double[] out) {
    double na = norms == null ? 1 : norms[i];
    double nb = b.norms == null ? 1 : b.norms[j];
    double f;
    double abs = 0;
    if (exactF != null) {
      f = ExactScore.score(metric, exactF, i * dim, na, b.exactF, j * dim, nb, dim);
      abs = metric == Metric.DOT ? ExactScore.absDot(exactF, i * dim, b.exactF, j * dim, dim) : 0;
    } else {
      f = ExactScore.score(metric, exactD, i * dim, na, b.exactD, j * dim, nb, dim);
      abs = metric == Metric.DOT ? ExactScore.absDot(exactD, i * dim, b.exactD, j * dim, dim) : 0;
    }
    out[0] = f;
    out[1] = ExactScore.errorBound(metric, dim, f, abs);
  }

  /** {@code |x_i|²} exactly; all rows' at first use, published like the kernel rows. */
  private Dyadic squaredNorm(int i, ExactDot acc) {
    Dyadic[] sq = squaredNorms;
    if (sq == null) {
      synchronized (this) {
        sq = squaredNorms;
        if (sq == null) {
          sq = new Dyadic[rows];
          for (int r = 0; r < rows; r++) {
            int o = r * dim;
            sq[r] = exactF != null ? acc.dot(exactF, o, exactF, o, dim) : acc.dot(exactD, o, exactD, o, dim);
          }
          squaredNorms = sq;
        }
      }
    }
    return sq[i];
  }

  /** Bytes of array payload this block ships (the original values and norms). */
  public long payloadBytes() {
    long b = exactF == null ? 0 : 4L * exactF.length;
    b += exactD == null ? 0 : 8L * exactD.length;
    b += norms == null ? 0 : 8L * norms.length;
    b += values == null ? 0 : 8L * values.length;
    return b;
  }

  /**
   * The kernel rows, computed on first use: each element in double from the original value and
   * rounded once to fp32 ({@code x / norm} for cosine, {@code x * 2^-e} otherwise), as the
   * rounding bound assumes. Thread-safe: in local mode the broadcast blocks are shared by the
   * task threads.
   */
  public float[] kernel() {
    float[] k = kernel;
    if (k == null) {
      synchronized (this) {
        k = kernel;
        if (k == null) {
          k = computeKernel();
          kernel = k; // volatile write after bias: readers that see the kernel see the bias
        }
      }
    }
    return k;
  }

  /** The kernel row biases (l2: -|x~|²/2), or null for cosine and dot. */
  public float[] bias() {
    kernel();
    return bias;
  }

  /**
   * The rows as bits for {@link io.simpair.kernel.BinaryTileScorer} (only meaningful when every
   * value is 0 or 1), computed on first use like {@link #kernel()}.
   */
  public long[] bits() {
    long[] w = bits;
    if (w == null) {
      synchronized (this) {
        w = bits;
        if (w == null) {
          float[] k = kernel();
          int words = (dim + 63) >>> 6;
          w = new long[rows * words];
          float[] u = new float[rows];
          for (int i = 0; i < rows; i++) {
            for (int e = 0; e < dim; e++) {
              double x = exactF != null ? exactF[i * dim + e] : exactD[i * dim + e];
              if (x != 0) {
                w[i * words + (e >>> 6)] |= 1L << e;
                u[i] = k[i * dim + e];
              }
            }
          }
          unit = u;
          bits = w; // volatile write after unit
        }
      }
    }
    return w;
  }

  /** The kernel rows without their zeros (for {@link SparseMaxima}), computed on first use like {@link #kernel()}. */
  SparseRows sparse() {
    SparseRows s = sparse;
    if (s == null) {
      synchronized (this) {
        s = sparse;
        if (s == null) {
          s = SparseRows.of(kernel(), rows, dim);
          sparse = s;
        }
      }
    }
    return s;
  }

  /**
   * The kernel rows sketched by {@code p} ({@link ProjectionBound#sketch}), row-major with {@code
   * p.sketchDim()} values a row, computed on first use per projection like {@link #kernel()}.
   */
  float[] sketch(ProjectionBound p) {
    Sketch s = sketch;
    if (s == null || s.projection() != p.id()) {
      synchronized (this) {
        s = sketch;
        if (s == null || s.projection() != p.id()) {
          float[] out = new float[rows * p.sketchDim()];
          p.sketch(kernel(), rows, out);
          s = new Sketch(p.id(), out);
          sketch = s;
        }
      }
    }
    return s.rows();
  }

  /** See {@link #unit}; valid after {@link #bits()}. */
  public float[] unit() {
    bits();
    return unit;
  }

  private float[] computeKernel() {
    float[] k = new float[rows * dim];
    float[] b = metric == Metric.L2 ? new float[rows] : null;
    for (int i = 0; i < rows; i++) {
      int o = i * dim;
      double sq = 0;
      for (int e = 0; e < dim; e++) {
        double x = exactF != null ? exactF[o + e] : exactD[o + e];
        // cosine divides (not multiplies by 1/norm) to keep the one-rounding-per-element bound
        float v = (float) (metric == Metric.COSINE ? x / norms[i] : x * scale);
        k[o + e] = v;
        sq += (double) v * v;
      }
      if (b != null) {
        b[i] = (float) (-sq / 2);
      }
    }
    bias = b;
    return k;
  }

  /** Fills row {@code i} from an original vector (fp32 or fp64, exactly one non-null). */
  public void setRow(int i, float[] f, double[] d) {
    setRow(i, f, d, 0);
  }

  /** As above, with the vector at {@code src} of {@code f} or {@code d}. */
  public void setRow(int i, float[] f, double[] d, int src) {
    int o = i * dim;
    if (f != null) {
      System.arraycopy(f, src, exactF, o, dim);
    } else {
      System.arraycopy(d, src, exactD, o, dim);
    }
    bits = null;
    sparse = null;
    squaredNorms = null;
    if (norms != null) {
      norms[i] = f != null ? ExactScore.norm(f, src, dim) : ExactScore.norm(d, src, dim);
    }
    kernel = null;
  }

  /**
   * This block with its original values as doubles (exactly: every float is a double), for a
   * tile against an fp64 block; itself when already fp64. Made once per JVM and kept.
   */
  public RowBlock fp64() {
    if (exactD != null) {
      return this;
    }
    RowBlock w = wide;
    if (w == null) {
      synchronized (this) {
        w = wide;
        if (w == null) {
          w = allocate(side, block, start, rows, dim, metric, scale, false);
          for (int i = 0; i < exactF.length; i++) {
            w.exactD[i] = exactF[i];
          }
          if (norms != null) {
            System.arraycopy(norms, 0, w.norms, 0, rows);
          }
          w.values = values;
          wide = w;
        }
      }
    }
    return w;
  }

  private transient volatile RowBlock wide;

  /** A new block of this block's first {@code k} rows (all of them when fewer), same side, start and scale. */
  public RowBlock head(int k) {
    int take = Math.min(k, rows);
    RowBlock out = allocate(side, block, start, take, dim, metric, metric == Metric.COSINE ? 1 : scale, exactF != null);
    for (int i = 0; i < take; i++) {
      out.setRow(i, exactF, exactD, i * dim);
    }
    out.values = values == null ? null : java.util.Arrays.copyOf(values, take);
    return out;
  }

  /** An empty block of {@code rows x dim} for side 0. */
  public static RowBlock allocate(
      int block, long start, int rows, int dim, Metric metric, double scale, boolean fp32) {
    return allocate(0, block, start, rows, dim, metric, scale, fp32);
  }

  /** An empty block of {@code rows x dim} for side 0 (A) or 1 (B). */
  public static RowBlock allocate(
      int side, int block, long start, int rows, int dim, Metric metric, double scale, boolean fp32) {
    RowBlock b = new RowBlock();
    b.side = side;
    b.block = block;
    b.start = start;
    b.rows = rows;
    b.dim = dim;
    b.metric = metric;
    b.scale = metric == Metric.COSINE ? 1 : scale;
    b.norms = metric == Metric.COSINE ? new double[rows] : null;
    if (fp32) {
      b.exactF = new float[rows * dim];
    } else {
      b.exactD = new double[rows * dim];
    }
    return b;
  }
}
