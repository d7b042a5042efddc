package io.simpair.io;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Streams an {@code n x d} float32 matrix into a NumPy {@code .npy} file, one row at a time, so
 * the matrix is never held. The file is format 1.0, dtype {@code '<f4'} (little-endian), C
 * order, with the header padded by spaces so the data starts at a multiple of 64 bytes; {@code
 * numpy.load} and {@link NpyReader} read it.
 *
 * <p>The shape goes into the header first, so exactly {@code n} rows must follow: {@link
 * #writeRow} refuses row {@code n + 1} and {@link #close} fails when fewer were written.
 */
public final class NpyWriter implements Closeable {
  private static final byte[] MAGIC_V1 = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
  private final Path path;
  private final long rows;
  private final int cols;
  private final OutputStream out;
  private final ByteBuffer row;
  private long written;
  private boolean closed;

  private NpyWriter(Path path, long rows, int cols, OutputStream out) {
    this.path = path;
    this.rows = rows;
    this.cols = cols;
    this.out = out;
    this.row = ByteBuffer.allocate(4 * cols).order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Creates {@code path} (and its missing parent directories) and writes the header of an
   * {@code rows x cols} float32 matrix.
   *
   * @param fs the file system {@code path} is on
   * @param rows n, at least 0
   * @param cols d, at least 1
   * @throws IllegalArgumentException on a negative row count or a column count below 1
   * @throws IOException when the file exists already or cannot be written
   */
  public static NpyWriter create(FileSystem fs, Path path, long rows, int cols) throws IOException {
    if (rows < 0 || cols < 1) {
      throw new IllegalArgumentException("NPY shape (" + rows + ", " + cols + ") is not a matrix");
    }
    byte[] header = header(rows, cols);
    // buffered: otherwise every row would be a write on the Hadoop stream
    OutputStream out = new BufferedOutputStream(fs.create(path, false), 1 << 20);
    try {
      out.write(header);
    } catch (IOException | RuntimeException e) {
      out.close();
      throw e;
    }
    return new NpyWriter(path, rows, cols, out);
  }

  /** Magic, version 1.0, the little-endian header length, then the dict padded and ended by a newline. */
  private static byte[] header(long rows, int cols) {
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
    int pad = (64 - (MAGIC_V1.length + 2 + dict.length() + 1) % 64) % 64;
    byte[] text = (dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer b = ByteBuffer.allocate(MAGIC_V1.length + 2 + text.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC_V1).putShort((short) text.length).put(text);
    return b.array();
  }

  /**
   * Appends the next row.
   *
   * @param values exactly {@code cols} values
   * @throws IllegalArgumentException when {@code values} has another length
   * @throws IllegalStateException when all {@code rows} rows are written already, or after
   *     {@link #close}
   */
  public void writeRow(float[] values) throws IOException {
    if (values.length != cols) {
      throw new IllegalArgumentException(
          path + ": a row of " + values.length + " values, the matrix has " + cols + " columns");
    }
    if (closed || written == rows) {
      throw new IllegalStateException(
          path + ": " + (closed ? "closed" : "all " + rows + " rows are written already"));
    }
    row.clear();
    for (float v : values) {
      row.putFloat(v);
    }
    out.write(row.array());
    written++;
  }

  /**
   * Flushes and closes the file; a second call does nothing.
   *
   * @throws IllegalStateException when fewer rows were written than the header says (the file
   *     is closed, and left as it is)
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    out.close();
    if (written != rows) {
      throw new IllegalStateException(
          path + ": " + written + " rows written, but the NPY header says " + rows);
    }
  }
}
