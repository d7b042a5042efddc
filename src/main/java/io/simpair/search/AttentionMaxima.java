package io.simpair.search;

import io.simpair.kernel.SimilaritySupport;
import io.simpair.kernel.SoftmaxFold;
import io.simpair.kernel.SoftmaxState;
import io.simpair.kernel.StripScorer;

/**
 * The fused attention pass: scores each tile strip by strip ({@link StripScorer}, the dense
 * kernel's own micro-tiles), folds every strip into the online softmax statistics of its rows
 * and columns ({@link SoftmaxFold}), and keeps the tile's row and column maxima as a by-product,
 * so the exact reducers of the same scan run on them unchanged. No score tile is stored.
 */
final class AttentionMaxima extends TileMaxima {
  private final StripScorer scorer;
  private final SoftmaxFold fold;
  private final AttentionReducer reducer;
  private final SoftmaxState rowState = new SoftmaxState();
  private final SoftmaxState colState = new SoftmaxState();

  AttentionMaxima(SimilaritySupport support, boolean least, int dim, AttentionReducer reducer) {
    super(least, dim);
    this.scorer = support.newStripScorer(dim);
    this.fold = support.softmaxFold();
    this.reducer = reducer;
  }

  @Override
  void maxima(RowBlock a, RowBlock b, boolean diagonal, boolean columns) {
    boolean both = reducer.columns();
    if (columns && !both) {
      throw new IllegalStateException("column maxima of a bichromatic attention scan were asked for");
    }
    double[] coef = reducer.coef();
    int padded = scorer.paddedColumns(b.rows);
    rowState.reset(a.rows, coef.length);
    if (both) {
      colState.reset(padded, coef.length);
    }
    double[] va = both ? reducer.valuesOf(a, scorer.paddedColumns(a.rows)) : null;
    double[] vb = reducer.valuesOf(b, padded);
    scorer.scoreStrips(
        rowsA(), biasA(), a.rows, b.kernel(), biasB(), b.rows, diagonal,
        (s, stride, i0, rows, j0, cols) -> {
          fold.foldRows(s, stride, rows, cols, i0, j0, coef, vb, rowState);
          if (both) {
            fold.foldColumns(s, stride, rows, cols, i0, j0, coef, va, colState);
          }
        });
    for (int i = 0; i < a.rows; i++) {
      rowMax[i] = (float) rowState.max[i]; // a maximum of floats: exact
    }
    reducer.statsOf(a).absorb(rowState, a.rows, b.start, 0);
    if (both) {
      if (colMax.length < b.rows) {
        colMax = new float[b.rows];
      }
      for (int j = 0; j < b.rows; j++) {
        colMax[j] = (float) colState.max[j];
      }
      reducer.statsOf(b).absorb(colState, b.rows, a.start, 0);
    }
  }
}
