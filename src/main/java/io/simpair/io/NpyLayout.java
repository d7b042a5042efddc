package io.simpair.io;

import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;

/**
 * Where the rows of an NPY input lie: per file (in input order) its path, data offset and row
 * count, so that any range of rows in input order can be read directly. Serializable: tasks
 * read their own ranges.
 */
public final class NpyLayout implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String[] paths;
  private final long[] dataOffsets;
  private final long[] firstRows;
  private final int cols;
  private final boolean fp32;
  private final Map<String, String> conf;

  NpyLayout(String[] paths, long[] dataOffsets, long[] rows, int cols, boolean fp32, Map<String, String> conf) {
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

  public int cols() {
    return cols;
  }

  public boolean fp32() {
    return fp32;
  }

  /**
   * Reads rows {@code [first, first + count)} in input order (across file boundaries) into
   * {@code f} (fp32 input) or {@code d} (fp64 input), row-major from index 0.
   */
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
