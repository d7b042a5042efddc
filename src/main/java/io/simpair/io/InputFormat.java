package io.simpair.io;

import java.util.Locale;

/** The input formats {@code --format} accepts. */
public enum InputFormat {
  PARQUET,
  NPY,
  CSV;

  /** Parses {@code parquet|npy|csv} (also {@code tsv}, read as CSV); null when unknown. */
  public static InputFormat parse(String s) {
    switch (s.toLowerCase(Locale.ROOT)) {
      case "parquet":
        return PARQUET;
      case "npy":
        return NPY;
      case "csv":
      case "tsv":
        return CSV;
      default:
        return null;
    }
  }

  /** The format a file name's extension implies, or null. */
  public static InputFormat fromFileName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".parquet") || n.endsWith(".parq")) {
      return PARQUET;
    }
    if (n.endsWith(".npy")) {
      return NPY;
    }
    if (n.endsWith(".csv") || n.endsWith(".tsv") || n.endsWith(".csv.gz") || n.endsWith(".tsv.gz")) {
      return CSV;
    }
    return null;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
