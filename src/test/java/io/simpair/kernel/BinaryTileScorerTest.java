package io.simpair.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@link BinaryTileScorer} against a brute-force oracle that works bit by bit on boolean
 * arrays and ranks cosines with {@link BigInteger}: exact equality of argmax and count.
 */
class BinaryTileScorerTest {

  private static final System.Logger LOG = System.getLogger(BinaryTileScorerTest.class.getName());

  private static final int[] BITS = {1, 63, 64, 65, 127, 1000, 4096, 4097};

  /** Ragged shapes: around the 4-row micro-tile, below it, and prime. */
  private static final int[][] SHAPES = {
    {0, 0}, {1, 1}, {1, 5}, {3, 2}, {4, 4}, {5, 4}, {7, 9}, {8, 8}, {13, 6}, {17, 17}, {33, 31}
  };

  static Stream<Arguments> implementations() {
    List<Arguments> impls = new ArrayList<>();
    impls.add(Arguments.of("scalar", (BiFunction<Integer, BinaryScore, BinaryTileScorer>)
        BinaryScorerProvider::scalar));
    BinaryScorerProvider.Choice c = BinaryScorerProvider.choose(null);
    LOG.log(System.Logger.Level.INFO, "binary kernel here: " + c.reason);
    assertEquals(vectorizedCanRun(), c.vectorized != null, c.reason);
    if (c.vectorized != null) {
      impls.add(Arguments.of("vectorized", (BiFunction<Integer, BinaryScore, BinaryTileScorer>)
          (bits, score) -> {
            try {
              return c.vectorized.newInstance(bits, score);
            } catch (java.lang.reflect.InvocationTargetException e) {
              throw (RuntimeException) e.getCause(); // the constructor's own argument checks
            } catch (ReflectiveOperationException e) {
              throw new AssertionError(e);
            }
          }));
    }
    return impls.stream();
  }

  /** JDK 19+ with jdk.incubator.vector readable: the vectorized scorer must load there. */
  private static boolean vectorizedCanRun() {
    return Runtime.version().feature() >= 19
        && ModuleLayer.boot().findModule(SimilarityProvider.VECTOR_MODULE).isPresent();
  }

  /**
   * On a JDK that can run it, the tests above and below really exercise the transposed
   * vectorized kernel (and not a silent scalar fallback); on JDK 17 they cover the scalar one.
   */
  @Test
  void vectorizedKernelIsUnderTestWhereItCanRun() {
    List<String> names = new ArrayList<>();
    implementations().forEach(args -> names.add((String) args.get()[0]));
    if (vectorizedCanRun()) {
      assertEquals(List.of("scalar", "vectorized"), names);
      BinaryTileScorer v = BinaryScorerProvider.newScorer(4096, BinaryScore.COSINE);
      assertTrue(v instanceof VectorizedBinaryTileScorer, v.name());
      assertTrue(v.name().startsWith("vectorized-binary(") && v.name().contains("transposed"),
          v.name());
    } else {
      assertEquals(List.of("scalar"), names);
    }
  }

  /** Lengths around 64-bit words and 512-bit vectors; row counts around the 8 x 16 micro-tile. */
  private static final int[] BLOCK_BITS = {1, 63, 64, 65, 511, 512, 513, 4096, 4097};

  private static final int[][] BLOCK_SHAPES = {
    {1, 130}, {7, 9}, {9, 7}, {16, 16}, {32, 48}, {33, 130}, {130, 33}, {130, 130}
  };

