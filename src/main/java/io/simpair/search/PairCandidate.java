package io.simpair.search;

/**
 * A scored pair by global row indices {@code a < b} (monochromatic) or (A index, B index), with
 * its exact double-precision score and its ranking key (larger is better in the search's
 * direction). {@link PairHeap} orders pairs: higher key, then smaller {@code a}, then smaller
 * {@code b}.
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

  @Override
  public String toString() {
    return "(" + a + ", " + b + ", " + score + ")";
  }
}
