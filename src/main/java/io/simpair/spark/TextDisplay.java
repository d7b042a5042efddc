package io.simpair.spark;

import java.io.Serializable;

/**
 * {@code pairs --show-text}: the texts of the reported pairs, from a text column of the input,
 * whole in result.json and cut to {@code width} characters in the printed summary.
 *
 * @param column the text column (default {@code text})
 * @param width the summary's limit per text (default 160)
 */
public record TextDisplay(String column, int width) implements Serializable {
  public static final String DEFAULT_COLUMN = "text";
  public static final int DEFAULT_WIDTH = 160;

  /** {@code s} cut to the width, with an ellipsis when cut; line breaks shown as spaces. */
  public String cut(String s) {
    String one = s.replaceAll("\\s+", " ").strip();
    return one.length() <= width ? one : one.substring(0, Math.max(0, width - 1)) + "…";
  }
}
