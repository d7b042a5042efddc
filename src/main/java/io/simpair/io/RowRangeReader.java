package io.simpair.io;

import java.io.IOException;
import java.io.Serializable;

/**
 * Reads any range of an input's rows straight from its files, in input order, without going
 * through the row RDD. Serializable: it is shipped to tasks, which read their own ranges.
 */
public interface RowRangeReader extends Serializable {

  /** The number of values per row, the same in every file. */
  int cols();

  /** True when the values are float32 ({@link #read} fills {@code f}), false for float64 ({@code d}). */
  boolean fp32();

  /** The number of rows, over all files. */
  long rows();

  /**
   * Reads rows {@code [first, first + count)} in input order, across file boundaries, row-major
   * from index 0: into {@code f} when {@link #fp32()}, else into {@code d}; the other array is
   * not touched and may be null.
   *
   * @param f at least {@code count * cols()} floats when {@link #fp32()}
   * @param d at least {@code count * cols()} doubles otherwise
   * @throws IndexOutOfBoundsException when a row of the range is outside {@code [0, rows())}
   * @throws IOException when a file cannot be read
   */
  void read(long first, int count, float[] f, double[] d) throws IOException;
}