  /**
   * Larger ragged tiles against a word-wise brute force (Long.bitCount per pair, BigInteger
   * ranking): full micro-tiles, ragged A and B edges and the diagonal band all occur, for both
   * scores; rows drawn from mixed random rows and from a tie-heavy pool (duplicates, zero rows,
   * equal cosines with different counts).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("implementations")
  void matchesBruteForceOnMicroTileEdges(
      String name, BiFunction<Integer, BinaryScore, BinaryTileScorer> factory) {
    SplittableRandom rnd = new SplittableRandom(2024);
    for (int bits : BLOCK_BITS) {
      for (BinaryScore score : BinaryScore.values()) {
        BinaryTileScorer s = factory.apply(bits, score);
        BinaryTileScorer ref = BinaryScorerProvider.scalar(bits, score);
        for (int[] shape : BLOCK_SHAPES) {
          for (boolean ties : new boolean[] {false, true}) {
            Packed a = Packed.of(rnd, shape[0], bits, ties);
            Packed b = Packed.of(rnd, shape[1], bits, ties);
            String what = name + " bits=" + bits + " " + score + " " + Arrays.toString(shape)
                + (ties ? " ties" : "");
            checkPacked(s, ref, a, b, false, what);
            if (shape[0] == shape[1]) {
              checkPacked(s, ref, a, a, true, what + " diag");
              checkPacked(s, ref, a, b, true, what + " diag(a,b)");
            }
          }
        }
      }
    }
  }

  /** Several B blocks of the vectorized scorer (128 rows at 16 384 bits), diagonal included. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("implementations")
  void matchesBruteForceAcrossBlocksWithDiagonal(
      String name, BiFunction<Integer, BinaryScore, BinaryTileScorer> factory) {
    SplittableRandom rnd = new SplittableRandom(99);
    int bits = 16_384;
    for (BinaryScore score : BinaryScore.values()) {
      BinaryTileScorer s = factory.apply(bits, score);
      BinaryTileScorer ref = BinaryScorerProvider.scalar(bits, score);
      Packed a = Packed.random(rnd, 200, bits);
      Packed b = Packed.tieHeavy(rnd, 277, bits);
      checkPacked(s, ref, a, b, false, name + " " + score + " 200x277");
      checkPacked(s, ref, b, b, true, name + " " + score + " diag 277");
      checkPacked(s, ref, a, a, true, name + " " + score + " diag 200");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("implementations")
  void matchesOracleOnOddLengthsAndRaggedTiles(
      String name, BiFunction<Integer, BinaryScore, BinaryTileScorer> factory) {
    SplittableRandom rnd = new SplittableRandom(42);
    for (int bits : BITS) {
      for (BinaryScore score : BinaryScore.values()) {
        BinaryTileScorer s = factory.apply(bits, score);
        assertEquals((bits + 63) / 64, s.words());
        for (int[] shape : SHAPES) {
          Rows a = Rows.random(rnd, shape[0], bits);
          Rows b = Rows.random(rnd, shape[1], bits);
          check(s, a, b, false, name + " bits=" + bits + " " + score + " " + Arrays.toString(shape));
          if (shape[0] == shape[1]) {
            check(s, a, a, true, name + " diag bits=" + bits + " " + score + " " + shape[0]);
            // Diagonal with a different B of the same shape: only aRows == bRows is required.
            check(s, a, b, true, name + " diag(a,b) bits=" + bits + " " + score);
          }
        }
      }
    }
  }

  /** Tiles larger than the vectorized scorer's B block (about 28 rows at 65 537 bits). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("implementations")
  void matchesOracleAcrossBlocks(
      String name, BiFunction<Integer, BinaryScore, BinaryTileScorer> factory) {
    SplittableRandom rnd = new SplittableRandom(7);
    int bits = 65_537;
    for (BinaryScore score : BinaryScore.values()) {
      BinaryTileScorer s = factory.apply(bits, score);
      Rows a = Rows.random(rnd, 37, bits);
      Rows b = Rows.random(rnd, 61, bits);
      check(s, a, b, false, name + " " + score + " 37x61");
      check(s, b, b, true, name + " " + score + " diag 61");
    }
  }

  /** Reused scorers must not leak state from a larger earlier tile. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("implementations")
  void reuseAcrossShapesAndJunkOutput(
      String name, BiFunction<Integer, BinaryScore, BinaryTileScorer> factory) {
    SplittableRandom rnd = new SplittableRandom(3);
    BinaryTileScorer s = factory.apply(200, BinaryScore.COSINE);
    check(s, Rows.random(rnd, 30, 200), Rows.random(rnd, 30, 200), false, name + " big");
    check(s, Rows.random(rnd, 6, 200), Rows.random(rnd, 3, 200), false, name + " small");
    check(s, Rows.random(rnd, 2, 200), Rows.random(rnd, 2, 200), true, name + " diag 2");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("implementations")
  void rejectsBadArguments(String name, BiFunction<Integer, BinaryScore, BinaryTileScorer> f) {
    BinaryTileScorer s = f.apply(65, BinaryScore.COSINE);
    long[] x = new long[4];
    int[] arg = new int[2];
    int[] cnt = new int[2];
    x[1] = 1L << 1; // bit 65 of row 0: beyond the 65 valid bits
    assertThrows(IllegalArgumentException.class, () -> s.maxScores(x, 2, x, 2, false, arg, cnt));
    long[] ok = new long[4];
    assertThrows(IllegalArgumentException.class, () -> s.maxScores(ok, 3, ok, 2, false, arg, cnt));
    assertThrows(IllegalArgumentException.class, () -> s.maxScores(ok, 2, ok, 1, true, arg, cnt));
    assertThrows(IllegalArgumentException.class, () -> f.apply(0, BinaryScore.COSINE));
  }

  @Test
  void compareIsExactBeyond64Bits() {
    SplittableRandom rnd = new SplittableRandom(11);
    for (int t = 0; t < 100_000; t++) {
      int max = t % 2 == 0 ? 20 : BinaryScore.MAX_BITS;
      int na1 = rnd.nextInt(max + 1);
      int nb1 = rnd.nextInt(max + 1);
      int na2 = rnd.nextInt(max + 1);
      int nb2 = rnd.nextInt(max + 1);
      int c1 = rnd.nextInt(Math.min(na1, nb1) + 1);
      int c2 = rnd.nextInt(Math.min(na2, nb2) + 1);
      assertEquals(
          Integer.signum(oracleCosineCompare(c1, (long) na1 * nb1, c2, (long) na2 * nb2)),
          Integer.signum(BinaryScore.COSINE.compare(c1, na1, nb1, c2, na2, nb2)),
          c1 + "," + na1 + "," + nb1 + " vs " + c2 + "," + na2 + "," + nb2);
    }
    // Equal cosines with different counts: 2/sqrt(4*4) == 1/sqrt(2*2).
    assertEquals(0, BinaryScore.COSINE.compare(2, 4, 4, 1, 2, 2));
    assertEquals(0.5, BinaryScore.COSINE.value(2, 4, 4));
    assertEquals(0.0, BinaryScore.COSINE.value(0, 0, 7));
  }

  @Test
  void providerReportsItsChoice() {
    String reason = BinaryScorerProvider.reason();
    LOG.log(System.Logger.Level.INFO, "binary kernel in use: " + reason);
    boolean hasBitCount = Runtime.version().feature() >= 19;
    BinaryTileScorer s = BinaryScorerProvider.newScorer(64, BinaryScore.INNER_PRODUCT);
    if (!reason.contains("forced")) {
      assertEquals(vectorizedCanRun(), s instanceof VectorizedBinaryTileScorer, reason);
    }
    if (!hasBitCount) {
      assertTrue(reason.contains("BIT_COUNT") || reason.contains("module"), reason);
    }
    assertThrows(IllegalArgumentException.class, () -> BinaryScorerProvider.choose("fast"));
  }

  // ---- word-wise brute force --------------------------------------------------------------

  /** Packed rows only (the bit-by-bit oracle is too slow for 130 x 130 x 4097). */
  private static final class Packed {
    final long[] x;
    final int n;
    final int words;

