package io.simpair.search;

import io.simpair.kernel.TileScorer;

/** Row and column maxima from the fused fp32 tile kernel ({@link TileScorer#maxScores}). */
final class Fp32Maxima extends TileMaxima {
  private final TileScorer scorer;

  Fp32Maxima(TileScorer scorer, boolean least, int dim) {
    super(least, dim);
    this.scorer = scorer;
  }

  @Override
  void maxima(RowBlock a, RowBlock b, boolean diagonal, boolean columns) {
    scorer.maxScores(rowsA(), biasA(), a.rows, b.kernel(), biasB(), b.rows, diagonal, rowMax, columns ? colMax : null);
  }
}
