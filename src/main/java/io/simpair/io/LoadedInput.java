package io.simpair.io;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * One side of the input as readers hand it to the job: the rows (not yet validated beyond
 * what the format itself checks) and what is needed to name places in error messages.
 *
 * @param spec what was asked for
 * @param format the format that was read
 * @param files the input files in input order; {@link InputRow#file} indexes this list
 * @param rows the rows, in no particular partition order ({@code (file, row)} is the order)
 * @param fp32 true when every value came from an fp32 source and is kept exactly as float
 * @param ranges reads row ranges straight from the files (so row blocks need no shuffle of the
 *     rows); null when the format cannot (CSV, Parquet) or the files disagree on the number of
 *     values per row (NPY; the validation pass reports that)
 */
public record LoadedInput(
    InputSpec spec,
    InputFormat format,
    List<String> files,
    JavaRDD<InputRow> rows,
    boolean fp32,
    RowRangeReader ranges) {

  /**
   * True when rows of dimension {@code dim} can be read by range: {@link #ranges()} exists and
   * its rows have {@code dim} values.
   */
  public boolean readsRanges(int dim) {
    return ranges != null && ranges.cols() == dim;
  }

  /** The place of a row in words, e.g. {@code data/x.csv: line 17 (id "doc-9")}. */
  public String describe(int file, long row, long line, String id) {
    StringBuilder sb = new StringBuilder();
    sb.append(file >= 0 && file < files.size() ? files.get(file) : spec.path());
    if (line > 0) {
      sb.append(": line ").append(line);
    } else {
      sb.append(": row ").append(row);
    }
    if (id != null) {
      sb.append(" (id \"").append(id).append("\")");
    }
    return sb.toString();
  }
}