    Packed(long[] x, int n, int words) {
      this.x = x;
      this.n = n;
      this.words = words;
    }

    static Packed of(SplittableRandom rnd, int n, int bits, boolean ties) {
      return ties ? tieHeavy(rnd, n, bits) : random(rnd, n, bits);
    }

    static Packed random(SplittableRandom rnd, int n, int bits) {
      int words = (bits + 63) / 64;
      long[] x = new long[Math.max(1, n * words)];
      for (int i = 0; i < n; i++) {
        int kind = rnd.nextInt(12);
        if (kind == 0) {
          continue; // zero row
        }
        if (kind == 1 && i > 0) {
          System.arraycopy(x, rnd.nextInt(i) * words, x, i * words, words);
          continue;
        }
        // Densities from 1/64 to 63/64 so norms and counts spread.
        int ones = 1 + rnd.nextInt(63);
        for (int k = 0; k < bits; k++) {
          if (rnd.nextInt(64) < ones) {
            x[i * words + k / 64] |= 1L << (k % 64);
          }
        }
      }
      return new Packed(x, n, words);
    }

    /**
     * Rows from a pool of four: a zero row, a random row {@code r} in the first half of the
     * bits, {@code r} plus its copy in the second half (same count against {@code r}, twice the
     * norm), and all ones. Every B row has many exact duplicates, so the smallest-j rule
     * decides almost every row, across lanes, vectors, micro-tiles and blocks.
     */
    static Packed tieHeavy(SplittableRandom rnd, int n, int bits) {
      int words = (bits + 63) / 64;
      long[][] pool = new long[4][words];
      for (int k = 0; k < bits / 2; k++) {
        if (rnd.nextBoolean()) {
          pool[1][k / 64] |= 1L << (k % 64);
          pool[2][k / 64] |= 1L << (k % 64);
          int k2 = k + bits / 2;
          pool[2][k2 / 64] |= 1L << (k2 % 64);
        }
      }
      for (int k = 0; k < bits; k++) {
        pool[3][k / 64] |= 1L << (k % 64);
      }
      long[] x = new long[Math.max(1, n * words)];
      for (int i = 0; i < n; i++) {
        System.arraycopy(pool[rnd.nextInt(4)], 0, x, i * words, words);
      }
      return new Packed(x, n, words);
    }

