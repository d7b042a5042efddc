package io.simpair.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;

/**
 * The row ranges of an NPY input: per file (in input order) its path, data offset and row
 * count, so any range of rows is a seek and a read per file it spans.
 */
final class NpyRowRanges implements RowRangeReader {
  private static final long serialVersionUID = 1L;
  private final String[] paths;
  private final long[] dataOffsets;
  private final long[] firstRows;
  private final int cols;
  private final boolean fp32;
  private final Map<String, String> conf;

  /**
   * @param paths the files in input order
   * @param dataOffsets where each file's data starts
   * @param rows each file's row count
   * @param cols every file's column count
   * @param conf the Hadoop configuration, as {@link HadoopConf#toMap} ships it
   */
  NpyRowRanges(String[] paths, long[] dataOffsets, long[] rows, int cols, boolean fp32, Map<String, String> conf) {
    this.paths = paths;
    this.dataOffsets = dataOffsets;
    this.firstRows = new long[rows.length + 1];
    for (int i = 0; i < rows.length; i++) {
      firstRows[i + 1] = firstRows[i] + rows[i];
    }
    this.cols = cols;
    this.fp32 = fp32;
    this.conf = conf;
  }

  @Override
  public int cols() {
    return cols;
  }

  @Override
  public boolean fp32() {
    return fp32;
  }

  @Override
  public long rows() {
    return firstRows[paths.length];
  }

  @Override
  public void read(long first, int count, float[] f, double[] d) throws IOException {
    int item = fp32 ? 4 : 8;
    long row = first;
    int done = 0;
    while (done < count) {
      int file = fileOf(row);
      long inFile = row - firstRows[file];
      int n = (int) Math.min(count - done, firstRows[file + 1] - row);
      byte[] buf = new byte[n * cols * item];
      Path p = new Path(paths[file]);
      try (FSDataInputStream in = p.getFileSystem(HadoopConf.fromMap(conf)).open(p)) {
        in.seek(dataOffsets[file] + inFile * cols * item);
        in.readFully(buf);
      }
      ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
      if (fp32) {
        bb.asFloatBuffer().get(f, done * cols, n * cols);
      } else {
        bb.asDoubleBuffer().get(d, done * cols, n * cols);
      }
      done += n;
      row += n;
    }
  }

  private int fileOf(long row) {
    int lo = 0;
    int hi = paths.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (firstRows[mid] <= row) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    if (row < 0 || row >= firstRows[paths.length]) {
      throw new IndexOutOfBoundsException("row " + row + " of " + firstRows[paths.length]);
    }
    return lo;
  }
}
