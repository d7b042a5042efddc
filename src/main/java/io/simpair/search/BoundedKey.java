package io.simpair.search;

import io.simpair.kernel.ExactValue;

/**
 * A re-scored pair's ranking key before its exact value is computed: the interval {@code [lo,
 * hi]} that the double-precision score and its proven error bound ({@link
 * io.simpair.kernel.ExactScore#errorBound}) put the exact key in, and the way to compute the
 * exact key when a decision needs it. Two pairs whose intervals are disjoint are ordered by them
 * alone; the exact value is computed for near-ties and, at the end of the tile, for the pairs a
 * reducer still holds ({@link TileReducer#endTile}). Valid only while its tile is scanned.
 */
public final class BoundedKey {
  /** Where the exact keys of a tile's pairs come from. */
  interface Source {
    /** The exact ranking key of pair (row {@code i} of the tile's A, row {@code j} of its B). */
    ExactValue exactKey(int i, int j);
  }

  /** Bounds on the exact key: {@code lo <= exact key <= hi}. */
  public final double lo;
  public final double hi;
  private final Source source;
  private final int i;
  private final int j;
  private ExactValue exact;

  BoundedKey(double lo, double hi, Source source, int i, int j) {
    this.lo = lo;
    this.hi = hi;
    this.source = source;
    this.i = i;
    this.j = j;
  }

  /** The exact ranking key, computed on first use. */
  public ExactValue exact() {
    if (exact == null) {
      exact = source.exactKey(i, j);
    }
    return exact;
  }

  /** Whether {@link #exact()} was computed already. */
  public boolean resolved() {
    return exact != null;
  }

  /** The correctly rounded score (not the key). */
  public double score() {
    return exact().score();
  }

  /** The correctly rounded double of the exact key: the score or minus it. */
  public double key() {
    ExactValue v = exact();
    return v.negated() ? -v.score() : v.score();
  }

  /**
   * The order of two keys where their bounds decide it: -1 when x's exact key is certainly below
   * y's, 1 when above, 0 when the bounds overlap and only the exact values can tell. A null
   * BoundedKey stands for a known key {@code kx} (the correctly rounded double of an exact key):
   * rounding is monotone and the bounds are doubles, so {@code kx < y.lo} implies exact x {@code
   * < y.lo}, and {@code kx > y.hi} implies exact x {@code > y.hi}.
   */
  static int order(BoundedKey x, double kx, BoundedKey y, double ky) {
    double xlo = x == null ? kx : x.lo;
    double xhi = x == null ? kx : x.hi;
    double ylo = y == null ? ky : y.lo;
    double yhi = y == null ? ky : y.hi;
    if (xhi < ylo) {
      return -1;
    }
    return yhi < xlo ? 1 : 0;
  }
}
