package io.simpair.io;

import java.util.Locale;

/** The text inputs the embed job reads. */
public enum TextFormat {
  /** One JSON object per line with an id and a text field. */
  JSONL,
  /** One document per line; ids are 0-based line numbers (optionally prefixed). */
  TEXT,
  /** Parquet with an id and a string text column. */
  PARQUET;

  /** The format a file name implies, or null. */
  public static TextFormat fromFileName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".gz")) {
      n = n.substring(0, n.length() - 3);
    }
    if (n.endsWith(".jsonl") || n.endsWith(".ndjson") || n.endsWith(".json")) {
      return JSONL;
    }
    if (n.endsWith(".txt")) {
      return TEXT;
    }
    if (n.endsWith(".parquet")) {
      return PARQUET;
    }
    return null;
  }

  /** {@code jsonl}, {@code text} or {@code parquet}, or null for anything else. */
  public static TextFormat parse(String s) {
    for (TextFormat f : values()) {
      if (f.name().equalsIgnoreCase(s.trim())) {
        return f;
      }
    }
    return null;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
