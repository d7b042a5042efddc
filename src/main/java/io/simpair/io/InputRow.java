package io.simpair.io;

/**
 * One input row as a reader produced it: where it came from, its id (null when ids are row
 * numbers or come from a separate file) and its vector, either fp32 ({@code f}) or fp64
 * ({@code d}); both are null when the vector itself was null. {@code problem} is set when the
 * reader already found the row unusable (null element, unparsable number, a value column that is
 * null or not finite, ...).
 */
public final class InputRow {
  /** Index of the source file in the sorted file list. */
  public int file;
  /** 0-based data row within its file. */
  public long row;
  /** 1-based line in a text file, or -1. */
  public long line;

  public String id;
  public float[] f;
  public double[] d;
  public String problem;
  /** The row's value from the input's value column ({@link InputSpec#valueCol}), else NaN. */
  public double value = Double.NaN;

  public InputRow() {}

  public int dim() {
    return f != null ? f.length : d != null ? d.length : -1;
  }

  /** Element {@code k} as a double. */
  public double get(int k) {
    return f != null ? f[k] : d[k];
  }

  /** Orders rows by input order: file, then row. */
  public static int compareKeys(int fileA, long rowA, int fileB, long rowB) {
    return fileA != fileB ? Integer.compare(fileA, fileB) : Long.compare(rowA, rowB);
  }
}
