package io.simpair.search;

import io.simpair.kernel.TileScorer;

/** Row and column maxima from the fused fp32 tile kernel ({@link TileScorer#maxScores}). */
final class Fp32Maxima implements TileMaxima {
  private final TileScorer scorer;
  private final Negation rows;
  private float[] rowMax = new float[0];
  private float[] colMax = new float[0];

  Fp32Maxima(TileScorer scorer, boolean least, int dim) {
    this.scorer = scorer;
    this.rows = new Negation(least, dim);
  }

  @Override
  public void compute(RowBlock a, RowBlock b, boolean diagonal, boolean columns) {
    if (rowMax.length < a.rows) {
      rowMax = new float[a.rows];
    }
    if (columns && colMax.length < b.rows) {
      colMax = new float[b.rows];
    }
    rows.prepare(a, b);
    scorer.maxScores(
        rows.rowsA(), rows.biasA(), a.rows, b.kernel(), rows.biasB(), b.rows, diagonal, rowMax, columns ? colMax : null);
  }

  @Override
  public float[] rowMax() {
    return rowMax;
  }

  @Override
  public float[] colMax() {
    return colMax;
  }

  @Override
  public float[] rowsA() {
    return rows.rowsA();
  }

  @Override
  public float[] biasA() {
    return rows.biasA();
  }

  @Override
  public float[] biasB() {
    return rows.biasB();
  }
}
