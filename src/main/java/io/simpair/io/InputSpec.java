package io.simpair.io;

import java.io.Serializable;

/**
 * Where and how to read one side of the input.
 *
 * @param path file or directory, local path or Hadoop URI
 * @param format the format, or null to infer it from the file extensions
 * @param idCol Parquet id column (default {@code id})
 * @param vectorCol Parquet vector column (default {@code vector})
 * @param idsFile NPY only: one id per line, or null for 0-based row numbers
 * @param valueCol Parquet or CSV (with a header): a numeric column read as each row's value
 *     ({@code --attention-values COLUMN}), or null; a CSV value column is not part of the vector
 */
public record InputSpec(
    String path, InputFormat format, String idCol, String vectorCol, String idsFile, String valueCol)
    implements Serializable {

  /** Without a value column. */
  public InputSpec(String path, InputFormat format, String idCol, String vectorCol, String idsFile) {
    this(path, format, idCol, vectorCol, idsFile, null);
  }

  /** The same input, each row's value read from {@code column}. */
  public InputSpec withValueCol(String column) {
    return new InputSpec(path, format, idCol, vectorCol, idsFile, column);
  }
}
