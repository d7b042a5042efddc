package io.simpair.kernel;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Benchmark baseline only (BinaryKernelBench {@code impl=old4x4}): the binary kernel as it was
 * before the transposed {@link VectorizedBinaryTileScorer}, kept so that old and new can be
 * timed in the same JMH run. Not part of the product jar (it lives in src/jmh).
 *
 * <p>{@link BinaryTileScorer} on the Vector API: {@code AND} plus lanewise {@code BIT_COUNT} in
 * a 4 x 4 register block over row-major rows, 16 horizontal sums and 16 scalar {@code consider}
 * calls per micro-tile.
 *
 * <p>{@code VectorOperators.BIT_COUNT} exists from JDK 19 on, while the project compiles with
 * {@code --release 17} against JDK 17's incubator API, which lacks it. The operator is
 * therefore looked up by name when this class initialises; without it initialisation fails,
 * and {@link BinaryScorerProvider} (which loads this class by name) falls back to {@link
 * ScalarBinaryTileScorer}. The field is a {@code static final} constant, so the JIT folds the
 * lookup away and emits {@code vpopcntq} where the CPU has AVX512_VPOPCNTDQ.
 *
 * <p>Counts are exact: each lane adds at most 64 per word, far below {@code 2^63}.
 */
public final class Old4x4BinaryTileScorer extends AbstractBinaryTileScorer {

  static final VectorSpecies<Long> SPECIES = LongVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  static final VectorOperators.Unary BIT_COUNT = bitCountOperator();

  /**
   * Rows of A and of B per micro-tile. 4 x 4 = 16 accumulators plus 8 loaded vectors is 24 of
   * the 32 zmm registers; each k step does 8 loads for 16 AND + popcount + add, where a
   * per-pair loop does 2 loads for one.
   */
  static final int MR = 4;

  /**
   * Bytes of B kept hot per block: 4096-bit rows are 512 bytes, so a 4096-row tile's B (2 MB)
   * would not stay in the 1 MB L2 while A row groups stream past it.
   */
  private static final int B_BLOCK_BYTES = 256 * 1024;

  /** Words covered by whole vectors; the rest (words % LANES) is the scalar tail. */
  private final int body;

  private final int blockRows;
  private final int[] counts = new int[MR * MR];

  public Old4x4BinaryTileScorer(int bits, BinaryScore score) {
    super(bits, score);
    this.body = SPECIES.loopBound(words);
    this.blockRows = Math.max(MR, B_BLOCK_BYTES / (words * Long.BYTES) / MR * MR);
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
    return "old-vectorized-binary(" + SPECIES.vectorBitSize() + "-bit, BIT_COUNT, 4x4)";
  }

  @Override
  void scan(long[] a, int aRows, long[] b, int bRows, boolean diagonal) {
    int aFull = aRows / MR * MR;
    int bFull = bRows / MR * MR;
    int[] cnt = counts;
    for (int jb = 0; jb < bFull; jb += blockRows) {
      int je = Math.min(bFull, jb + blockRows);
      for (int i0 = 0; i0 < aFull; i0 += MR) {
        int jStart = jb;
        if (diagonal) {
          // Groups align on the diagonal (aRows == bRows): group j0 == i0 crosses it, groups
          // before it hold only j < i, groups after it only j > i.
          if (i0 >= je) {
            continue;
          }
          if (i0 >= jb) {
            for (int i = i0; i < i0 + MR; i++) {
              for (int j = i + 1; j < i0 + MR; j++) {
                consider(i, j, pairCount(a, i * words, b, j * words));
              }
            }
            jStart = i0 + MR;
          }
        }
        for (int j0 = jStart; j0 < je; j0 += MR) {
          microTile(a, i0 * words, b, j0 * words, words, body, cnt);
          if (body < words) {
            microTail(a, i0 * words, b, j0 * words, words, body, cnt);
          }
          for (int r = 0; r < MR; r++) {
            for (int c = 0; c < MR; c++) {
              consider(i0 + r, j0 + c, cnt[r * MR + c]);
            }
          }
        }
      }
    }
    // Ragged edges, pair by pair: rows of full groups against the last B columns, then the
    // last A rows against everything.
    for (int i = 0; i < aRows; i++) {
      int from = i < aFull ? bFull : 0;
      for (int j = diagonal ? Math.max(from, i + 1) : from; j < bRows; j++) {
        consider(i, j, pairCount(a, i * words, b, j * words));
      }
    }
  }

