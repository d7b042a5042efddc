package io.simpair.io;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * Reads CSV or TSV text (also gzipped): one row a line, the id first, then the values. A line
 * is tab-separated when it holds a tab, else comma-separated; a file's first line is a header
 * when it has two or more fields and none after the first is a number. Blank lines at the end
 * of a file are skipped (editors leave them); a blank line before a row is an error naming it.
 * Line numbers in messages are 1-based per file. A value column ({@link InputSpec#valueCol}) is
 * found by name in each file's header and is not part of the vector.
 */
public final class CsvReader implements EmbeddingReader {

  @Override
  public InputFormat format() {
    return InputFormat.CSV;
  }

  /**
   * Per split of a text file: which file, how many lines, how many up to its last non-blank
   * one, and whether line 1 is a header.
   */
  public static final class SplitInfo implements Serializable {
    private static final long serialVersionUID = 3L;
    int file;
    long start;
    long lines;
    long content;
    boolean header;
    /** The header line when {@code header}, else null. */
    String headerLine;

    public SplitInfo() {}

    SplitInfo(int file, long start, long lines, long content, boolean header, String headerLine) {
      this.file = file;
      this.start = start;
      this.lines = lines;
      this.content = content;
      this.header = header;
      this.headerLine = headerLine;
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws InputException on a file name with a comma, or a file without data rows
   */
  @Override
  public LoadedInput open(SparkSession spark, InputSpec spec, List<FileStatus> files) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
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
                  long content = 0;
                  boolean header = false;
                  String headerLine = null;
                  while (it.hasNext()) {
                    Tuple2<LongWritable, Text> t = it.next();
                    boolean blank = t._2().toString().trim().isEmpty();
                    if (lines == 0 && t._1().get() == 0) {
                      header = !blank && isHeader(t._2().toString());
                      headerLine = header ? t._2().toString() : null;
                    }
                    lines++;
                    if (!blank) {
                      content = lines;
                    }
                  }
                  return Collections.singletonList(
                          new SplitInfo(
                              index.getOrDefault(fs.getPath().toString(), -1),
                              fs.getStart(),
                              lines,
                              content,
                              header,
                              headerLine))
                      .iterator();
                },
                true)
            .collect();
    // Each partition learns the first line number of its split and whether its file has a header.
    long[] firstLine = new long[infos.size()];
    boolean[] fileHeader = new boolean[files.size()];
    String[] headerLines = new String[files.size()];
    // per file, the number of its last non-blank line: the blank lines after it are skipped
    long[] lastContent = new long[files.size()];
    Map<Integer, Long> running = new HashMap<>();
    for (int p = 0; p < infos.size(); p++) {
      SplitInfo s = infos.get(p);
      if (s.file < 0) {
        throw new IllegalStateException("split of an unlisted file at partition " + p);
      }
      long before = running.getOrDefault(s.file, 0L);
      firstLine[p] = before + 1;
      running.put(s.file, before + s.lines);
      if (s.content > 0) {
        lastContent[s.file] = Math.max(lastContent[s.file], before + s.content);
      }
      if (s.start == 0) {
        fileHeader[s.file] = s.header;
        headerLines[s.file] = s.headerLine;
      }
    }
    for (int i = 0; i < files.size(); i++) {
      long lines = lastContent[i];
      if (lines == 0 || (lines == 1 && fileHeader[i])) {
        throw new InputException(names.get(i) + ": empty file (no data rows)");
      }
    }
    int[] valueIndex = valueColumns(spec.valueCol(), names, headerLines);
    JavaRDD<InputRow> rows =
        text.mapPartitionsWithInputSplit(
                (split, it) -> {
                  FileSplit fs = (FileSplit) split;
                  int file = index.get(fs.getPath().toString());
                  long first = firstLine[TaskContext.get().partitionId()];
                  return new CsvIterator(it, file, fileHeader[file], first, lastContent[file], valueIndex[file]);
                },
                true);
    return new LoadedInput(spec, InputFormat.CSV, names, rows, false, null);
  }

  /**
   * Per file, the field of the value column named in its header (never the id's), or -1 for
   * every file when there is no value column.
   *
   * @throws InputException when a file has no header or its header does not name the column
   */
  static int[] valueColumns(String column, List<String> names, String[] headerLines) {
    int[] out = new int[names.size()];
    java.util.Arrays.fill(out, -1);
    if (column == null) {
      return out;
    }
    for (int i = 0; i < out.length; i++) {
      if (headerLines[i] == null) {
        throw new InputException(names.get(i) + ": the value column '" + column
            + "' is found by name in a header line, and this file has none (its first line holds numbers)");
      }
      String[] f = split(stripCr(headerLines[i]));
      List<String> fields = new ArrayList<>();
      for (String x : f) {
        fields.add(unquote(x.trim()));
      }
      int k = fields.indexOf(column);
      if (k == 0) {
        throw new InputException(names.get(i) + ": the value column '" + column + "' is the id column (the first)");
      }
      if (k < 0) {
        throw new InputException(names.get(i) + ": no column '" + column + "' in the header (columns: "
            + String.join(", ", fields) + ")");
      }
      out[i] = k;
    }
    return out;
  }

  /** A line without the carriage return of a CRLF file. */
  private static String stripCr(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  private static String unquote(String id) {
    return id.length() >= 2 && id.startsWith("\"") && id.endsWith("\"") ? id.substring(1, id.length() - 1) : id;
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
    private final long lastContent;
    private final int valueIndex;
    private long seen;

    CsvIterator(
        Iterator<Tuple2<LongWritable, Text>> lines, int file, boolean header, long firstLine, long lastContent,
        int valueIndex) {
      this.lines = lines;
      this.file = file;
      this.header = header;
      this.firstLine = firstLine;
      this.lastContent = lastContent;
      this.valueIndex = valueIndex;
    }

    @Override
    public boolean hasNext() {
      if (seen == 0 && header && firstLine == 1 && lines.hasNext()) {
        lines.next(); // the header line
        seen++;
      }
      return firstLine + seen <= lastContent && lines.hasNext(); // past it only blank lines
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
      parseCsvLine(text, r, valueIndex);
      return r;
    }
  }

  static void parseCsvLine(String text, InputRow r) {
    parseCsvLine(text, r, -1);
  }

  /** As above, with field {@code valueIndex} (if not -1) the row's value rather than part of its vector. */
  static void parseCsvLine(String text, InputRow r, int valueIndex) {
    text = stripCr(text);
    if (text.trim().isEmpty()) {
      r.problem = "blank line (only blank lines at the end of a file are skipped)";
      return;
    }
    String[] f = split(text);
    String id = unquote(f[0].trim());
    r.id = id;
    if (id.isEmpty()) {
      r.problem = "empty id";
      return;
    }
    if (valueIndex > 0) {
      if (valueIndex >= f.length) {
        r.problem = "no value column (column " + (valueIndex + 1) + "): the line has " + f.length + " fields";
        return;
      }
      String t = f[valueIndex].trim();
      Double val = parseNumber(t);
      if (val == null || !Double.isFinite(val)) {
        r.problem = (t.isEmpty() ? "empty value" : "value '" + t + "'" + (val == null ? " is not a number" : " is not finite"))
            + " in the value column (column " + (valueIndex + 1) + ")";
        return;
      }
      r.value = val;
    }
    int dims = f.length - 1 - (valueIndex > 0 ? 1 : 0);
    if (dims < 1) {
      r.problem = "no vector values after the id";
      return;
    }
    double[] v = new double[dims];
    int at = 0;
    for (int k = 1; k < f.length; k++) {
      if (k == valueIndex) {
        continue;
      }
      String t = f[k].trim();
      if (t.isEmpty()) {
        r.problem = "empty value in column " + (k + 1);
        return;
      }
      try {
        v[at++] = Double.parseDouble(t);
      } catch (NumberFormatException e) {
        r.problem =
            t.indexOf('"') >= 0
                // split on every comma, quotes or not: say so rather than blame the number
                ? "quoted value in column " + (k + 1) + ": '" + t + "' (CSV quoting is not supported; only the id may be"
                    + " wrapped in double quotes, and it must not contain the separator)"
                : "not a number in column " + (k + 1) + ": '" + t + "'";
        return;
      }
    }
    r.d = v;
  }
}
