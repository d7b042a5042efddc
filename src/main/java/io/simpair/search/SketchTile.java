package io.simpair.search;

import io.simpair.kernel.ChunkMaxima;
import io.simpair.kernel.ProjectionBound;
import io.simpair.kernel.SimilaritySupport;
import io.simpair.kernel.TileScorer;

/**
 * The bound stage of a pruned scan for one tile: one pass of the fp32 kernel over the rows'
 * sketches ({@link ProjectionBound}, r + 1 values a row) gives the maxima of the pairs' upper
 * bounds per row and chunk of columns (and per column and chunk of rows), so that verifying a
 * row needs no second pass, and, per pair, the bound itself. A least-similar search negates the {@code c} part
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
  float[] rowMax = new float[0];
  float[] colMax = new float[0];
  private float[] rowChunk = new float[0];
  private float[] colChunk = new float[0];
  private int rowChunks;
  private int bRows;
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
  }

  /**
   * The bound maxima of tile (a, b) with the biases as the scan scores them ({@code biasA},
   * {@code biasB}: negated for least, or null).
   */
  void compute(RowBlock a, RowBlock b, boolean diagonal, boolean columns, float[] biasA, float[] biasB) {
    int m = a.rows;
    int n = b.rows;
    rowChunks = ChunkMaxima.chunks(n);
    int colChunks = ChunkMaxima.chunks(m);
    bRows = n;
    if (rowMax.length < m) {
      rowMax = new float[m];
    }
    if (rowChunk.length < m * rowChunks) {
      rowChunk = new float[m * rowChunks];
    }
    if (columns && colMax.length < n) {
      colMax = new float[n];
    }
    if (columns && colChunk.length < colChunks * n) {
      colChunk = new float[colChunks * n];
    }
    rowsA = least ? negatedSketch(a) : a.sketch(bound);
    rowsB = b.sketch(bound);
    this.biasA = biasA;
    this.biasB = biasB;
    scorer.chunkMaxScores(rowsA, biasA, m, rowsB, biasB, n, diagonal, rowChunk, columns ? colChunk : null);
    for (int i = 0; i < m; i++) {
      float x = Float.NEGATIVE_INFINITY;
      for (int c = 0, o = i * rowChunks; c < rowChunks; c++) {
        x = Math.max(x, rowChunk[o + c]);
      }
      rowMax[i] = x;
    }
    if (columns) {
      java.util.Arrays.fill(colMax, 0, n, Float.NEGATIVE_INFINITY);
      for (int c = 0; c < colChunks; c++) {
        for (int j = 0, o = c * n; j < n; j++) {
          colMax[j] = Math.max(colMax[j], colChunk[o + j]);
        }
      }
    }
  }

  /** False when no pair of row i with a column of the chunk holding column {@code col} has a bound reaching {@code floor}. */
  boolean rowMayReach(int i, int col, double floor) {
    return rowChunk[i * rowChunks + col / ChunkFilter.CHUNK] >= floor;
  }

  /** False when no pair of column j with a row of the chunk holding row {@code row} has a bound reaching {@code floor}. */
  boolean columnMayReach(int j, int row, double floor) {
    return colChunk[row / ChunkFilter.CHUNK * bRows + j] >= floor;
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
