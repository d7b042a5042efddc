package io.simpair.search;

/**
 * Where a {@link TileScan} gets a tile's row (and, when asked, column) maxima, in fp32 kernel
 * units: each maximum must be within the rounding bound of the exact score of some admissible
 * pair, or above every admissible pair's kernel score, so that the floors of the reducers hold.
 * Least-similar search maximises the negated scores; {@link #rowsA()} and the bias accessors
 * hand the rows the maxima refer to (negated where needed) to the re-score.
 *
 * <p>Implementations: {@link Fp32Maxima} (the fused fp32 kernel) and {@link PopcountMaxima}
 * (exact counts for 0/1 rows). Not thread-safe: one per scan.
 */
abstract class TileMaxima {
  private final Negation rows;
  /** The last tile's row maxima (at least {@code a.rows} long). */
  float[] rowMax = new float[0];
  /** The last tile's column maxima (at least {@code b.rows} long) when columns were asked for. */
  float[] colMax = new float[0];

  TileMaxima(boolean least, int dim) {
    this.rows = new Negation(least, dim);
  }

  /**
   * Fills {@link #rowMax} (and {@link #colMax} with {@code columns}) for tile (a, b);
   * {@code diagonal} means a and b are the same block (pairs i < j only). A maximum over no
   * admissible pair is {@code -Infinity}.
   */
  final void compute(RowBlock a, RowBlock b, boolean diagonal, boolean columns) {
    if (rowMax.length < a.rows) {
      rowMax = new float[a.rows];
    }
    if (columns && colMax.length < b.rows) {
      colMax = new float[b.rows];
    }
    rows.prepare(a, b);
    maxima(a, b, diagonal, columns);
  }

  /**
   * Prepares tile (a, b)'s rows and biases as scored ({@link #rowsA()}, ...) without computing
   * maxima: a pruned scan takes its maxima from the rows' sketches instead.
   */
  final void prepareOnly(RowBlock a, RowBlock b) {
    rows.prepare(a, b);
  }

  /** The kernel's part of {@link #compute}: the arrays are sized and the rows prepared. */
  abstract void maxima(RowBlock a, RowBlock b, boolean diagonal, boolean columns);

  /** A's kernel rows of the last tile, as scored (negated for least-similar search). */
  final float[] rowsA() {
    return rows.rowsA();
  }

  /** A's kernel biases of the last tile, as scored, or null. */
  final float[] biasA() {
    return rows.biasA();
  }

  /** B's kernel biases of the last tile, as scored, or null. */
  final float[] biasB() {
    return rows.biasB();
  }
}
