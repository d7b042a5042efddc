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
 */
public record InputSpec(
    String path, InputFormat format, String idCol, String vectorCol, String idsFile)
    implements Serializable {}
