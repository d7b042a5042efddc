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
 * @param npy for NPY input, where each file's matrix lies (so row blocks can be read straight
 *     from the files, without shuffling rows); null for other formats
 */
public record LoadedInput(
    InputSpec spec,
    InputFormat format,
    List<String> files,
    JavaRDD<InputRow> rows,
    boolean fp32,
    NpyLayout npy) {

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
