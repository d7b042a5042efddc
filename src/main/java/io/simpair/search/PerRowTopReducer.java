package io.simpair.search;

import io.simpair.kernel.ExactValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each row's K best others: per global row of A a {@link PairHeap} of (row, other) pairs. In a
 * monochromatic search the pair (i, j), scored once with i < j, is a neighbour of both rows, so
 * the reducer also takes it seen from j ({@link #offerColumn}).
 *
 * <p>Floor: while a row's heap is full, a pair that can still enter has exact key {@code >=}
 * its worst kept key, so fp32 {@code >=} that {@code - delta}; before, every pair can.
 */
public final class PerRowTopReducer implements TileReducer<PerRowTopReducer> {
  private final int k;
  private final boolean columns;
  private final ScoreUnits units;
  private final Map<Long, PairHeap> heaps = new HashMap<>();
  /** The heaps that took a bounded offer in this tile (may repeat). */
  private final List<PairHeap> unresolved = new ArrayList<>();

  public PerRowTopReducer(int k, boolean columns, ScoreUnits units) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1");
    }
    this.k = k;
    this.columns = columns;
    this.units = units;
  }

  /** Per row, its partial heap (key: the global row index). */
  public Map<Long, PairHeap> heaps() {
    return heaps;
  }

  @Override
  public double rowFloor(long row) {
    PairHeap h = heaps.get(row);
    return h == null || !h.full() ? Double.NEGATIVE_INFINITY : units.kernelFloor(h.floorKey());
  }

  @Override
  public boolean offer(long a, long b, double key, double score, ExactValue exact) {
    return heaps.computeIfAbsent(a, r -> new PairHeap(k)).offer(a, b, key, score, exact);
  }

  @Override
  public boolean offer(long a, long b, BoundedKey key) {
    PairHeap h = heaps.computeIfAbsent(a, r -> new PairHeap(k));
    boolean had = h.hasPending();
    boolean kept = h.offer(a, b, key);
    if (!had && h.hasPending()) {
      unresolved.add(h);
    }
    return kept;
  }

  @Override
  public boolean offerColumn(long col, long row, BoundedKey key) {
    return offer(col, row, key);
  }

  @Override
  public void endTile() {
    for (PairHeap h : unresolved) {
      h.resolvePending();
    }
    unresolved.clear();
  }

  @Override
  public boolean mayTake(long a, double keyHi) {
    PairHeap h = heaps.get(a);
    return h == null || !h.full() || keyHi >= h.floorKey();
  }

  @Override
  public boolean mayTakeColumn(long col, double keyHi) {
    return columns && mayTake(col, keyHi);
  }

  @Override
  public boolean wantsColumns() {
    return columns;
  }

  @Override
  public double columnFloor(long col) {
    return rowFloor(col);
  }

  @Override
  public boolean offerColumn(long col, long row, double key, double score, ExactValue exact) {
    return offer(col, row, key, score, exact);
  }

  @Override
  public PerRowTopReducer merge(PerRowTopReducer other) {
    for (Map.Entry<Long, PairHeap> e : other.heaps.entrySet()) {
      PairHeap mine = heaps.get(e.getKey());
      if (mine == null) {
        heaps.put(e.getKey(), e.getValue());
      } else {
        mine.merge(e.getValue());
      }
    }
    return this;
  }

  /**
   * Asks for each row's K best others; {@code columns} for a monochromatic search, where both
   * rows of a pair are "rows".
   */
  public record Spec(int k, boolean columns) implements TileReducer.Spec {
    @Override
    public PerRowTopReducer create(ScoreUnits units) {
      return new PerRowTopReducer(k, columns, units);
    }
  }
}
