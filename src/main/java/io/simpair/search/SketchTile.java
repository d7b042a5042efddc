package io.simpair.search;

import io.simpair.kernel.ProjectionBound;
import io.simpair.kernel.SimilaritySupport;
import io.simpair.kernel.TileScorer;

/**
 * The bound stage of a pruned scan for one tile: the fp32 kernel over the rows' sketches
 * ({@link ProjectionBound}, r + 1 values a row) gives row and column maxima of the pairs' upper
 * bounds, and, per pair, the bound itself. A least-similar search negates the {@code c} part
 * of A's sketches but not the residual norm ({@code β(-x) = (-c, n)}), cached per A block.
 *
 * <p>Not thread-safe: one per scan.
 */
final class SketchTile {
  final ProjectionBound bound;
  final int sdim;
  private final boolean least;
  private final SimilaritySupport support;
  private final TileScorer scorer;
  final ChunkFilter chunks;
  float[] rowMax = new float[0];
  float[] colMax = new float[0];
  private float[] negated = new float[0];
  private int negBlock = -1;
  private float[] rowsA;
  private float[] rowsB;
  private float[] biasA;
  private float[] biasB;

  SketchTile(ProjectionBound bound, SimilaritySupport support, boolean least) {
    this.bound = bound;
    this.sdim = bound.sketchDim();
    this.least = least;
    this.support = support;
    this.scorer = support.newTileScorer(sdim);
    this.chunks = new ChunkFilter(scorer, sdim);
  }

  /**
   * The bound maxima of tile (a, b) with the biases as the scan scores them ({@code biasA},
   * {@code biasB}: negated for least, or null).
   */
  void compute(RowBlock a, RowBlock b, boolean diagonal, boolean columns, float[] biasA, float[] biasB) {
    if (rowMax.length < a.rows) {
      rowMax = new float[a.rows];
    }
    if (columns && colMax.length < b.rows) {
      colMax = new float[b.rows];
    }
    rowsA = least ? negatedSketch(a) : a.sketch(bound);
    rowsB = b.sketch(bound);
    this.biasA = biasA;
    this.biasB = biasB;
    scorer.maxScores(rowsA, biasA, a.rows, rowsB, biasB, b.rows, diagonal, rowMax, columns ? colMax : null);
  }

  /** The fp32 bound of pair (i of a, j of b) of the last tile: the kernel's arithmetic, so within its rounding bound. */
  float pair(int i, int j) {
    float s = support.dot(rowsA, i * sdim, rowsB, j * sdim, sdim);
    if (biasB != null) {
      s = s + biasA[i] + biasB[j];
    }
    return s;
  }

  float[] rowsA() {
    return rowsA;
  }

  float[] rowsB() {
    return rowsB;
  }

  private float[] negatedSketch(RowBlock a) {
    int id = a.side * (1 << 30) + a.block;
    float[] s = a.sketch(bound);
    if (negBlock != id) {
      negBlock = id;
      if (negated.length < s.length) {
        negated = new float[s.length];
      }
      int r = sdim - 1;
      for (int i = 0; i < a.rows; i++) {
        for (int k = 0; k < r; k++) {
          negated[i * sdim + k] = -s[i * sdim + k];
        }
        negated[i * sdim + r] = s[i * sdim + r]; // the residual's norm bound stays positive
      }
    }
    return negated;
  }
}
