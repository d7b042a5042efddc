package io.simpair.io;

import java.io.Serializable;

/**
 * One document as read, before validation: where it is, its id and text, or the problem that
 * makes it unreadable (the first problem in input order is reported).
 */
public final class TextRecord implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The document's 0-based position in input order (set once every file is read). */
  public long index = -1;
  /** Index of the file in input order. */
  public int file;
  /** 1-based line number (text formats) or 0-based row index (Parquet). */
  public long line;
  /** The position in words: {@code <file>:<line>} or {@code <file> row <n>}. */
  public String where;
  public String id;
  public String text;
  /** Null when the record is good. */
  public String problem;

  public TextRecord() {}

  public static TextRecord bad(int file, long line, String where, String problem) {
    TextRecord r = new TextRecord();
    r.file = file;
    r.line = line;
    r.where = where;
    r.problem = problem;
    return r;
  }
}
