package io.simpair.io;

import java.io.Serializable;

/**
 * Where the embed job's documents are and how to read them.
 *
 * @param path a file or directory, local or any Hadoop URI
 * @param format null to infer from the file names
 * @param idField JSONL id field, or Parquet id column
 * @param textField JSONL text field, or Parquet text column
 * @param idPrefix plain text: ids are this prefix and the 0-based line number
 */
public record TextSpec(String path, TextFormat format, String idField, String textField, String idPrefix)
    implements Serializable {}