    int norm(int i) {
      int s = 0;
      for (int k = 0; k < words; k++) {
        s += Long.bitCount(x[i * words + k]);
      }
      return s;
    }

    int and(int i, Packed o, int j) {
      int s = 0;
      for (int k = 0; k < words; k++) {
        s += Long.bitCount(x[i * words + k] & o.x[j * words + k]);
      }
      return s;
    }
  }

  /**
   * The scorer, the scalar scorer and the word-wise brute force agree exactly, for row maxima
   * and row minima.
   */
  private static void checkPacked(BinaryTileScorer s, BinaryTileScorer ref, Packed a, Packed b,
      boolean diagonal, String what) {
    for (boolean least : new boolean[] {false, true}) {
      checkPacked(s, ref, a, b, diagonal, least, what + (least ? " min" : " max"));
    }
  }

  private static void checkPacked(BinaryTileScorer s, BinaryTileScorer ref, Packed a, Packed b,
      boolean diagonal, boolean least, String what) {
    int[] arg = new int[a.n + 1];
    int[] cnt = new int[a.n + 1];
    Arrays.fill(arg, 12345);
    Arrays.fill(cnt, -777);
    int[] refArg = new int[a.n];
    int[] refCnt = new int[a.n];
    if (least) {
      s.minScores(a.x, a.n, b.x, b.n, diagonal, arg, cnt);
      ref.minScores(a.x, a.n, b.x, b.n, diagonal, refArg, refCnt);
    } else {
      s.maxScores(a.x, a.n, b.x, b.n, diagonal, arg, cnt);
      ref.maxScores(a.x, a.n, b.x, b.n, diagonal, refArg, refCnt);
    }
    int[] bfArg = new int[a.n];
    int[] bfCnt = new int[a.n];
    for (int i = 0; i < a.n; i++) {
      int bestJ = -1;
      int bestC = -1;
      long bestNorm = 0;
      for (int j = diagonal ? i + 1 : 0; j < b.n; j++) {
        int c = a.and(i, b, j);
        long norm = (long) a.norm(i) * b.norm(j);
        if (oracleBetter(s.score(), least, c, norm, bestJ, bestC, bestNorm)) {
          bestJ = j;
          bestC = c;
          bestNorm = norm;
        }
      }
      bfArg[i] = bestJ;
      bfCnt[i] = bestC;
    }
    assertArrayEquals(bfArg, Arrays.copyOf(arg, a.n), what + ": argmax vs brute force");
    assertArrayEquals(bfCnt, Arrays.copyOf(cnt, a.n), what + ": count vs brute force");
    assertArrayEquals(refArg, Arrays.copyOf(arg, a.n), what + ": argmax vs scalar");
    assertArrayEquals(refCnt, Arrays.copyOf(cnt, a.n), what + ": count vs scalar");
    assertEquals(12345, arg[a.n], what + ": wrote past aRows");
  }

  // ---- oracle ---------------------------------------------------------------------------

  /** Rows both as booleans (for the oracle) and packed (for the scorers). */
  private static final class Rows {
    final boolean[][] bits;
    final long[] packed;
    final int n;

