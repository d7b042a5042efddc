package io.simpair.kernel;

import java.util.Arrays;

/**
 * What the {@link BinaryTileScorer} implementations share: argument checks, the per-row best
 * so far as an exact rational, and the output. Subclasses only decide how to visit pairs and
 * count bits; each pair goes through {@link #consider}.
 *
 * <p>Per row the best score is kept as {@code bestNum / bestDen = c² / den_j} with {@code den_j
 * = 1} for the inner product (counts are non-negative, so {@code c²} orders as {@code c}) and
 * {@code den_j = max(|b_j|, 1)} for cosine (the row's own {@code |a|} is common to all its pairs
 * and drops out). One form for both scores lets a vectorized prefilter make the same
 * comparison lanewise. It starts at {@code -1 / 1}, below every real score, so the first
 * admissible pair always wins and no "seen yet" flag is needed. Products stay below {@code
 * bits³ < 2^63} ({@link BinaryScore#MAX_BITS}).
 */
abstract class AbstractBinaryTileScorer implements BinaryTileScorer {

  final int bits;
  final int words;
  final BinaryScore score;
  /** Mask of the valid bits of a row's last word. */
  private final long lastWordMask;

  // Per-tile scratch, grown on demand.
  long[] bestNum = new long[0];
  long[] bestDen = new long[0];
  int[] bestJ = new int[0];
  int[] bestC = new int[0];
  /** Denominator of each B row's score: 1 (inner product) or {@code max(|b|, 1)} (cosine). */
  long[] den = new long[0];
  /** This call looks for row minima ({@link #minScores}) instead of maxima. */
  boolean least;

  AbstractBinaryTileScorer(int bits, BinaryScore score) {
    if (bits < 1 || bits > BinaryScore.MAX_BITS) {
      throw new IllegalArgumentException(
          "bits must be in [1, " + BinaryScore.MAX_BITS + "], got " + bits);
    }
    if (score == null) {
      throw new IllegalArgumentException("score must not be null");
    }
    this.bits = bits;
    this.words = (bits + 63) >>> 6;
    this.score = score;
    this.lastWordMask = bits % 64 == 0 ? -1L : (1L << (bits % 64)) - 1;
  }

  @Override
  public final int bits() {
    return bits;
  }

  @Override
  public final int words() {
    return words;
  }

  @Override
  public final BinaryScore score() {
    return score;
  }

  @Override
  public final void maxScores(
      long[] a, int aRows, long[] b, int bRows, boolean diagonal, int[] rowArg, int[] rowCount) {
    scores(false, a, aRows, b, bRows, diagonal, rowArg, rowCount);
  }

  @Override
  public final void minScores(
      long[] a, int aRows, long[] b, int bRows, boolean diagonal, int[] rowArg, int[] rowCount) {
    scores(true, a, aRows, b, bRows, diagonal, rowArg, rowCount);
  }

  private void scores(boolean lowest, long[] a, int aRows, long[] b, int bRows, boolean diagonal,
      int[] rowArg, int[] rowCount) {
    check(a, aRows, b, bRows, diagonal, rowArg, rowCount);
    least = lowest;
    if (bestNum.length < aRows) {
      bestNum = new long[aRows];
      bestDen = new long[aRows];
      bestJ = new int[aRows];
      bestC = new int[aRows];
    }
    if (den.length < bRows) {
      den = new long[bRows];
    }
    // the start is below every score (-1/1) or, for minima, above every score (1/0)
    Arrays.fill(bestNum, 0, aRows, least ? 1L : -1L);
    Arrays.fill(bestDen, 0, aRows, least ? 0L : 1L);
    Arrays.fill(bestJ, 0, aRows, -1);
    Arrays.fill(bestC, 0, aRows, -1);
    for (int j = 0; j < bRows; j++) {
      den[j] = score == BinaryScore.COSINE ? Math.max(popcount(b, j * words, words), 1) : 1L;
    }
    scan(a, aRows, b, bRows, diagonal);
    System.arraycopy(bestJ, 0, rowArg, 0, aRows);
    System.arraycopy(bestC, 0, rowCount, 0, aRows);
  }

  /** Visits every admissible pair of the tile once and calls {@link #consider} with its count. */
  abstract void scan(long[] a, int aRows, long[] b, int bRows, boolean diagonal);

  /**
   * Folds pair (i, j) with count {@code c} into row i's best: larger score (smaller with {@link
   * #least}), then smaller j.
   */
  final void consider(int i, int j, int c) {
    long num = (long) c * c;
    long lhs = num * bestDen[i];
    long rhs = bestNum[i] * den[j];
    if ((least ? lhs < rhs : lhs > rhs) || (lhs == rhs && j < bestJ[i])) {
      bestNum[i] = num;
      bestDen[i] = den[j];
      bestJ[i] = j;
      bestC[i] = c;
    }
  }

  /** {@code popcount(x[off .. off+words))}. Not modified. */
  static int popcount(long[] x, int off, int words) {
    int s = 0;
    for (int k = 0; k < words; k++) {
      s += Long.bitCount(x[off + k]);
    }
    return s;
  }

  /** {@code popcount(a[ao..ao+words) AND b[bo..bo+words))} with {@code Long.bitCount}. */
  static int andCount(long[] a, int ao, long[] b, int bo, int words) {
    int s = 0;
    for (int k = 0; k < words; k++) {
      s += Long.bitCount(a[ao + k] & b[bo + k]);
    }
    return s;
  }

  private void check(
      long[] a, int aRows, long[] b, int bRows, boolean diagonal, int[] rowArg, int[] rowCount) {
    if (aRows < 0 || bRows < 0) {
      throw new IllegalArgumentException("negative row count: aRows=" + aRows + ", bRows=" + bRows);
    }
    checkRows("a", a, aRows);
    checkRows("b", b, bRows);
    if (rowArg.length < aRows || rowCount.length < aRows) {
      throw new IllegalArgumentException(
          "rowArg/rowCount of length " + rowArg.length + "/" + rowCount.length + " < aRows="
              + aRows);
    }
    if (diagonal && aRows != bRows) {
      throw new IllegalArgumentException(
          "diagonal tile needs aRows == bRows, got aRows=" + aRows + ", bRows=" + bRows);
    }
  }

  /** Length, and the zero padding bits: stray bits would silently change counts and norms. */
  private void checkRows(String name, long[] x, int rows) {
    long need = (long) rows * words;
    if (need > x.length) {
      throw new IllegalArgumentException(
          name + " needs " + need + " words for " + rows + " rows of " + bits + " bits, has "
              + x.length);
    }
    for (int i = 0; i < rows; i++) {
      if ((x[i * words + words - 1] & ~lastWordMask) != 0) {
        throw new IllegalArgumentException(
            name + " row " + i + " has bits set beyond bit " + bits + " in its last word");
      }
    }
  }
}
