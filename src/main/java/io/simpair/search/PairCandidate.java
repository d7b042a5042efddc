package io.simpair.search;

import io.simpair.kernel.ExactValue;

/**
 * A scored pair by global row indices {@code a < b} (monochromatic) or (A index, B index), with
 * its score (the correctly rounded double of its exact value) and its ranking key (larger is
 * better in the search's direction) as a double and exactly. {@link PairHeap} orders pairs:
 * higher exact key, then smaller {@code a}, then smaller {@code b}.
 */
public final class PairCandidate implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  public long a = -1;
  public long b = -1;
  public double score;
  public double key = Double.NEGATIVE_INFINITY;
  /** The exact key ({@code key} is its rounded double), or null when {@code key} is exact. */
  public ExactValue exact;

  public PairCandidate() {}

  public PairCandidate(long a, long b, double score, double key) {
    this(a, b, score, key, null);
  }

  public PairCandidate(long a, long b, double score, double key, ExactValue exact) {
    this.a = a;
    this.b = b;
    this.score = score;
    this.key = key;
    this.exact = exact;
  }

  /**
   * True when pair x ranks after pair y: lower key (the doubles, else the exact keys when both
   * are known), then larger {@code a}, then larger {@code b}. Rounding is monotone, so unequal
   * doubles already order the exact keys.
   */
  static boolean worse(
      double kx, ExactValue ex, long ax, long bx, double ky, ExactValue ey, long ay, long by) {
    if (kx != ky) {
      return kx < ky;
    }
    if (ex != null && ey != null) {
      int c = ex.compareTo(ey);
      if (c != 0) {
        return c < 0;
      }
    }
    return ax != ay ? ax > ay : bx > by;
  }

  @Override
  public String toString() {
    return "(" + a + ", " + b + ", " + score + ")";
  }
}