    Rows(boolean[][] bits, int nbits) {
      this.bits = bits;
      this.n = bits.length;
      int words = (nbits + 63) / 64;
      packed = new long[Math.max(1, n * words)];
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < nbits; k++) {
          if (bits[i][k]) {
            packed[i * words + k / 64] |= 1L << (k % 64);
          }
        }
      }
    }

    /**
     * Random rows of mixed densities, plus zero rows, all-ones rows and duplicates, so that
     * cosine ties, zero-norm rows and equal counts with different norms all occur.
     */
    static Rows random(SplittableRandom rnd, int n, int nbits) {
      boolean[][] r = new boolean[n][];
      for (int i = 0; i < n; i++) {
        int kind = rnd.nextInt(10);
        if (kind == 0) {
          r[i] = new boolean[nbits];
        } else if (kind == 1) {
          r[i] = new boolean[nbits];
          Arrays.fill(r[i], true);
        } else if (kind == 2 && i > 0) {
          r[i] = r[rnd.nextInt(i)].clone();
        } else {
          double p = new double[] {0.01, 0.1, 0.5, 0.9}[rnd.nextInt(4)];
          r[i] = new boolean[nbits];
          for (int k = 0; k < nbits; k++) {
            r[i][k] = rnd.nextDouble() < p;
          }
        }
      }
      return new Rows(r, nbits);
    }
  }

  private static void check(BinaryTileScorer s, Rows a, Rows b, boolean diagonal, String what) {
    for (boolean least : new boolean[] {false, true}) {
      int[] arg = new int[a.n + 3];
      int[] cnt = new int[a.n + 3];
      Arrays.fill(arg, 12345); // junk that must be overwritten for [0, aRows)
      Arrays.fill(cnt, -777);
      if (least) {
        s.minScores(a.packed, a.n, b.packed, b.n, diagonal, arg, cnt);
      } else {
        s.maxScores(a.packed, a.n, b.packed, b.n, diagonal, arg, cnt);
      }
      int[][] expected = oracle(a, b, diagonal, s.score(), least);
      String w = what + (least ? " min" : " max");
      assertArrayEquals(expected[0], Arrays.copyOf(arg, a.n), w + ": argmax");
      assertArrayEquals(expected[1], Arrays.copyOf(cnt, a.n), w + ": count");
      assertEquals(12345, arg[a.n], w + ": wrote past aRows");
    }
  }

  /** Bit-by-bit counts; cosine ranked by BigInteger cross-multiplication; smallest j on ties. */
  private static int[][] oracle(Rows a, Rows b, boolean diagonal, BinaryScore score, boolean least) {
    int[] arg = new int[a.n];
    int[] cnt = new int[a.n];
    for (int i = 0; i < a.n; i++) {
      int bestJ = -1;
      int bestC = -1;
      long bestNorm = 0;
      for (int j = diagonal ? i + 1 : 0; j < b.n; j++) {
        int c = 0;
        int na = 0;
        int nb = 0;
        for (int k = 0; k < a.bits[i].length; k++) {
          c += a.bits[i][k] && b.bits[j][k] ? 1 : 0;
          na += a.bits[i][k] ? 1 : 0;
          nb += b.bits[j][k] ? 1 : 0;
        }
        long norm = (long) na * nb;
        if (oracleBetter(score, least, c, norm, bestJ, bestC, bestNorm)) {
          bestJ = j;
          bestC = c;
          bestNorm = norm;
        }
      }
      arg[i] = bestJ;
      cnt[i] = bestC;
    }
    return new int[][] {arg, cnt};
  }

  /**
   * The brute forces' fold: a first pair, then a strictly higher score (strictly lower for
   * minima), so the smallest j wins ties.
   */
  private static boolean oracleBetter(
      BinaryScore score, boolean least, int c, long norm, int bestJ, int bestC, long bestNorm) {
    if (bestJ < 0) {
      return true;
    }
    int cmp =
        score == BinaryScore.INNER_PRODUCT
            ? Integer.compare(c, bestC)
            : oracleCosineCompare(c, norm, bestC, bestNorm);
    return least ? cmp < 0 : cmp > 0;
  }

  private static int oracleCosineCompare(int c1, long n1, int c2, long n2) {
    if (n1 == 0 || n2 == 0) {
      double s1 = n1 == 0 ? 0 : c1;
      double s2 = n2 == 0 ? 0 : c2;
      return Double.compare(s1, s2); // one side is 0, the other >= 0: the sign is exact
    }
    BigInteger l = BigInteger.valueOf(c1).pow(2).multiply(BigInteger.valueOf(n2));
    BigInteger r = BigInteger.valueOf(c2).pow(2).multiply(BigInteger.valueOf(n1));
    return l.compareTo(r);
  }
}
