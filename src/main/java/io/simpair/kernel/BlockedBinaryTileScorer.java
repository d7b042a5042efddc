package io.simpair.kernel;

/**
 * {@link BinaryTileScorer} in plain Java for JDKs without the Vector API's lanewise bit count
 * (JDK 17): 4 rows of A against 4 rows of B per pass over the words, so each loaded word feeds
 * four {@code Long.bitCount}s (8 loads per 16 AND + POPCNT + ADD, against 2 per 1 in {@link
 * ScalarBinaryTileScorer}'s pair loop). Diagonal band and ragged edges go pair by pair.
 */
final class BlockedBinaryTileScorer extends AbstractBinaryTileScorer {

  /** Rows of A and of B per block. */
  static final int R = 4;

  private final int[] counts = new int[R * R];

  BlockedBinaryTileScorer(int bits, BinaryScore score) {
    super(bits, score);
  }

  @Override
  public String name() {
    return "blocked-binary(Long.bitCount, 4x4)";
  }

  @Override
  void scan(long[] a, int aRows, long[] b, int bRows, boolean diagonal) {
    int aFull = aRows / R * R;
    int bFull = bRows / R * R;
    int[] c = counts;
    for (int i0 = 0; i0 < aFull; i0 += R) {
      int jFrom = 0;
      if (diagonal) {
        // groups align on the diagonal (aRows == bRows): group i0 crosses it, earlier groups
        // hold only j < i, later ones only j > i
        for (int i = i0; i < i0 + R; i++) {
          for (int j = i + 1; j < i0 + R; j++) {
            consider(i, j, andCount(a, i * words, b, j * words, words));
          }
        }
        jFrom = i0 + R;
      }
      for (int j0 = jFrom; j0 < bFull; j0 += R) {
        block(a, i0 * words, b, j0 * words, words, c);
        for (int r = 0; r < R; r++) {
          for (int s = 0; s < R; s++) {
            consider(i0 + r, j0 + s, c[r * R + s]);
          }
        }
      }
    }
    // ragged edges: rows of full groups against the last B rows, then the last A rows
    for (int i = 0; i < aRows; i++) {
      int from = i < aFull ? bFull : 0;
      for (int j = diagonal ? Math.max(from, i + 1) : from; j < bRows; j++) {
        consider(i, j, andCount(a, i * words, b, j * words, words));
      }
    }
  }

  /** Counts of A rows {@code ao/words ..+3} against B rows {@code bo/words ..+3} into {@code out}. */
  private static void block(long[] a, int ao, long[] b, int bo, int words, int[] out) {
    int c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
    int c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
    int a1 = ao + words;
    int a2 = a1 + words;
    int a3 = a2 + words;
    int b1 = bo + words;
    int b2 = b1 + words;
    int b3 = b2 + words;
    for (int k = 0; k < words; k++) {
      long y0 = b[bo + k];
      long y1 = b[b1 + k];
      long y2 = b[b2 + k];
      long y3 = b[b3 + k];
      long x = a[ao + k];
      c00 += Long.bitCount(x & y0);
      c01 += Long.bitCount(x & y1);
      c02 += Long.bitCount(x & y2);
      c03 += Long.bitCount(x & y3);
      x = a[a1 + k];
      c10 += Long.bitCount(x & y0);
      c11 += Long.bitCount(x & y1);
      c12 += Long.bitCount(x & y2);
      c13 += Long.bitCount(x & y3);
      x = a[a2 + k];
      c20 += Long.bitCount(x & y0);
      c21 += Long.bitCount(x & y1);
      c22 += Long.bitCount(x & y2);
      c23 += Long.bitCount(x & y3);
      x = a[a3 + k];
      c30 += Long.bitCount(x & y0);
      c31 += Long.bitCount(x & y1);
      c32 += Long.bitCount(x & y2);
      c33 += Long.bitCount(x & y3);
    }
    out[0] = c00;
    out[1] = c01;
    out[2] = c02;
    out[3] = c03;
    out[4] = c10;
    out[5] = c11;
    out[6] = c12;
    out[7] = c13;
    out[8] = c20;
    out[9] = c21;
    out[10] = c22;
    out[11] = c23;
    out[12] = c30;
    out[13] = c31;
    out[14] = c32;
    out[15] = c33;
  }
}
