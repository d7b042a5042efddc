package io.simpair.search;

import io.simpair.kernel.ExactValue;

/**
 * The exact distribution of every pair's double-precision score in fixed bins over a range
 * known before scoring. Bin {@code i} holds the scores {@code s} with {@code edges[i] <= s <
 * edges[i + 1]}; the last bin also holds {@code s == edges[bins]}. A score outside the range
 * (the bound of the range is a proof up to rounding, so only by an ulp or so) is counted in the
 * nearest end bin, never dropped: the counts always sum to the pairs scored.
 *
 * <p>Floor: every pair counts, so {@code -Infinity}; each pair is re-scored in double once, and
 * binned from that double and its error bound alone unless the bound straddles an edge: then
 * from the pair's exact value (whose correctly rounded double lies on the edge only when the
 * exact value may lie below it).
 */
public final class HistogramReducer implements TileReducer<HistogramReducer> {
  private final double[] edges;
  private final long[] counts;
  private final double lo;
  private final double width;
  private final ScoreUnits units; // null: the scores alone decide (no exact values offered)

  public HistogramReducer(double lo, double hi, int bins) {
    this(lo, hi, bins, null);
  }

  public HistogramReducer(double lo, double hi, int bins, ScoreUnits units) {
    this.units = units;
    this.edges = edges(lo, hi, bins);
    this.counts = new long[bins];
    this.lo = lo;
    this.width = (hi - lo) / bins;
  }

  /**
   * The {@code bins + 1} edges {@code (lo (bins - i) + hi i) / bins}: for integer or decimal
   * ends each edge is the double nearest to its decimal value (cosine, 200 bins: 0.9 is {@code
   * 0.9}), and the first and last are {@code lo} and {@code hi} exactly.
   */
  public static double[] edges(double lo, double hi, int bins) {
    if (!(hi > lo) || bins < 1) {
      throw new IllegalArgumentException("histogram range [" + lo + ", " + hi + "] with " + bins + " bins");
    }
    double[] e = new double[bins + 1];
    for (int i = 0; i <= bins; i++) {
      e[i] = (lo * (bins - i) + hi * i) / bins;
    }
    e[0] = lo;
    e[bins] = hi;
    return e;
  }

  /** The bin of {@code score} with respect to {@code edges} exactly (see the class comment). */
  public static int bin(double[] edges, double score, double lo, double width) {
    int bins = edges.length - 1;
    int i = (int) Math.floor((score - lo) / width); // a guess within one of the answer
    i = Math.max(0, Math.min(bins - 1, i));
    while (i > 0 && score < edges[i]) {
      i--;
    }
    while (i < bins - 1 && score >= edges[i + 1]) {
      i++;
    }
    return i;
  }

  public double[] edges() {
    return edges.clone();
  }

  /** Pairs per bin (the array itself: a task ships it). */
  public long[] counts() {
    return counts;
  }

  @Override
  public double rowFloor(long row) {
    return Double.NEGATIVE_INFINITY;
  }

  @Override
  public boolean takeBounded(long a, long b, double score, double err) {
    int i = bin(edges, score - err, lo, width);
    if (i != bin(edges, score + err, lo, width)) {
      return false;
    }
    counts[i]++;
    return true;
  }

  @Override
  public boolean offer(long a, long b, double key, double score, ExactValue exact) {
    int i = bin(edges, score, lo, width);
    // correct rounding is monotone: only a score equal to its bin's lower edge may round up from below it
    if (exact != null && units != null && i > 0 && score == edges[i] && belowEdge(exact, edges[i])) {
      i--;
    }
    counts[i]++;
    return false;
  }

  private boolean belowEdge(ExactValue exactKey, double edge) {
    boolean keyIsScore = units.key(1.0) > 0;
    int c = exactKey.compareTo(units.key(edge));
    return keyIsScore ? c < 0 : c > 0;
  }

  @Override
  public HistogramReducer merge(HistogramReducer other) {
    add(counts, other.counts);
    return this;
  }

  /** {@code into[i] += from[i]}; lengths must match. */
  public static void add(long[] into, long[] from) {
    if (into.length != from.length) {
      throw new IllegalArgumentException("histograms of " + into.length + " and " + from.length + " bins");
    }
    for (int i = 0; i < into.length; i++) {
      into[i] += from[i];
    }
  }

  /** Asks for the histogram of all scores over [lo, hi] in {@code bins} bins. */
  public record Spec(double lo, double hi, int bins) implements TileReducer.Spec {
    @Override
    public HistogramReducer create(ScoreUnits units) {
      return new HistogramReducer(lo, hi, bins, units);
    }

    public double[] edges() {
      return HistogramReducer.edges(lo, hi, bins);
    }
  }
}
