package io.simpair.spark;

/**
 * A scored pair by global row indices {@code a < b} (monochromatic) or (A index, B index), with
 * its exact double-precision score. Ordering: higher key first (key = score, or -distance for
 * l2), then smaller {@code a}, then smaller {@code b}.
 */
public final class PairCandidate implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  public long a = -1;
  public long b = -1;
  public double score;
  public double key = Double.NEGATIVE_INFINITY;

  public PairCandidate() {}

  public PairCandidate(long a, long b, double score, double key) {
    this.a = a;
    this.b = b;
    this.score = score;
    this.key = key;
  }

  public boolean isEmpty() {
    return a < 0;
  }

  /** True when (key, a, b) ranks before {@code other}. */
  public static boolean better(double key, long a, long b, PairCandidate other) {
    if (other.isEmpty()) {
      return true;
    }
    if (key != other.key) {
      return key > other.key;
    }
    return a != other.a ? a < other.a : b < other.b;
  }

  /** The better of two candidates (either may be empty). */
  public static PairCandidate best(PairCandidate x, PairCandidate y) {
    if (y.isEmpty()) {
      return x;
    }
    return better(y.key, y.a, y.b, x) ? y : x;
  }

  @Override
  public String toString() {
    return "(" + a + ", " + b + ", " + score + ")";
  }
}
