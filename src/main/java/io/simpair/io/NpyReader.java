package io.simpair.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Reads NumPy {@code .npy} files (2-D, C order, little-endian float32 or float64; see {@link
 * NpyHeader}). Every file must have the first file's dtype. Rows carry no ids: they are the
 * 0-based row numbers, or come from {@link InputSpec#idsFile()}.
 */
public final class NpyReader implements EmbeddingReader {
  /** NPY files are read in chunks of about this many bytes, one task each. */
  static final long NPY_CHUNK_BYTES = 64L << 20;

  @Override
  public InputFormat format() {
    return InputFormat.NPY;
  }

  /**
   * A contiguous range of rows of one NPY file: the unit of a read task. (A plain class, not a
   * record: Kryo cannot set a record's final fields.)
   */
  public static final class NpyChunk implements Serializable {
    private static final long serialVersionUID = 1L;
    int file;
    String path;
    long offset;
    long firstRow;
    long rows;
    int cols;
    boolean fp32;

    public NpyChunk() {}

    NpyChunk(int file, String path, long offset, long firstRow, long rows, int cols, boolean fp32) {
      this.file = file;
      this.path = path;
      this.offset = offset;
      this.firstRow = firstRow;
      this.rows = rows;
      this.cols = cols;
      this.fp32 = fp32;
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws InputException on a malformed header, a dtype that differs from the first file's,
   *     or an {@link InputSpec#idsFile()} that cannot be listed
   */
  @Override
  public LoadedInput open(SparkSession spark, InputSpec spec, List<FileStatus> files) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<NpyChunk> chunks = new ArrayList<>();
    List<String> names = new ArrayList<>();
    long[] offsets = new long[files.size()];
    long[] rowCounts = new long[files.size()];
    int cols = -1;
    boolean sameCols = true;
    Boolean fp32 = null;
    for (int i = 0; i < files.size(); i++) {
      FileStatus f = files.get(i);
      names.add(f.getPath().toString());
      NpyHeader h = readHeader(conf, f);
      offsets[i] = h.dataOffset();
      rowCounts[i] = h.rows();
      sameCols &= cols < 0 || cols == h.cols();
      cols = h.cols();
      if (fp32 != null && fp32 != h.fp32()) {
        throw new InputException(f.getPath() + ": dtype differs from the first file's");
      }
      fp32 = h.fp32();
      long rowBytes = (long) h.cols() * h.itemSize();
      long rowsPerChunk = Math.max(1, NPY_CHUNK_BYTES / rowBytes);
      for (long r = 0; r < h.rows(); r += rowsPerChunk) {
        long n = Math.min(rowsPerChunk, h.rows() - r);
        chunks.add(
            new NpyChunk(
                i, f.getPath().toString(), h.dataOffset() + r * rowBytes, r, n, h.cols(), h.fp32()));
      }
    }
    if (spec.idsFile() != null) {
      InputFiles.list(conf, spec.idsFile());
    }
    Map<String, String> confMap = HadoopConf.toMap(conf);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<InputRow> rows =
        jsc.parallelize(chunks, Math.max(1, chunks.size()))
            .flatMap(c -> readChunk(c, confMap));
    // a dimension that differs between files is reported by the validation pass; no ranges then
    RowRangeReader ranges =
        sameCols
            ? new NpyRowRanges(
                names.toArray(new String[0]), offsets, rowCounts, cols, Boolean.TRUE.equals(fp32), confMap)
            : null;
    return new LoadedInput(spec, InputFormat.NPY, names, rows, Boolean.TRUE.equals(fp32), ranges);
  }

  private static NpyHeader readHeader(Configuration conf, FileStatus f) {
    try (FSDataInputStream in = f.getPath().getFileSystem(conf).open(f.getPath())) {
      byte[] buf = new byte[(int) Math.min(f.getLen(), NpyHeader.MAX_PREFIX)];
      int n = readFully(in, buf);
      return NpyHeader.parse(buf, n, f.getLen());
    } catch (IllegalArgumentException e) {
      throw new InputException(f.getPath() + ": " + e.getMessage(), e);
    } catch (ChecksumException e) {
      throw new InputException(InputFiles.checksumProblem(e), e);
    } catch (IOException e) {
      throw new InputException(f.getPath() + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static int readFully(InputStream in, byte[] buf) throws IOException {
    int n = 0;
    while (n < buf.length) {
      int r = in.read(buf, n, buf.length - n);
      if (r < 0) {
        break;
      }
      n += r;
    }
    return n;
  }

  private static Iterator<InputRow> readChunk(NpyChunk c, Map<String, String> confMap)
      throws IOException {
    Path p = new Path(c.path);
    List<InputRow> out = new ArrayList<>((int) c.rows);
    int item = c.fp32 ? 4 : 8;
    int rowBytes = c.cols * item;
    // rows are read ~1 MB at a time: row-sized reads ran at ~100 MB/s
    int batch = (int) Math.max(1, Math.min(c.rows, (1 << 20) / rowBytes));
    byte[] buf = new byte[batch * rowBytes];
    ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
    try (FSDataInputStream in = p.getFileSystem(HadoopConf.fromMap(confMap)).open(p)) {
      in.seek(c.offset);
      for (long r = 0; r < c.rows; r += batch) {
        int m = (int) Math.min(batch, c.rows - r);
        in.readFully(buf, 0, m * rowBytes);
        for (int k = 0; k < m; k++) {
          InputRow row = new InputRow();
          row.file = c.file;
          row.row = c.firstRow + r + k;
          row.line = -1;
          bb.position(k * rowBytes);
          if (c.fp32) {
            row.f = new float[c.cols];
            bb.asFloatBuffer().get(row.f);
          } else {
            row.d = new double[c.cols];
            bb.asDoubleBuffer().get(row.d);
          }
          out.add(row);
        }
      }
    }
    return out.iterator();
  }
}
