package io.simpair.search;

import io.simpair.kernel.ExactValue;

/**
 * A pair's place in best-first order as a sort key, for sorting pairs outside a heap (the
 * threshold table): smaller is better, by the same exact comparison as {@link PairHeap}.
 */
public final class PairOrder implements Comparable<PairOrder>, java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private double key;
  private ExactValue exact;
  private long a;
  private long b;

  /** For serializers. */
  public PairOrder() {}

  public PairOrder(PairCandidate p) {
    this.key = p.key;
    this.exact = p.exact;
    this.a = p.a;
    this.b = p.b;
  }

  @Override
  public int compareTo(PairOrder o) {
    if (PairCandidate.worse(key, exact, a, b, o.key, o.exact, o.a, o.b)) {
      return 1;
    }
    return PairCandidate.worse(o.key, o.exact, o.a, o.b, key, exact, a, b) ? -1 : 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PairOrder p && compareTo(p) == 0;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(a) * 31 + Long.hashCode(b);
  }
}
