package io.simpair.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Reads embeddings from Parquet, NPY or CSV/TSV files, local or any Hadoop URI. This is the
 * only code that knows paths, file formats and schemas.
 *
 * <p>Input order, which fixes row indices and tie-breaking: files sorted by path, then rows in
 * file order. Hidden files ({@code _SUCCESS}, {@code .crc}) in a directory are skipped.
 */
public final class EmbeddingSource {
  /** NPY files are read in chunks of about this many bytes, one task each. */
  static final long NPY_CHUNK_BYTES = 64L << 20;

  private EmbeddingSource() {}

  /**
   * Lists the input and prepares the distributed read. Cheap: only headers and listings are
   * read on the driver.
   *
   * @throws InputException on a missing path, an empty file, an unknown format or a malformed
   *     header
   */
  public static LoadedInput open(SparkSession spark, InputSpec spec) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<FileStatus> files = listFiles(conf, spec);
    InputFormat format = spec.format();
    if (format == null) {
      format = InputFormat.fromFileName(files.get(0).getPath().getName());
      for (FileStatus f : files) {
        InputFormat other = InputFormat.fromFileName(f.getPath().getName());
        if (other == null) {
          throw new InputException(
              f.getPath()
                  + ": unknown format: cannot tell it from the file name; pass --format parquet|npy|csv");
        }
        if (other != format) {
          throw new InputException(
              f.getPath()
                  + ": mixes "
                  + format.label()
                  + " and "
                  + other.label()
                  + " files in one input (first file: "
                  + files.get(0).getPath()
                  + ")");
        }
      }
    }
    for (FileStatus f : files) {
      if (f.getLen() == 0) {
        throw new InputException(f.getPath() + ": empty file");
      }
    }
    switch (format) {
      case NPY:
        return openNpy(spark, spec, conf, files);
      case CSV:
        return openCsv(spark, spec, conf, files);
      case PARQUET:
        return openParquet(spark, spec, files);
      default:
        throw new AssertionError(format);
    }
  }

  static List<FileStatus> listFiles(Configuration conf, InputSpec spec) {
    Path p = new Path(spec.path());
    try {
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p)) {
        throw new InputException(spec.path() + ": input not found");
      }
      FileStatus st = fs.getFileStatus(p);
      List<FileStatus> out = new ArrayList<>();
      if (st.isDirectory()) {
        for (FileStatus c : fs.listStatus(p)) {
          String n = c.getPath().getName();
          if (c.isFile() && !n.startsWith("_") && !n.startsWith(".")) {
            out.add(c);
          }
        }
        if (out.isEmpty()) {
          throw new InputException(spec.path() + ": directory holds no input files");
        }
        out.sort((a, b) -> a.getPath().toString().compareTo(b.getPath().toString()));
      } else {
        out.add(st);
      }
      return out;
    } catch (IOException e) {
      throw new InputException(spec.path() + ": cannot list input: " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------------------------------- NPY

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

  private static LoadedInput openNpy(
      SparkSession spark, InputSpec spec, Configuration conf, List<FileStatus> files) {
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
      NpyHeader h = readNpyHeader(conf, f);
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
      listFiles(conf, new InputSpec(spec.idsFile(), null, null, null, null));
    }
    Map<String, String> confMap = confToMap(conf);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<InputRow> rows =
        jsc.parallelize(chunks, Math.max(1, chunks.size()))
            .flatMap(c -> readNpyChunk(c, confMap));
    // a dimension that differs between files is reported by the validation pass; no layout then
    NpyLayout layout =
        sameCols
            ? new NpyLayout(
                names.toArray(new String[0]), offsets, rowCounts, cols, Boolean.TRUE.equals(fp32), confMap)
            : null;
    return new LoadedInput(spec, InputFormat.NPY, names, rows, Boolean.TRUE.equals(fp32), layout);
  }

  private static NpyHeader readNpyHeader(Configuration conf, FileStatus f) {
    try (FSDataInputStream in = f.getPath().getFileSystem(conf).open(f.getPath())) {
      byte[] buf = new byte[(int) Math.min(f.getLen(), NpyHeader.MAX_PREFIX)];
      int n = readFully(in, buf);
      return NpyHeader.parse(buf, n, f.getLen());
    } catch (IllegalArgumentException e) {
      throw new InputException(f.getPath() + ": " + e.getMessage(), e);
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

  private static Iterator<InputRow> readNpyChunk(NpyChunk c, Map<String, String> confMap)
      throws IOException {
    Path p = new Path(c.path);
    List<InputRow> out = new ArrayList<>((int) c.rows);
    int item = c.fp32 ? 4 : 8;
    int rowBytes = c.cols * item;
    // rows are read ~1 MB at a time: row-sized reads ran at ~100 MB/s
    int batch = (int) Math.max(1, Math.min(c.rows, (1 << 20) / rowBytes));
    byte[] buf = new byte[batch * rowBytes];
    java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(buf).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    try (FSDataInputStream in = p.getFileSystem(mapToConf(confMap)).open(p)) {
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

  // ---------------------------------------------------------------------------------------- CSV

  /** Per split of a text file: which file, how many lines, and whether line 1 is a header. */
  public static final class SplitInfo implements Serializable {
    private static final long serialVersionUID = 1L;
    int file;
    long start;
    long lines;
    boolean header;

    public SplitInfo() {}

    SplitInfo(int file, long start, long lines, boolean header) {
      this.file = file;
      this.start = start;
      this.lines = lines;
      this.header = header;
    }
  }

  private static LoadedInput openCsv(
      SparkSession spark, InputSpec spec, Configuration conf, List<FileStatus> files) {
    List<String> names = new ArrayList<>();
    Map<String, Integer> index = new HashMap<>();
    StringBuilder joined = new StringBuilder();
    for (int i = 0; i < files.size(); i++) {
      String name = files.get(i).getPath().toString();
      names.add(name);
      index.put(name, i);
      if (name.indexOf(',') >= 0) {
        throw new InputException(name + ": CSV file names must not contain commas");
      }
      joined.append(i == 0 ? "" : ",").append(name);
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration readConf = new Configuration(conf);
    // Input order is the order of the listed paths; keep listing single-threaded.
    readConf.setInt("mapreduce.input.fileinputformat.list-status.num-threads", 1);
    @SuppressWarnings("unchecked")
    JavaNewHadoopRDD<LongWritable, Text> text =
        (JavaNewHadoopRDD<LongWritable, Text>)
            jsc.newAPIHadoopFile(
                joined.toString(), TextInputFormat.class, LongWritable.class, Text.class, readConf);
    // Pass 1: line counts per split, and the header decision from each file's first line.
    List<SplitInfo> infos =
        text.mapPartitionsWithInputSplit(
                (split, it) -> {
                  FileSplit fs = (FileSplit) split;
                  long lines = 0;
                  boolean header = false;
                  while (it.hasNext()) {
                    Tuple2<LongWritable, Text> t = it.next();
                    if (lines == 0 && t._1().get() == 0) {
                      header = isHeader(t._2().toString());
                    }
                    lines++;
                  }
                  return Collections.singletonList(
                          new SplitInfo(
                              index.getOrDefault(fs.getPath().toString(), -1),
                              fs.getStart(),
                              lines,
                              header))
                      .iterator();
                },
                true)
            .collect();
    // Each partition learns the first line number of its split and whether its file has a header.
    long[] firstLine = new long[infos.size()];
    boolean[] fileHeader = new boolean[files.size()];
    Map<Integer, Long> running = new HashMap<>();
    for (int p = 0; p < infos.size(); p++) {
      SplitInfo s = infos.get(p);
      if (s.file < 0) {
        throw new IllegalStateException("split of an unlisted file at partition " + p);
      }
      long before = running.getOrDefault(s.file, 0L);
      firstLine[p] = before + 1;
      running.put(s.file, before + s.lines);
      if (s.start == 0) {
        fileHeader[s.file] = s.header;
      }
    }
    for (int i = 0; i < files.size(); i++) {
      long lines = running.getOrDefault(i, 0L);
      if (lines == 0 || (lines == 1 && fileHeader[i])) {
        throw new InputException(names.get(i) + ": empty file (no data rows)");
      }
    }
    JavaRDD<InputRow> rows =
        text.mapPartitionsWithInputSplit(
                (split, it) -> {
                  FileSplit fs = (FileSplit) split;
                  int file = index.get(fs.getPath().toString());
                  long first = firstLine[TaskContext.get().partitionId()];
                  return new CsvIterator(it, file, fileHeader[file], first);
                },
                true);
    return new LoadedInput(spec, InputFormat.CSV, names, rows, false, null);
  }

  /** True when no field after the first parses as a number: a header line. */
  static boolean isHeader(String line) {
    String[] f = split(line);
    if (f.length < 2) {
      return false;
    }
    for (int k = 1; k < f.length; k++) {
      if (parseNumber(f[k]) != null) {
        return false;
      }
    }
    return true;
  }

  static String[] split(String line) {
    return line.split(line.indexOf('\t') >= 0 ? "\t" : ",", -1);
  }

  static Double parseNumber(String s) {
    String t = s.trim();
    if (t.isEmpty()) {
      return null;
    }
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Parses the lines of one split into rows; line numbers are 1-based within the file. */
  static final class CsvIterator implements Iterator<InputRow> {
    private final Iterator<Tuple2<LongWritable, Text>> lines;
    private final int file;
    private final boolean header;
    private final long firstLine;
    private long seen;

    CsvIterator(
        Iterator<Tuple2<LongWritable, Text>> lines, int file, boolean header, long firstLine) {
      this.lines = lines;
      this.file = file;
      this.header = header;
      this.firstLine = firstLine;
    }

    @Override
    public boolean hasNext() {
      if (seen == 0 && header && firstLine == 1 && lines.hasNext()) {
        lines.next(); // the header line
        seen++;
      }
      return lines.hasNext();
    }

    @Override
    public InputRow next() {
      hasNext();
      String text = lines.next()._2().toString();
      long line = firstLine + seen;
      seen++;
      InputRow r = new InputRow();
      r.file = file;
      r.line = line;
      r.row = line - 1 - (header ? 1 : 0);
      parseCsvLine(text, r);
      return r;
    }
  }

  static void parseCsvLine(String text, InputRow r) {
    if (text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    if (text.trim().isEmpty()) {
      r.problem = "empty line";
      return;
    }
    String[] f = split(text);
    String id = f[0].trim();
    if (id.length() >= 2 && id.startsWith("\"") && id.endsWith("\"")) {
      id = id.substring(1, id.length() - 1);
    }
    r.id = id;
    if (id.isEmpty()) {
      r.problem = "empty id";
      return;
    }
    if (f.length < 2) {
      r.problem = "no vector values after the id";
      return;
    }
    double[] v = new double[f.length - 1];
    for (int k = 1; k < f.length; k++) {
      String t = f[k].trim();
      if (t.isEmpty()) {
        r.problem = "empty value in column " + (k + 1);
        return;
      }
      try {
        v[k - 1] = Double.parseDouble(t);
      } catch (NumberFormatException e) {
        r.problem = "not a number in column " + (k + 1) + ": '" + t + "'";
        return;
      }
    }
    r.d = v;
  }

  // ------------------------------------------------------------------------------------ Parquet

  private static LoadedInput openParquet(SparkSession spark, InputSpec spec, List<FileStatus> files) {
    String[] paths = files.stream().map(f -> f.getPath().toString()).toArray(String[]::new);
    String idCol = spec.idCol() == null ? "id" : spec.idCol();
    String vecCol = spec.vectorCol() == null ? "vector" : spec.vectorCol();
    Dataset<Row> df;
    StructType schema;
    try {
      df = spark.read().parquet(paths);
      schema = df.schema();
    } catch (Exception e) {
      if (isSerializationFailure(e)) {
        throw e; // a Kryo registration gap is our bug, not bad input: exit 1
      }
      throw new InputException(spec.path() + ": cannot read as Parquet: " + firstLine(e), e);
    }
    StructField idField = field(schema, idCol, spec.path());
    StructField vecField = field(schema, vecCol, spec.path());
    DataType vt = vecField.dataType();
    boolean fp32;
    boolean mlVector = false;
    if (vt instanceof ArrayType at && at.elementType().equals(DataTypes.FloatType)) {
      fp32 = true;
    } else if (vt instanceof ArrayType at && at.elementType().equals(DataTypes.DoubleType)) {
      fp32 = false;
    } else if (vt.getClass().getName().endsWith("linalg.VectorUDT")) {
      fp32 = false;
      mlVector = true;
    } else {
      throw new InputException(
          spec.path()
              + ": column '"
              + vecCol
              + "' has type "
              + vt.simpleString()
              + "; need array<float>, array<double> or an ML Vector");
    }
    if (idField.dataType() instanceof ArrayType || idField.dataType() instanceof StructType) {
      throw new InputException(
          spec.path() + ": id column '" + idCol + "' has type " + idField.dataType().simpleString());
    }
    Dataset<Row> sel =
        df.selectExpr(
            "CAST(`" + idCol + "` AS STRING) AS id",
            "`" + vecCol + "` AS vector",
            "_metadata.file_path AS file",
            "_metadata.row_index AS row");
    List<String> names = new ArrayList<>();
    for (Row r : sel.select("file").distinct().collectAsList()) {
      names.add(r.getString(0));
    }
    Collections.sort(names);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      index.put(names.get(i), i);
    }
    boolean ml = mlVector;
    JavaRDD<InputRow> rows = sel.javaRDD().map(r -> parquetRow(r, index, fp32, ml));
    return new LoadedInput(spec, InputFormat.PARQUET, names, rows, fp32, null);
  }

  private static StructField field(StructType schema, String name, String path) {
    for (StructField f : schema.fields()) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    throw new InputException(
        path + ": no column '" + name + "' (columns: " + String.join(", ", schema.fieldNames()) + ")");
  }

  private static InputRow parquetRow(Row r, Map<String, Integer> index, boolean fp32, boolean ml) {
    InputRow out = new InputRow();
    out.file = index.get(r.getString(2));
    out.row = r.getLong(3);
    out.line = -1;
    out.id = r.isNullAt(0) ? null : r.getString(0);
    if (out.id == null) {
      out.problem = "null id";
      return out;
    }
    if (r.isNullAt(1)) {
      out.problem = "null vector";
      return out;
    }
    if (ml) {
      Object v = r.get(1);
      if (v instanceof org.apache.spark.ml.linalg.Vector mv) {
        out.d = mv.toArray();
      } else {
        out.d = ((org.apache.spark.mllib.linalg.Vector) v).toArray();
      }
      return out;
    }
    List<Object> list = r.getList(1);
    int n = list.size();
    if (fp32) {
      float[] f = new float[n];
      for (int k = 0; k < n; k++) {
        Object o = list.get(k);
        if (o == null) {
          out.problem = "null element at position " + k;
          return out;
        }
        f[k] = (Float) o;
      }
      out.f = f;
    } else {
      double[] d = new double[n];
      for (int k = 0; k < n; k++) {
        Object o = list.get(k);
        if (o == null) {
          out.problem = "null element at position " + k;
          return out;
        }
        d[k] = (Double) o;
      }
      out.d = d;
    }
    return out;
  }

  // ------------------------------------------------------------------------------------ helpers

  /** True when a Kryo failure is in the cause chain (e.g. an unregistered class). */
  static boolean isSerializationFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof com.esotericsoftware.kryo.KryoException) {
        return true;
      }
    }
    return false;
  }

  static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** The Hadoop configuration as a plain map, to ship to tasks. */
  public static Map<String, String> confToMap(Configuration conf) {
    Map<String, String> m = new HashMap<>();
    for (Map.Entry<String, String> e : conf) {
      m.put(e.getKey(), e.getValue());
    }
    return m;
  }

  /** Rebuilds a configuration shipped by {@link #confToMap}. */
  public static Configuration mapToConf(Map<String, String> m) {
    Configuration c = new Configuration(false);
    for (Map.Entry<String, String> e : m.entrySet()) {
      c.set(e.getKey(), e.getValue());
    }
    return c;
  }
}
