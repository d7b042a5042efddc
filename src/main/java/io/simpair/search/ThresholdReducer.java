package io.simpair.search;

import io.simpair.kernel.ExactValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Every pair whose exact real key reaches a threshold key: a pair is in iff its exact value is
 * {@code >= T} (for l2 and least, in key units). The threshold is a double, so a rounded key
 * above or below it decides alone (rounding is monotone and T is representable); only a key
 * equal to T needs the exact comparison. Counts them all; keeps at most {@code
 * maxKeep + 1} (one more than the caller allows, so that "too many" is visible without holding
 * an unbounded list).
 *
 * <p>Floor: a pair with exact key {@code >= T} has fp32 {@code >= toKernel(T) - delta}, for
 * every row.
 */
public final class ThresholdReducer implements TileReducer<ThresholdReducer> {
  private final double thresholdKey;
  private final int maxKeep;
  private final double floor;
  private final List<PairCandidate> pairs = new ArrayList<>();
  private long count;

  public ThresholdReducer(double thresholdKey, int maxKeep, ScoreUnits units) {
    this.thresholdKey = thresholdKey;
    this.maxKeep = maxKeep;
    this.floor = units.kernelFloor(thresholdKey);
  }

  /** Pairs at or past the threshold that were offered. */
  public long count() {
    return count;
  }

  /** The kept pairs, in the order offered (at most {@code maxKeep + 1}). */
  public List<PairCandidate> pairs() {
    return pairs;
  }

  @Override
  public double rowFloor(long row) {
    return floor;
  }

  @Override
  public boolean offer(long a, long b, double key, double score, ExactValue exact) {
    if (key > thresholdKey || (key == thresholdKey && (exact == null || exact.compareTo(thresholdKey) >= 0))) {
      count++;
      if (pairs.size() <= maxKeep) {
        pairs.add(new PairCandidate(a, b, score, key, exact));
      }
    }
    return false; // the floor is fixed
  }

  @Override
  public boolean mayTake(long a, double keyHi) {
    return keyHi >= thresholdKey;
  }

  @Override
  public ThresholdReducer merge(ThresholdReducer other) {
    count += other.count;
    for (PairCandidate p : other.pairs) {
      if (pairs.size() > maxKeep) {
        break;
      }
      pairs.add(p);
    }
    return this;
  }

  /** Asks for every pair with exact key at least {@code thresholdKey}. */
  public record Spec(double thresholdKey, int maxKeep) implements TileReducer.Spec {
    @Override
    public ThresholdReducer create(ScoreUnits units) {
      return new ThresholdReducer(thresholdKey, maxKeep, units);
    }
  }
}
