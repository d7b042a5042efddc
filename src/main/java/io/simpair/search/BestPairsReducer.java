package io.simpair.search;

import io.simpair.kernel.ExactValue;
import java.util.Arrays;
import java.util.List;

/**
 * The K best pairs of the whole search (K = 1: the best pair), by exact real key, ties (equal
 * real values) by smaller {@code (a, b)}.
 *
 * <p>Floors, in kernel units ({@code |fp32 - exact| <= delta}):
 *
 * <ul>
 *   <li>from the tile: the K-th largest row maximum r_K is at most the tile's K-th best fp32
 *       score, so a pair of the tile's exact top K has fp32 {@code >= r_K - 2 delta};
 *   <li>from the heap: a pair that can still enter has exact key {@code >=} the worst kept key,
 *       so fp32 {@code >=} that {@code - delta}.
 * </ul>
 *
 * The larger of the two holds for every row.
 */
public final class BestPairsReducer implements TileReducer<BestPairsReducer> {
  private final PairHeap heap;
  private final ScoreUnits units;
  private final int k;
  private double tileFloor = Double.NEGATIVE_INFINITY;
  /** A key that at least K pairs of the whole search reach (a sample's K-th best), or -Infinity. */
  private final double knownKey;
  private float[] sortScratch = new float[0];

  public BestPairsReducer(int k, ScoreUnits units) {
    this(new PairHeap(k), units);
  }

  /**
   * A reducer that knows K pairs of the search whose exact keys reach {@code knownKey}: no pair
   * below it can be among the K best, whichever task scores it.
   */
  public BestPairsReducer(int k, ScoreUnits units, double knownKey) {
    this(new PairHeap(k), units, knownKey);
  }

  /** A reducer around an existing heap (a task's partial result). */
  public BestPairsReducer(PairHeap heap, ScoreUnits units) {
    this(heap, units, Double.NEGATIVE_INFINITY);
  }

  private BestPairsReducer(PairHeap heap, ScoreUnits units, double knownKey) {
    this.heap = heap;
    this.units = units;
    this.k = heap.capacity();
    this.knownKey = knownKey;
  }

  /** The kept pairs as a heap (the partial result a task ships). */
  public PairHeap heap() {
    return heap;
  }

  /** The kept pairs, best first. */
  public List<PairCandidate> sorted() {
    return heap.sorted();
  }

  @Override
  public void beginTile(float[] rowMax, int rows) {
    double rk = kthLargest(rowMax, rows);
    tileFloor = rk - 2 * units.delta();
  }

  @Override
  public double rowFloor(long row) {
    return Math.max(tileFloor, units.kernelFloor(Math.max(heap.floorKey(), knownKey)));
  }

  @Override
  public boolean offer(long a, long b, double key, double score, ExactValue exact) {
    return heap.offer(a, b, key, score, exact);
  }

  @Override
  public boolean offer(long a, long b, BoundedKey key) {
    return heap.offer(a, b, key);
  }

  @Override
  public void endTile() {
    heap.resolvePending();
  }

  @Override
  public boolean mayTake(long a, double keyHi) {
    return keyHi >= knownKey && (!heap.full() || keyHi >= heap.floorKey());
  }

  @Override
  public BestPairsReducer merge(BestPairsReducer other) {
    heap.merge(other.heap);
    return this;
  }

  /** The K-th largest finite row maximum, or -Infinity when fewer than K rows have one. */
  private double kthLargest(float[] rowMax, int m) {
    if (k == 1) {
      float best = Float.NEGATIVE_INFINITY;
      for (int i = 0; i < m; i++) {
        best = Math.max(best, rowMax[i]);
      }
      return best;
    }
    if (k > m) {
      return Double.NEGATIVE_INFINITY;
    }
    if (sortScratch.length < m) {
      sortScratch = new float[m];
    }
    System.arraycopy(rowMax, 0, sortScratch, 0, m);
    Arrays.sort(sortScratch, 0, m);
    return sortScratch[m - k];
  }

  /** Asks for the K best pairs; {@code knownKey}: see {@link #BestPairsReducer(int, ScoreUnits, double)}. */
  public record Spec(int k, double knownKey) implements TileReducer.Spec {
    public Spec(int k) {
      this(k, Double.NEGATIVE_INFINITY);
    }

    @Override
    public BestPairsReducer create(ScoreUnits units) {
      return new BestPairsReducer(k, units, knownKey);
    }
  }
}
