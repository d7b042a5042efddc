package io.simpair.kernel;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BinaryTileScorer} on the Vector API: {@code AND} plus lanewise {@code BIT_COUNT} over
 * word-interleaved panels, so that every lane of an accumulator is a different pair and no
 * horizontal sum is ever needed.
 *
 * <p><b>Layout.</b> Each call packs B into panels of {@code LANES} rows (8 with 512-bit
 * vectors), k-major: word {@code k} of panel row {@code r} at {@code bp[panel * LANES * words +
 * k * LANES + r]}, so one {@code LongVector} load is word {@code k} of {@code LANES} different B
 * rows. A is packed the same way in panels of {@link #MR} rows, so the {@code MR} words a k step
 * broadcasts are adjacent. Packing is {@code O(n * words)}, against {@code O(n² * words)} for the
 * counts.
 *
 * <p><b>Micro-tile.</b> {@link #MR} = 8 A rows x 2 B vectors ({@code 2 * LANES} = 16 B rows):
 * per word, 8 broadcasts and 2 loads feed 16 {@code AND + BIT_COUNT + ADD} into 16
 * accumulators, i.e. 128 pairs (C: bench/c/binary_popcount.c, same shape). After the k loop
 * lane {@code l} of accumulator {@code (r, v)} is exactly {@code c(i0 + r, j0 + v * LANES + l)}.
 *
 * <p><b>Selection, exact.</b> Per row the best so far is {@code bestNum / bestDen} ({@link
 * AbstractBinaryTileScorer}); a pair can only win or tie when {@code c² · bestDen_i >= bestNum_i
 * · den_j}, the very comparison {@link #consider} makes, done here lanewise in {@code long}
 * ({@code bits³ < 2^63}, so no product overflows). Only lanes that pass go through the scalar
 * {@link #consider}, which also applies the smallest-j tie rule. The filter uses the row's best
 * from before the micro-tile; bests only grow, so a lane it rejects would be rejected by
 * {@link #consider} too. Columns are visited in increasing j, so a row's best improves only a
 * few times per tile (about 5 per 2048 random columns): most rows of a micro-tile end with the
 * lanewise test alone. Exact duplicates of a row's best column still pass (ties) and cost a
 * scalar {@link #consider} each.
 *
 * <p><b>Edges.</b> A rows beyond the last full panel of {@code MR}, B rows beyond the last full
 * {@code 2 * LANES}, and on a diagonal tile the pairs next to the diagonal, go pair by pair
 * through a row-major vector loop with one horizontal sum; the hot method only ever sees full,
 * admissible micro-tiles. Words need no tail: a k step is one word, whatever {@code words %
 * LANES}.
 *
 * <p>{@code VectorOperators.BIT_COUNT} exists from JDK 19 on, while the project compiles with
 * {@code --release 17} against JDK 17's incubator API, which lacks it. The operator is
 * therefore looked up by name when this class initialises; without it initialisation fails,
 * and {@link BinaryScorerProvider} (which loads this class by name) falls back to {@link
 * ScalarBinaryTileScorer}. The field is a {@code static final} constant, so the JIT folds the
 * lookup away and emits {@code vpopcntq} where the CPU has AVX512_VPOPCNTDQ.
 */
final class VectorizedBinaryTileScorer extends AbstractBinaryTileScorer {

  static final VectorSpecies<Long> SPECIES = LongVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  static final VectorOperators.Unary BIT_COUNT = bitCountOperator();

  /** A rows per micro-tile (one broadcast each per word). */
  static final int MR = 8;

  /** B rows per micro-tile: two vectors of {@code LANES} rows. */
  static final int NR = 2 * LANES;

  /**
   * Bytes of packed B kept hot per block: 4096-bit rows are 512 bytes, so a 2048-row tile's B
   * (1 MB) would not stay in the 1 MB L2 while the A panels stream past it.
   */
  private static final int B_BLOCK_BYTES = 256 * 1024;

  /** Words covered by whole vectors in {@link #pairCount}; the rest is its scalar tail. */
  private final int body;

  private final int blockRows;

  // Scratch: packed panels (grown on demand) and one micro-tile's counts, row-major.
  private long[] ap = new long[0];
  private long[] bp = new long[0];
  private final long[] tile = new long[MR * NR];

  VectorizedBinaryTileScorer(int bits, BinaryScore score) {
    super(bits, score);
    this.body = SPECIES.loopBound(words);
    this.blockRows = Math.max(NR, B_BLOCK_BYTES / (words * Long.BYTES) / NR * NR);
  }

  /** {@code VectorOperators.BIT_COUNT}, or an {@link UnsupportedOperationException} before 19. */
  private static VectorOperators.Unary bitCountOperator() {
    try {
      return (VectorOperators.Unary) VectorOperators.class.getField("BIT_COUNT").get(null);
    } catch (ReflectiveOperationException e) {
      // Without the cause: the message says all, and it becomes the provider's logged reason.
      throw new UnsupportedOperationException(
          "VectorOperators.BIT_COUNT not in this JDK's Vector API (needs JDK 19+, running "
              + Runtime.version()
              + ")");
    }
  }

  @Override
  public String name() {
    return "vectorized-binary(" + SPECIES.vectorBitSize() + "-bit, BIT_COUNT, 8x" + NR
        + " transposed)";
  }

  @Override
  void scan(long[] a, int aRows, long[] b, int bRows, boolean diagonal) {
    int aFull = aRows / MR * MR;
    int bFull = bRows / NR * NR;
    if (aFull > 0 && bFull > 0) {
      ap = pack(a, aFull, MR, ap);
      bp = pack(b, bFull, LANES, bp);
    }
    for (int jb = 0; jb < bFull; jb += blockRows) {
      int je = Math.min(bFull, jb + blockRows);
      for (int i0 = 0; i0 < aFull; i0 += MR) {
        int jStart = jb;
        if (diagonal) {
          // Full micro-tiles start at the first multiple of NR at or past i0 + MR (all j > i);
          // before that, only the pairs with j > i, one by one.
          int jFull = Math.max(jb, Math.min(je, (i0 + MR + NR - 1) / NR * NR));
          for (int i = i0; i < i0 + MR; i++) {
            for (int j = Math.max(jb, i + 1); j < jFull; j++) {
              consider(i, j, pairCount(a, i * words, b, j * words));
            }
          }
          jStart = jFull;
        }
        for (int j0 = jStart; j0 < je; j0 += NR) {
          microTile(ap, i0 * words, bp, j0 * words, words);
          foldTile(i0, j0);
        }
      }
    }
    // Ragged edges, pair by pair: rows of full panels against the last B rows, then the last A
    // rows against everything.
    for (int i = 0; i < aRows; i++) {
      int from = i < aFull ? bFull : 0;
      for (int j = diagonal ? Math.max(from, i + 1) : from; j < bRows; j++) {
        consider(i, j, pairCount(a, i * words, b, j * words));
      }
    }
  }

  /**
   * Rows {@code [0, rows)} of row-major {@code x} ({@code rows} a multiple of {@code panel}) in
   * panels of {@code panel} rows, k-major: {@code out[p * panel * words + k * panel + r] = x[(p *
   * panel + r) * words + k]}. Reuses {@code out} when it is long enough.
   */
  private long[] pack(long[] x, int rows, int panel, long[] out) {
    int len = rows * words;
    long[] p = out.length >= len ? out : new long[len];
    for (int p0 = 0; p0 < rows; p0 += panel) {
      int base = p0 * words;
      for (int r = 0; r < panel; r++) {
        int src = (p0 + r) * words;
        for (int k = 0; k < words; k++) {
          p[base + k * panel + r] = x[src + k];
        }
      }
    }
    return p;
  }

  /** {@code popcount(a[ao..) AND b[bo..))} over one row-major row: vector body, scalar tail. */
  private int pairCount(long[] a, int ao, long[] b, int bo) {
    int k = 0;
    long s = 0;
    if (body > 0) {
      LongVector acc = LongVector.zero(SPECIES);
      for (; k < body; k += LANES) {
        LongVector x = LongVector.fromArray(SPECIES, a, ao + k);
        LongVector y = LongVector.fromArray(SPECIES, b, bo + k);
        acc = acc.add(x.and(y).lanewise(BIT_COUNT));
      }
      s = acc.reduceLanes(VectorOperators.ADD);
    }
    for (; k < words; k++) {
      s += Long.bitCount(a[ao + k] & b[bo + k]);
    }
    return (int) s;
  }

  /**
   * The hot loop: counts of the 8 A rows of the panel at {@code ao} in {@code ap} against the 16
   * B rows of the two panels at {@code bo} in {@code bp}, stored row-major into {@link #tile}
   * ({@code tile[r * NR + c]}). Only loads, broadcasts, AND, bit count and adds in the k loop;
   * no horizontal sums.
   */
  private void microTile(long[] ap, int ao, long[] bp, int bo, int words) {
    LongVector c00 = LongVector.zero(SPECIES);
    LongVector c01 = c00;
    LongVector c10 = c00;
    LongVector c11 = c00;
    LongVector c20 = c00;
    LongVector c21 = c00;
    LongVector c30 = c00;
    LongVector c31 = c00;
    LongVector c40 = c00;
    LongVector c41 = c00;
    LongVector c50 = c00;
    LongVector c51 = c00;
    LongVector c60 = c00;
    LongVector c61 = c00;
    LongVector c70 = c00;
    LongVector c71 = c00;
    int b1 = bo + LANES * words;
    for (int k = 0; k < words; k++) {
      int ak = ao + k * MR;
      LongVector y0 = LongVector.fromArray(SPECIES, bp, bo + k * LANES);
      LongVector y1 = LongVector.fromArray(SPECIES, bp, b1 + k * LANES);
      LongVector x = LongVector.broadcast(SPECIES, ap[ak]);
      c00 = c00.add(x.and(y0).lanewise(BIT_COUNT));
      c01 = c01.add(x.and(y1).lanewise(BIT_COUNT));
      x = LongVector.broadcast(SPECIES, ap[ak + 1]);
      c10 = c10.add(x.and(y0).lanewise(BIT_COUNT));
      c11 = c11.add(x.and(y1).lanewise(BIT_COUNT));
      x = LongVector.broadcast(SPECIES, ap[ak + 2]);
      c20 = c20.add(x.and(y0).lanewise(BIT_COUNT));
      c21 = c21.add(x.and(y1).lanewise(BIT_COUNT));
      x = LongVector.broadcast(SPECIES, ap[ak + 3]);
      c30 = c30.add(x.and(y0).lanewise(BIT_COUNT));
      c31 = c31.add(x.and(y1).lanewise(BIT_COUNT));
      x = LongVector.broadcast(SPECIES, ap[ak + 4]);
      c40 = c40.add(x.and(y0).lanewise(BIT_COUNT));
      c41 = c41.add(x.and(y1).lanewise(BIT_COUNT));
      x = LongVector.broadcast(SPECIES, ap[ak + 5]);
      c50 = c50.add(x.and(y0).lanewise(BIT_COUNT));
      c51 = c51.add(x.and(y1).lanewise(BIT_COUNT));
      x = LongVector.broadcast(SPECIES, ap[ak + 6]);
      c60 = c60.add(x.and(y0).lanewise(BIT_COUNT));
      c61 = c61.add(x.and(y1).lanewise(BIT_COUNT));
      x = LongVector.broadcast(SPECIES, ap[ak + 7]);
      c70 = c70.add(x.and(y0).lanewise(BIT_COUNT));
      c71 = c71.add(x.and(y1).lanewise(BIT_COUNT));
    }
    long[] t = tile;
    c00.intoArray(t, 0);
    c01.intoArray(t, LANES);
    c10.intoArray(t, NR);
    c11.intoArray(t, NR + LANES);
    c20.intoArray(t, 2 * NR);
    c21.intoArray(t, 2 * NR + LANES);
    c30.intoArray(t, 3 * NR);
    c31.intoArray(t, 3 * NR + LANES);
    c40.intoArray(t, 4 * NR);
    c41.intoArray(t, 4 * NR + LANES);
    c50.intoArray(t, 5 * NR);
    c51.intoArray(t, 5 * NR + LANES);
    c60.intoArray(t, 6 * NR);
    c61.intoArray(t, 6 * NR + LANES);
    c70.intoArray(t, 7 * NR);
    c71.intoArray(t, 7 * NR + LANES);
  }

  /**
   * Folds the micro-tile's counts in {@link #tile} into the bests of rows {@code i0..i0+MR}:
   * lanes whose {@code c² · bestDen_i >= bestNum_i · den_j} ({@code <=} for {@link #minScores})
   * (could win or tie) go to {@link
   * #settle}. A separate method, so that the hot loop's method stays small and no vector
   * crosses a call (a vector argument of a method the JIT does not inline gets boxed).
   */
  private void foldTile(int i0, int j0) {
    long[] t = tile;
    LongVector d0 = LongVector.fromArray(SPECIES, den, j0);
    LongVector d1 = LongVector.fromArray(SPECIES, den, j0 + LANES);
    // could win or tie: >= for maxima, <= for minima (minScores)
    VectorOperators.Comparison cmp = least ? VectorOperators.LE : VectorOperators.GE;
    for (int r = 0; r < MR; r++) {
      int i = i0 + r;
      long bn = bestNum[i];
      long bd = bestDen[i];
      LongVector v0 = LongVector.fromArray(SPECIES, t, r * NR);
      LongVector v1 = LongVector.fromArray(SPECIES, t, r * NR + LANES);
      VectorMask<Long> m0 = v0.mul(v0).mul(bd).compare(cmp, d0.mul(bn));
      VectorMask<Long> m1 = v1.mul(v1).mul(bd).compare(cmp, d1.mul(bn));
      if (m0.or(m1).anyTrue()) {
        settle(i, j0, r * NR, m0.toLong() | m1.toLong() << LANES);
      }
    }
  }

  /** The exact scalar fold of the lanes set in {@code mask}, counts at {@code tile[off + l]}. */
  private void settle(int i, int j0, int off, long mask) {
    for (long m = mask; m != 0; m &= m - 1) {
      int l = Long.numberOfTrailingZeros(m);
      consider(i, j0 + l, (int) tile[off + l]);
    }
  }
}
