package io.simpair.kernel;

/**
 * Scores a tile {@code S = A · Bᵀ + p·1ᵀ + 1·qᵀ} (as {@link TileScorer}, same fp32 rounding
 * contract) and hands it to a sink in strips of a few rows by a block of columns, each strip
 * once, so that no whole score tile is ever stored. Entries that are not pairs (on a diagonal
 * tile, {@code j <= i}) and padding columns are {@code -Infinity}. Not thread-safe.
 */
public interface StripScorer {

  /** Receives one strip: rows {@code i0 .. i0+rows) of A against columns {@code j0 .. j0+cols) of B. */
  @FunctionalInterface
  interface Sink {
    void strip(float[] s, int stride, int i0, int rows, int j0, int cols);
  }

  /**
   * Columns handed to the sink may run past {@code bRows} (padding, {@code -Infinity}) up to
   * {@link #paddedColumns}; rows never run past {@code aRows}.
   */
  void scoreStrips(float[] a, float[] aBias, int aRows, float[] b, float[] bBias, int bRows, boolean diagonal, Sink sink);

  /** The column count strips of a tile with {@code bRows} columns may reach. */
  int paddedColumns(int bRows);
}
