package io.simpair.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SimilaritySupport} on the JDK 17 incubator Vector API: {@code S = A · Bᵀ + p·1ᵀ + 1·qᵀ}
 * reduced to row and column maxima by an 8 x 2-vector register-blocked micro-kernel.
 *
 * <p>Only this class and {@link VectorizedSoftmaxFold} touch {@code jdk.incubator.vector}; {@link SimilarityProvider} loads it
 * by name, so the scalar path survives on a JVM without the module. It uses only calls present
 * in JDK 17's incubator API ({@code SPECIES_PREFERRED}, {@code fromArray}, {@code broadcast},
 * {@code fma}, {@code max}, {@code reduceLanes}, {@code loopBound}).
 *
 * <p><b>Rounding.</b> A tile score is evaluated as {@code c = fl(p + q)}, then {@code c =
 * fma(a[k], b[k], c)} for {@code k = 0 .. d-1}. That is recursive summation of the {@code d + 2}
 * terms {@code p, q, a[0]b[0], .., a[d-1]b[d-1]} in which the products are exact (inside the
 * FMA) and each of the {@code d + 1} partial sums is rounded once, so by Higham eq. (3.4) the
 * error is at most {@code gamma(d + 1) * (sum_k |a[k]b[k]| + |p| + |q|)}, within the {@code
 * gamma(d + 2)} contract of {@link SimilaritySupport}. {@link #dot} sums lanes and partial
 * accumulators in a tree; each product still passes through at most {@code d} roundings.
 */
final class VectorizedSimilaritySupport implements SimilaritySupport {

  static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();

  /** Rows of A per micro-tile: 8 rows x 2 vectors = 16 accumulators, half the 32 zmm registers. */
  static final int MR = 8;

  /** Columns of B per micro-tile: two vectors (32 floats with 512-bit vectors). */
  static final int NR = 2 * LANES;

  /**
   * Bytes of packed B kept hot per block. Zen 4 and Zen 5 have 1 MB of L2 per core; half of it
   * holds the B block while A panels (8 x d floats, L1-resident) stream past it. Shrinking the
   * block as d grows (128 columns at d = 1024) replaces splitting the k loop into passes: the
   * 16 accumulators never leave registers, so scores need no partial-sum buffer. Block sizes
   * from 64 KB to 512 KB measured the same at d = 384, n = 2048 (within 3%).
   */
  private static final int B_BLOCK_BYTES = 512 * 1024;

  VectorizedSimilaritySupport() {
    // Micro-tiles must never straddle the diagonal on more than one B panel (see Scorer).
    if (NR % MR != 0) {
      throw new IllegalStateException("vector of " + LANES + " floats is too narrow");
    }
  }

  @Override
  public String name() {
    return "vectorized(" + SPECIES.vectorBitSize() + "-bit, " + LANES + " float lanes)";
  }

  @Override
  public float dot(float[] a, int aOffset, float[] b, int bOffset, int dim) {
    TileChecks.checkRange("a", a, aOffset, dim);
    TileChecks.checkRange("b", b, bOffset, dim);
    int k = 0;
    float s = 0f;
    // Four accumulators hide the 4-cycle FMA latency; below one vector there is only the tail.
    if (dim >= LANES) {
      FloatVector acc0 = FloatVector.zero(SPECIES);
      FloatVector acc1 = FloatVector.zero(SPECIES);
      FloatVector acc2 = FloatVector.zero(SPECIES);
      FloatVector acc3 = FloatVector.zero(SPECIES);
      int bound4 = dim - dim % (4 * LANES);
      for (; k < bound4; k += 4 * LANES) {
        acc0 = fma(a, aOffset + k, b, bOffset + k, acc0);
        acc1 = fma(a, aOffset + k + LANES, b, bOffset + k + LANES, acc1);
        acc2 = fma(a, aOffset + k + 2 * LANES, b, bOffset + k + 2 * LANES, acc2);
        acc3 = fma(a, aOffset + k + 3 * LANES, b, bOffset + k + 3 * LANES, acc3);
      }
      int bound = SPECIES.loopBound(dim);
      for (; k < bound; k += LANES) {
        acc0 = fma(a, aOffset + k, b, bOffset + k, acc0);
      }
      s = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
    }
    // Scalar tail.
    for (; k < dim; k++) {
      s = Math.fma(a[aOffset + k], b[bOffset + k], s);
    }
    return s;
  }

  private static FloatVector fma(float[] a, int i, float[] b, int j, FloatVector acc) {
    return FloatVector.fromArray(SPECIES, a, i).fma(FloatVector.fromArray(SPECIES, b, j), acc);
  }

  @Override
  public TileScorer newTileScorer(int dim) {
    TileChecks.checkDim(dim);
    return new Scorer(dim);
  }

  @Override
  public StripScorer newStripScorer(int dim) {
    TileChecks.checkDim(dim);
    return new Scorer(dim);
  }

  @Override
  public SoftmaxFold softmaxFold() {
    return VectorizedSoftmaxFold.INSTANCE;
  }

  /**
   * Packs both sides of a tile and scans it by micro-tiles.
   *
   * <p>Layout: A is packed into panels of {@link #MR} rows, k-major ({@code ap[p*MR*d + k*MR +
   * r]}), B into panels of {@link #NR} columns, k-major ({@code bp[q*NR*d + k*NR + c]}). The k
   * loop of the micro-kernel then reads 8 consecutive A floats (broadcast) and 2 consecutive B
   * vectors, so any {@code d} works without padding k. Ragged edges are padded instead: padded
   * rows and columns hold zeros and bias {@code -Infinity}, so their scores are {@code
   * -Infinity} and never win a row or column maximum; padded rows' own maxima are dropped.
   *
   * <p>On a diagonal tile the A panel {@code p} (rows {@code 8p..8p+7}) lies inside the B panel
   * {@code qd = 8p / NR}: panels before it hold only {@code j < i} and are skipped, panels after
   * it only {@code j > i} and take the fused path, and {@code qd} itself is the single
   * crossing micro-tile per A panel, which goes through {@link #crossingMicroTile}.
   */
  private static final class Scorer implements TileScorer, StripScorer {
    private final int dim;
    /** B panels per block: the block ({@code NR * d * 4} bytes a panel) stays in L2. */
    private final int blockPanels;

    // Scratch reused across calls; grown on demand, never shrunk. Stale contents beyond the
    // current tile are never read: packing rewrites every slot of every panel it uses.
    private float[] ap = new float[0];
    private float[] aBiasPacked = new float[0];
    private float[] bp = new float[0];
    private float[] bBiasPacked = new float[0];
    private float[] rowBest = new float[0];
    private float[] colVecMax = new float[0];
    private final float[] rowVecMax = new float[MR * LANES];
    private final float[] microTile = new float[MR * NR];
    private float[] strip = new float[0];

    Scorer(int dim) {
      this.dim = dim;
      this.blockPanels = Math.max(1, B_BLOCK_BYTES / (NR * dim * Float.BYTES));
    }

    @Override
    public int dim() {
      return dim;
    }

    @Override
    public void maxScores(
        float[] a,
        float[] aBias,
        int aRows,
        float[] b,
        float[] bBias,
        int bRows,
        boolean diagonal,
        float[] rowMax,
        float[] colMax) {
      TileChecks.checkTile(dim, a, aBias, aRows, b, bBias, bRows, diagonal, rowMax, colMax);
      int aPanels = (aRows + MR - 1) / MR;
      int bPanels = (bRows + NR - 1) / NR;
      packA(a, aBias, aRows, aPanels);
      packB(b, bBias, bRows, bPanels);
      if (rowBest.length < aPanels * MR) {
        rowBest = new float[aPanels * MR];
      }
      if (colVecMax.length < bPanels * NR) {
        colVecMax = new float[bPanels * NR];
      }
      Arrays.fill(rowBest, 0, aPanels * MR, Float.NEGATIVE_INFINITY);
      Arrays.fill(colVecMax, 0, bPanels * NR, Float.NEGATIVE_INFINITY);

      for (int q0 = 0; q0 < bPanels; q0 += blockPanels) {
        int q1 = Math.min(bPanels, q0 + blockPanels);
        for (int p = 0; p < aPanels; p++) {
          int qStart = q0;
          if (diagonal) {
            int qd = p * MR / NR;
            if (qd >= q1) {
              continue; // the whole block lies left of the diagonal: j < i everywhere
            }
            if (qd >= q0) {
              crossingMicroTile(p, qd);
              qStart = qd + 1;
            }
          }
          if (qStart < q1) {
            scanPanelRow(p, qStart, q1);
          }
        }
      }

      System.arraycopy(rowBest, 0, rowMax, 0, aRows);
      if (colMax != null) {
        System.arraycopy(colVecMax, 0, colMax, 0, bRows);
      }
    }

    @Override
    public int paddedColumns(int bRows) {
      return (bRows + NR - 1) / NR * NR;
    }

    /**
     * The same micro-tiles as {@link #maxScores} (same packing, same arithmetic), copied into a
     * strip of 8 rows by one B block instead of folded into maxima; the crossing micro-tile of a
     * diagonal tile has its entries {@code j <= i} set to {@code -Infinity}.
     */
    @Override
    public void scoreStrips(
        float[] a, float[] aBias, int aRows, float[] b, float[] bBias, int bRows, boolean diagonal, Sink sink) {
      if (rowBest.length < aRows) {
        rowBest = new float[aRows];
      }
      TileChecks.checkTile(dim, a, aBias, aRows, b, bBias, bRows, diagonal, rowBest, null);
      int aPanels = (aRows + MR - 1) / MR;
      int bPanels = (bRows + NR - 1) / NR;
      packA(a, aBias, aRows, aPanels);
      packB(b, bBias, bRows, bPanels);
      int stride = blockPanels * NR;
      if (strip.length < MR * stride) {
        strip = new float[MR * stride];
      }
      float[] acc = microTile;
      for (int q0 = 0; q0 < bPanels; q0 += blockPanels) {
        int q1 = Math.min(bPanels, q0 + blockPanels);
        for (int p = 0; p < aPanels; p++) {
          int qStart = q0;
          if (diagonal) {
            int qd = p * MR / NR;
            if (qd >= q1) {
              continue;
            }
            qStart = Math.max(q0, qd);
          }
          for (int q = qStart; q < q1; q++) {
            boolean crossing = diagonal && q == p * MR / NR;
            if (crossing) {
              storeMicroTile(ap, p * MR * dim, aBiasPacked, p * MR, bp, q * NR * dim, bBiasPacked, q * NR, dim, acc);
              for (int r = 0; r < MR; r++) {
                for (int c = 0; c < NR; c++) {
                  if (q * NR + c <= p * MR + r) {
                    acc[r * NR + c] = Float.NEGATIVE_INFINITY;
                  }
                }
              }
            } else {
              fusedMicroTile(ap, p * MR * dim, aBiasPacked, p * MR, bp, q * NR * dim, bBiasPacked, q * NR, dim, acc);
            }
            int at = (q - qStart) * NR;
            for (int r = 0; r < MR; r++) {
              System.arraycopy(acc, r * NR, strip, r * stride + at, NR);
            }
          }
          int rows = Math.min(MR, aRows - p * MR);
          sink.strip(strip, stride, p * MR, rows, qStart * NR, (q1 - qStart) * NR);
        }
      }
    }

    /** Fused micro-tiles of A panel {@code p} against B panels {@code [q0, q1)}. */
    private void scanPanelRow(int p, int q0, int q1) {
      float[] rvm = rowVecMax;
      Arrays.fill(rvm, Float.NEGATIVE_INFINITY);
      int aOff = p * MR * dim;
      float[] acc = microTile;
      for (int q = q0; q < q1; q++) {
        fusedMicroTile(ap, aOff, aBiasPacked, p * MR, bp, q * NR * dim, bBiasPacked, q * NR, dim,
            acc);
        foldMicroTile(acc, rvm, colVecMax, q * NR);
      }
      // One horizontal reduction per row and block, not per micro-tile.
      for (int r = 0; r < MR; r++) {
        float m = FloatVector.fromArray(SPECIES, rvm, r * LANES).reduceLanes(VectorOperators.MAX);
        rowBest[p * MR + r] = Math.max(rowBest[p * MR + r], m);
      }
    }

    /**
     * The micro-tile of A panel {@code p} and B panel {@code q} that crosses the diagonal: scores
     * are stored, then folded keeping only {@code j > i}. Once per A panel, so not hot.
     */
    private void crossingMicroTile(int p, int q) {
      float[] tile = microTile;
      storeMicroTile(ap, p * MR * dim, aBiasPacked, p * MR, bp, q * NR * dim, bBiasPacked, q * NR,
          dim, tile);
      for (int r = 0; r < MR; r++) {
        int i = p * MR + r;
        float best = rowBest[i];
        for (int c = 0; c < NR; c++) {
          int j = q * NR + c;
          if (j > i) {
            float s = tile[r * NR + c];
            best = Math.max(best, s);
            colVecMax[j] = Math.max(colVecMax[j], s);
          }
        }
        rowBest[i] = best;
      }
    }

    private void packA(float[] a, float[] aBias, int aRows, int aPanels) {
      if (ap.length < aPanels * MR * dim) {
        ap = new float[aPanels * MR * dim];
        aBiasPacked = new float[aPanels * MR];
      }
      pack(a, aBias, aRows, aPanels * MR, MR, dim, ap, aBiasPacked);
    }

    private void packB(float[] b, float[] bBias, int bRows, int bPanels) {
      if (bp.length < bPanels * NR * dim) {
        bp = new float[bPanels * NR * dim];
        bBiasPacked = new float[bPanels * NR];
      }
      pack(b, bBias, bRows, bPanels * NR, NR, dim, bp, bBiasPacked);
    }
  }

  /** Columns per packing pass: a panel's 64 columns (8 KB at width 32) stay in L1 while filled. */
  private static final int PACK_K = 64;

  /**
   * Copies rows {@code x[0..rows)} into panels of {@code width} rows, k-major: row {@code i},
   * element {@code k} goes to {@code dst[(i / width) * width * dim + k * width + i % width]}.
   * Rows {@code [rows, paddedRows)} become zeros with bias {@code -Infinity}. A panel is filled
   * {@link #PACK_K} columns at a time: row by row over all of d, a width-32 panel at d = 384
   * (48 KB) left L1 between rows (2048 x 384 tile, both sides: 1.1 ms before, 0.9 ms after).
   */
  private static void pack(
      float[] x,
      float[] bias,
      int rows,
      int paddedRows,
      int width,
      int dim,
      float[] dst,
      float[] dstBias) {
    for (int p0 = 0; p0 < paddedRows; p0 += width) {
      int base = p0 * dim;
      for (int k0 = 0; k0 < dim; k0 += PACK_K) {
        int k1 = Math.min(dim, k0 + PACK_K);
        for (int r = 0; r < width; r++) {
          int i = p0 + r;
          int to = base + r;
          if (i < rows) {
            int from = i * dim;
            for (int k = k0; k < k1; k++) {
              dst[to + k * width] = x[from + k];
            }
          } else {
            for (int k = k0; k < k1; k++) {
              dst[to + k * width] = 0f;
            }
          }
        }
      }
      for (int r = 0; r < width; r++) {
        int i = p0 + r;
        dstBias[i] = i >= rows ? Float.NEGATIVE_INFINITY : bias == null ? 0f : bias[i];
      }
    }
  }

  /**
   * The hot loop: an 8 x 2-vector micro-tile of {@code S} in 16 accumulators, written to
   * {@code acc} for {@link #foldMicroTile}. Kept free of branches: a "store the tile" branch in
   * the same method cost Java 17 about half its speed when it was measured on these machines. The
   * unconditional store of 16 vectors per micro-tile replaced an in-method fold on 2026-11-28:
   * d = 64 went from 74 to 94 GFLOP/s and d = 384 from 97 to 103 (JDK 17, one thread).
   *
   * @param ap packed A; panel starts at {@code aOff}. Not modified.
   * @param aBias packed A bias; the panel's 8 rows start at {@code i0}. Not modified.
   * @param bp packed B; panel starts at {@code bOff}. Not modified.
   * @param bBias packed B bias; the panel's columns start at {@code j0}. Not modified.
   * @param acc 16 x LANES scores out: row r's two vectors at {@code 2r*LANES}. Modified.
   */
  private static void fusedMicroTile(
      float[] ap,
      int aOff,
      float[] aBias,
      int i0,
      float[] bp,
      int bOff,
      float[] bBias,
      int j0,
      int dim,
      float[] acc) {
    // Accumulators start at p + q so the bias costs no pass after the k loop.
    FloatVector q0 = FloatVector.fromArray(SPECIES, bBias, j0);
    FloatVector q1 = FloatVector.fromArray(SPECIES, bBias, j0 + LANES);
    FloatVector p = FloatVector.broadcast(SPECIES, aBias[i0]);
    FloatVector c00 = p.add(q0);
    FloatVector c01 = p.add(q1);
    p = FloatVector.broadcast(SPECIES, aBias[i0 + 1]);
    FloatVector c10 = p.add(q0);
    FloatVector c11 = p.add(q1);
    p = FloatVector.broadcast(SPECIES, aBias[i0 + 2]);
    FloatVector c20 = p.add(q0);
    FloatVector c21 = p.add(q1);
    p = FloatVector.broadcast(SPECIES, aBias[i0 + 3]);
    FloatVector c30 = p.add(q0);
    FloatVector c31 = p.add(q1);
    p = FloatVector.broadcast(SPECIES, aBias[i0 + 4]);
    FloatVector c40 = p.add(q0);
    FloatVector c41 = p.add(q1);
    p = FloatVector.broadcast(SPECIES, aBias[i0 + 5]);
    FloatVector c50 = p.add(q0);
    FloatVector c51 = p.add(q1);
    p = FloatVector.broadcast(SPECIES, aBias[i0 + 6]);
    FloatVector c60 = p.add(q0);
    FloatVector c61 = p.add(q1);
    p = FloatVector.broadcast(SPECIES, aBias[i0 + 7]);
    FloatVector c70 = p.add(q0);
    FloatVector c71 = p.add(q1);

    int ai = aOff;
    int bi = bOff;
    for (int k = 0; k < dim; k++, ai += MR, bi += NR) {
      FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bi);
      FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bi + LANES);
      FloatVector a = FloatVector.broadcast(SPECIES, ap[ai]);
      c00 = a.fma(b0, c00);
      c01 = a.fma(b1, c01);
      a = FloatVector.broadcast(SPECIES, ap[ai + 1]);
      c10 = a.fma(b0, c10);
      c11 = a.fma(b1, c11);
      a = FloatVector.broadcast(SPECIES, ap[ai + 2]);
      c20 = a.fma(b0, c20);
      c21 = a.fma(b1, c21);
      a = FloatVector.broadcast(SPECIES, ap[ai + 3]);
      c30 = a.fma(b0, c30);
      c31 = a.fma(b1, c31);
      a = FloatVector.broadcast(SPECIES, ap[ai + 4]);
      c40 = a.fma(b0, c40);
      c41 = a.fma(b1, c41);
      a = FloatVector.broadcast(SPECIES, ap[ai + 5]);
      c50 = a.fma(b0, c50);
      c51 = a.fma(b1, c51);
      a = FloatVector.broadcast(SPECIES, ap[ai + 6]);
      c60 = a.fma(b0, c60);
      c61 = a.fma(b1, c61);
      a = FloatVector.broadcast(SPECIES, ap[ai + 7]);
      c70 = a.fma(b0, c70);
      c71 = a.fma(b1, c71);
    }

    // The 16 accumulators go to memory unconditionally; folding them here (or through a helper
    // taking a FloatVector) made C2 either box every argument (the method is past its
    // NodeCountInliningCutoff, so the helper stays a call) or spill an accumulator inside the
    // k loop. Both were seen in the JIT output and measured slower.
    c00.intoArray(acc, 0);
    c01.intoArray(acc, LANES);
    c10.intoArray(acc, 2 * LANES);
    c11.intoArray(acc, 3 * LANES);
    c20.intoArray(acc, 4 * LANES);
    c21.intoArray(acc, 5 * LANES);
    c30.intoArray(acc, 6 * LANES);
    c31.intoArray(acc, 7 * LANES);
    c40.intoArray(acc, 8 * LANES);
    c41.intoArray(acc, 9 * LANES);
    c50.intoArray(acc, 10 * LANES);
    c51.intoArray(acc, 11 * LANES);
    c60.intoArray(acc, 12 * LANES);
    c61.intoArray(acc, 13 * LANES);
    c70.intoArray(acc, 14 * LANES);
    c71.intoArray(acc, 15 * LANES);
  }

  /**
   * Folds a micro-tile's scores {@code acc} (row r's two vectors at {@code 2r*LANES}) into the
   * per-row lane maxima {@code rowVecMax[r*LANES ..]} and the column maxima {@code
   * colVecMax[j0 ..]}.
   */
  private static void foldMicroTile(float[] acc, float[] rowVecMax, float[] colVecMax, int j0) {
    FloatVector m0 = FloatVector.fromArray(SPECIES, acc, 0);
    FloatVector m1 = FloatVector.fromArray(SPECIES, acc, LANES);
    FloatVector.fromArray(SPECIES, rowVecMax, 0).max(m0.max(m1)).intoArray(rowVecMax, 0);
    for (int r = 1; r < MR; r++) {
      FloatVector x0 = FloatVector.fromArray(SPECIES, acc, 2 * r * LANES);
      FloatVector x1 = FloatVector.fromArray(SPECIES, acc, (2 * r + 1) * LANES);
      FloatVector.fromArray(SPECIES, rowVecMax, r * LANES).max(x0.max(x1))
          .intoArray(rowVecMax, r * LANES);
      m0 = m0.max(x0);
      m1 = m1.max(x1);
    }
    FloatVector.fromArray(SPECIES, colVecMax, j0).max(m0).intoArray(colVecMax, j0);
    FloatVector.fromArray(SPECIES, colVecMax, j0 + LANES).max(m1).intoArray(colVecMax, j0 + LANES);
  }

  /**
   * The same arithmetic as {@link #fusedMicroTile}, in the same order (so the same rounding),
   * but storing the 8 x NR scores row-major into {@code tile}. Used for the diagonal's crossing
   * micro-tiles only.
   */
  private static void storeMicroTile(
      float[] ap,
      int aOff,
      float[] aBias,
      int i0,
      float[] bp,
      int bOff,
      float[] bBias,
      int j0,
      int dim,
      float[] tile) {
    FloatVector q0 = FloatVector.fromArray(SPECIES, bBias, j0);
    FloatVector q1 = FloatVector.fromArray(SPECIES, bBias, j0 + LANES);
    // Two rows at a time: four independent FMA chains keep this off the latency floor.
    for (int r = 0; r < MR; r += 2) {
      FloatVector p0 = FloatVector.broadcast(SPECIES, aBias[i0 + r]);
      FloatVector p1 = FloatVector.broadcast(SPECIES, aBias[i0 + r + 1]);
      FloatVector c00 = p0.add(q0);
      FloatVector c01 = p0.add(q1);
      FloatVector c10 = p1.add(q0);
      FloatVector c11 = p1.add(q1);
      int ai = aOff + r;
      int bi = bOff;
      for (int k = 0; k < dim; k++, ai += MR, bi += NR) {
        FloatVector b0 = FloatVector.fromArray(SPECIES, bp, bi);
        FloatVector b1 = FloatVector.fromArray(SPECIES, bp, bi + LANES);
        FloatVector a0 = FloatVector.broadcast(SPECIES, ap[ai]);
        FloatVector a1 = FloatVector.broadcast(SPECIES, ap[ai + 1]);
        c00 = a0.fma(b0, c00);
        c01 = a0.fma(b1, c01);
        c10 = a1.fma(b0, c10);
        c11 = a1.fma(b1, c11);
      }
      c00.intoArray(tile, r * NR);
      c01.intoArray(tile, r * NR + LANES);
      c10.intoArray(tile, (r + 1) * NR);
      c11.intoArray(tile, (r + 1) * NR + LANES);
    }
  }
}
