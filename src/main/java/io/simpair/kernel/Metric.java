package io.simpair.kernel;

import java.util.Locale;

/**
 * The similarity measures. Every metric is turned into a score where larger is better for the
 * "most similar" search, so one max-kernel serves them all:
 *
 * <ul>
 *   <li>{@code COSINE}: rows are normalised to unit length; score = dot product.
 *   <li>{@code DOT}: raw inner product (Max-IP).
 *   <li>{@code L2}: score = a·b - |a|²/2 - |b|²/2 = -|a-b|²/2, so the largest score is the
 *       smallest Euclidean distance; the biases carry the -|x|²/2 terms.
 * </ul>
 */
public enum Metric {
  COSINE,
  DOT,
  L2;

  /** Parses {@code cosine|dot|l2} (case-insensitive); null when unknown. */
  public static Metric parse(String s) {
    for (Metric m : values()) {
      if (m.name().equalsIgnoreCase(s)) {
        return m;
      }
    }
    return null;
  }

  /** The name users type and result.json shows. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True when a larger reported score is better (cosine, dot); false for l2 (a distance). */
  public boolean largerIsBetter() {
    return this != L2;
  }
}
