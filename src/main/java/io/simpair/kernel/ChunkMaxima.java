package io.simpair.kernel;

import java.util.Arrays;

/** The plain form of {@link TileScorer#chunkMaxScores}: {@link TileScorer#maxScores} on each pair of chunks. */
public final class ChunkMaxima {
  private ChunkMaxima() {}

  /** Chunks of {@link TileScorer#CHUNK} needed for {@code rows} rows. */
  public static int chunks(int rows) {
    return (rows + TileScorer.CHUNK - 1) / TileScorer.CHUNK;
  }

  /** Checks the arguments of {@link TileScorer#chunkMaxScores} beyond those of {@link TileScorer#maxScores}. */
  static void check(int aRows, int bRows, float[] rowChunkMax, float[] colChunkMax) {
    TileChecks.checkRange("rowChunkMax", rowChunkMax, 0, Math.multiplyExact(aRows, chunks(bRows)));
    if (colChunkMax != null) {
      TileChecks.checkRange("colChunkMax", colChunkMax, 0, Math.multiplyExact(chunks(aRows), bRows));
    }
  }

  /**
   * {@link TileScorer#chunkMaxScores} by {@code scorer.maxScores} on every pair of chunks
   * (copied out): on a diagonal tile chunk pairs below the diagonal have no admissible pair and
   * the chunks on it are diagonal sub-tiles.
   */
  public static void reference(
      TileScorer scorer, float[] a, float[] aBias, int aRows, float[] b, float[] bBias, int bRows, boolean diagonal,
      float[] rowChunkMax, float[] colChunkMax) {
    int dim = scorer.dim();
    TileChecks.checkTile(dim, a, aBias, aRows, b, bBias, bRows, diagonal, new float[aRows], null);
    check(aRows, bRows, rowChunkMax, colChunkMax);
    int ca = chunks(aRows);
    int cb = chunks(bRows);
    int c = TileScorer.CHUNK;
    Arrays.fill(rowChunkMax, 0, aRows * cb, Float.NEGATIVE_INFINITY);
    if (colChunkMax != null) {
      Arrays.fill(colChunkMax, 0, ca * bRows, Float.NEGATIVE_INFINITY);
    }
    float[] rowMax = new float[c];
    float[] colMax = new float[c];
    for (int x = 0; x < ca; x++) {
      int i0 = x * c;
      int m = Math.min(c, aRows - i0);
      float[] sa = Arrays.copyOfRange(a, i0 * dim, (i0 + m) * dim);
      float[] sab = aBias == null ? null : Arrays.copyOfRange(aBias, i0, i0 + m);
      for (int y = diagonal ? x : 0; y < cb; y++) {
        int j0 = y * c;
        int n = Math.min(c, bRows - j0);
        float[] sb = Arrays.copyOfRange(b, j0 * dim, (j0 + n) * dim);
        float[] sbb = bBias == null ? null : Arrays.copyOfRange(bBias, j0, j0 + n);
        scorer.maxScores(sa, sab, m, sb, sbb, n, diagonal && x == y, rowMax, colMax);
        for (int i = 0; i < m; i++) {
          rowChunkMax[(i0 + i) * cb + y] = rowMax[i];
        }
        if (colChunkMax != null) {
          System.arraycopy(colMax, 0, colChunkMax, x * bRows + j0, n);
        }
      }
    }
  }
}
