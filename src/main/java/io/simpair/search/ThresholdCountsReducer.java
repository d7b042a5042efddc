package io.simpair.search;

import io.simpair.kernel.ExactValue;

/**
 * The exact number of pairs at or past each of several thresholds (keys), in one scan, without
 * keeping any pair: {@code counts[i]} is the number of pairs with exact key {@code >= keys[i]}.
 *
 * <p>Floor: a pair that counts for some threshold has fp32 {@code >= toKernel(min key) - delta}.
 */
public final class ThresholdCountsReducer implements TileReducer<ThresholdCountsReducer> {
  private final double[] keys;
  private final long[] counts;
  private final double floor;
  private final ScoreUnits units;

  public ThresholdCountsReducer(double[] keys, ScoreUnits units) {
    this.units = units;
    this.keys = keys.clone();
    this.counts = new long[keys.length];
    double min = Double.POSITIVE_INFINITY;
    for (double k : keys) {
      min = Math.min(min, k);
    }
    this.floor = keys.length == 0 ? Double.POSITIVE_INFINITY : units.kernelFloor(min);
  }

  /** Pairs at or past each key, in the order of the keys (the array itself: a task ships it). */
  public long[] counts() {
    return counts;
  }

  @Override
  public double rowFloor(long row) {
    return floor;
  }

  @Override
  public boolean takeBounded(long a, long b, double score, double err) {
    double k1 = units.key(score - err);
    double k2 = units.key(score + err);
    double lo = Math.min(k1, k2);
    double hi = Math.max(k1, k2);
    for (double k : keys) {
      if (lo < k && k <= hi) {
        return false; // the exact value decides this threshold
      }
    }
    for (int i = 0; i < keys.length; i++) {
      if (lo >= keys[i]) {
        counts[i]++;
      }
    }
    return true;
  }

  @Override
  public boolean offer(long a, long b, double key, double score, ExactValue exact) {
    for (int i = 0; i < keys.length; i++) {
      // as ThresholdReducer: at the rounded key itself the exact value decides
      if (key > keys[i] || (key == keys[i] && (exact == null || exact.compareTo(keys[i]) >= 0))) {
        counts[i]++;
      }
    }
    return false;
  }

  @Override
  public ThresholdCountsReducer merge(ThresholdCountsReducer other) {
    HistogramReducer.add(counts, other.counts);
    return this;
  }

  /** Asks for the pairs at or past each key (keys from {@link ScoreUnits#key}). */
  public record Spec(double[] keys) implements TileReducer.Spec {
    public Spec {
      keys = keys.clone();
    }

    @Override
    public ThresholdCountsReducer create(ScoreUnits units) {
      return new ThresholdCountsReducer(keys, units);
    }
  }
}
