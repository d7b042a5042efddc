package io.simpair.search;

/**
 * A block's kernel rows without their zeros, both ways: by row (each row's non-zero positions
 * and values, positions ascending) and by position (for each of the {@code dim} positions, the
 * rows that are non-zero there, rows ascending): the inverted index {@link SparseMaxima} walks.
 */
final class SparseRows {
  final int[] rowStart; // rows + 1
  final int[] rowPos;
  final float[] rowVal;
  final int[] posStart; // dim + 1
  final int[] posRow;
  final float[] posVal;

  private SparseRows(int[] rowStart, int[] rowPos, float[] rowVal, int[] posStart, int[] posRow, float[] posVal) {
    this.rowStart = rowStart;
    this.rowPos = rowPos;
    this.rowVal = rowVal;
    this.posStart = posStart;
    this.posRow = posRow;
    this.posVal = posVal;
  }

  /** The non-zeros of row-major {@code kernel} ({@code rows x dim}). */
  static SparseRows of(float[] kernel, int rows, int dim) {
    int[] rowStart = new int[rows + 1];
    int[] posCount = new int[dim + 1];
    for (int i = 0; i < rows; i++) {
      int c = 0;
      for (int e = 0; e < dim; e++) {
        if (kernel[i * dim + e] != 0) {
          c++;
          posCount[e + 1]++;
        }
      }
      rowStart[i + 1] = rowStart[i] + c;
    }
    int nnz = rowStart[rows];
    int[] rowPos = new int[nnz];
    float[] rowVal = new float[nnz];
    for (int e = 0; e < dim; e++) {
      posCount[e + 1] += posCount[e];
    }
    int[] posStart = posCount.clone();
    int[] fill = posCount; // becomes each position's next free slot
    int[] posRow = new int[nnz];
    float[] posVal = new float[nnz];
    int q = 0;
    for (int i = 0; i < rows; i++) {
      for (int e = 0; e < dim; e++) {
        float v = kernel[i * dim + e];
        if (v != 0) {
          rowPos[q] = e;
          rowVal[q++] = v;
          posRow[fill[e]] = i;
          posVal[fill[e]++] = v;
        }
      }
    }
    return new SparseRows(rowStart, rowPos, rowVal, posStart, posRow, posVal);
  }
}