  /** {@code popcount(a[ao..) AND b[bo..))} over one row: vector body, scalar tail. */
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
    // Scalar tail.
    for (; k < words; k++) {
      s += Long.bitCount(a[ao + k] & b[bo + k]);
    }
    return (int) s;
  }

  /**
   * The hot loop: counts of the 4 A rows at {@code ao} against the 4 B rows at {@code bo} over
   * the vector body, into {@code out[r*4 + c]} (overwritten). Only loads, AND, popcount and adds;
   * 16 horizontal sums per micro-tile, after the k loop.
   */
  private static void microTile(long[] a, int ao, long[] b, int bo, int words, int body,
      int[] out) {
    LongVector c00 = LongVector.zero(SPECIES);
    LongVector c01 = c00;
    LongVector c02 = c00;
    LongVector c03 = c00;
    LongVector c10 = c00;
    LongVector c11 = c00;
    LongVector c12 = c00;
    LongVector c13 = c00;
    LongVector c20 = c00;
    LongVector c21 = c00;
    LongVector c22 = c00;
    LongVector c23 = c00;
    LongVector c30 = c00;
    LongVector c31 = c00;
    LongVector c32 = c00;
    LongVector c33 = c00;
    int a1 = ao + words;
    int a2 = a1 + words;
    int a3 = a2 + words;
    int b1 = bo + words;
    int b2 = b1 + words;
    int b3 = b2 + words;
    for (int k = 0; k < body; k += LANES) {
      LongVector y0 = LongVector.fromArray(SPECIES, b, bo + k);
      LongVector y1 = LongVector.fromArray(SPECIES, b, b1 + k);
      LongVector y2 = LongVector.fromArray(SPECIES, b, b2 + k);
      LongVector y3 = LongVector.fromArray(SPECIES, b, b3 + k);
      LongVector x = LongVector.fromArray(SPECIES, a, ao + k);
      c00 = c00.add(x.and(y0).lanewise(BIT_COUNT));
      c01 = c01.add(x.and(y1).lanewise(BIT_COUNT));
      c02 = c02.add(x.and(y2).lanewise(BIT_COUNT));
      c03 = c03.add(x.and(y3).lanewise(BIT_COUNT));
      x = LongVector.fromArray(SPECIES, a, a1 + k);
      c10 = c10.add(x.and(y0).lanewise(BIT_COUNT));
      c11 = c11.add(x.and(y1).lanewise(BIT_COUNT));
      c12 = c12.add(x.and(y2).lanewise(BIT_COUNT));
      c13 = c13.add(x.and(y3).lanewise(BIT_COUNT));
      x = LongVector.fromArray(SPECIES, a, a2 + k);
      c20 = c20.add(x.and(y0).lanewise(BIT_COUNT));
      c21 = c21.add(x.and(y1).lanewise(BIT_COUNT));
      c22 = c22.add(x.and(y2).lanewise(BIT_COUNT));
      c23 = c23.add(x.and(y3).lanewise(BIT_COUNT));
      x = LongVector.fromArray(SPECIES, a, a3 + k);
      c30 = c30.add(x.and(y0).lanewise(BIT_COUNT));
      c31 = c31.add(x.and(y1).lanewise(BIT_COUNT));
      c32 = c32.add(x.and(y2).lanewise(BIT_COUNT));
      c33 = c33.add(x.and(y3).lanewise(BIT_COUNT));
    }
    out[0] = (int) c00.reduceLanes(VectorOperators.ADD);
    out[1] = (int) c01.reduceLanes(VectorOperators.ADD);
    out[2] = (int) c02.reduceLanes(VectorOperators.ADD);
    out[3] = (int) c03.reduceLanes(VectorOperators.ADD);
    out[4] = (int) c10.reduceLanes(VectorOperators.ADD);
    out[5] = (int) c11.reduceLanes(VectorOperators.ADD);
    out[6] = (int) c12.reduceLanes(VectorOperators.ADD);
    out[7] = (int) c13.reduceLanes(VectorOperators.ADD);
    out[8] = (int) c20.reduceLanes(VectorOperators.ADD);
    out[9] = (int) c21.reduceLanes(VectorOperators.ADD);
    out[10] = (int) c22.reduceLanes(VectorOperators.ADD);
    out[11] = (int) c23.reduceLanes(VectorOperators.ADD);
    out[12] = (int) c30.reduceLanes(VectorOperators.ADD);
    out[13] = (int) c31.reduceLanes(VectorOperators.ADD);
    out[14] = (int) c32.reduceLanes(VectorOperators.ADD);
    out[15] = (int) c33.reduceLanes(VectorOperators.ADD);
  }

  /** Adds the scalar tail words {@code [from, words)} of the 4 x 4 micro-tile to {@code out}. */
  private static void microTail(long[] a, int ao, long[] b, int bo, int words, int from,
      int[] out) {
    for (int r = 0; r < MR; r++) {
      for (int c = 0; c < MR; c++) {
        out[r * MR + c] += andCount(a, ao + r * words + from, b, bo + c * words + from,
            words - from);
      }
    }
  }
}
