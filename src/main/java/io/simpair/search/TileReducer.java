package io.simpair.search;

import io.simpair.kernel.ExactValue;

/**
 * What a search keeps of the pairs a {@link TileScan} re-scores exactly: the best pair, the top
 * K, every pair past a threshold, each row's nearest others, ...
 *
 * <p>The scan asks each reducer for a floor, a proven lower bound in fp32 kernel units below
 * which no pair of a row can change the reducer, and re-scores exactly only the pairs that
 * reach the lowest floor of all reducers; every re-scored pair is offered to every reducer,
 * which decide by its exact real key ({@code key}, the correctly rounded double, then {@code
 * exact} between equal doubles, then input order).
 * Floors may only rise while a tile is scanned. One instance per task thread; the partial
 * results of tasks combine with {@link #merge}, which must be associative and commutative so
 * that neither the partitioning nor the order of tasks changes the answer.
 *
 * @param <R> the implementing class, for {@link #merge}
 */
public interface TileReducer<R extends TileReducer<R>> {

  /**
   * Called once per tile after the kernel, with the fp32 row maxima (kernel units) of its
   * {@code rows} rows ({@code -Infinity} for a row with no admissible pair), so a reducer may
   * derive a floor from the tile itself. Not modified.
   */
  default void beginTile(float[] rowMax, int rows) {}

  /**
   * The lowest fp32 kernel score that a pair of global row {@code row} (of A) needs to change
   * this reducer; {@code +Infinity} when no pair can, {@code -Infinity} when any pair can.
   */
  double rowFloor(long row);

  /**
   * Offers an exactly scored pair (global rows {@code a} of A, {@code b} of B or of the same
   * input): {@code key} is the correctly rounded double of the exact key {@code exact} (null when
   * the double is itself the exact key), {@code score} the reported score. Returns true when the
   * reducer kept it, so that floors may have risen.
   */
  boolean offer(long a, long b, double key, double score, ExactValue exact);

  /**
   * Takes a pair from its double-precision score and that score's proven error bound alone,
   * when they decide all this reducer does with it (a histogram bin, the thresholds it passes):
   * true, and the pair is not offered to this reducer again; false, and it is offered its exact
   * value as usual. Scores, not keys: {@code |score - exact| <= err}.
   */
  default boolean takeBounded(long a, long b, double score, double err) {
    return false;
  }

  /**
   * False when no pair of global row {@code a} whose exact key is at most {@code keyHi} can
   * change this reducer, so that the scan need not compute its exact value. A key below the
   * rounded worst kept key, or below a threshold, is out whatever the exact comparison says.
   */
  default boolean mayTake(long a, double keyHi) {
    return true;
  }

  /** As {@link #mayTake} for pairs offered by {@link #offerColumn} to B row {@code col}. */
  default boolean mayTakeColumn(long col, double keyHi) {
    return true;
  }

  /**
   * Offers a re-scored pair whose exact key is only bounded so far ({@link BoundedKey}); the
   * reducer computes it when it needs it, at the latest in {@link #endTile}. By default at once.
   */
  default boolean offer(long a, long b, BoundedKey key) {
    return offer(a, b, key.key(), key.score(), key.exact());
  }

  /** As {@link #offer(long, long, BoundedKey)} for pairs seen from B row {@code col}. */
  default boolean offerColumn(long col, long row, BoundedKey key) {
    return offerColumn(col, row, key.key(), key.score(), key.exact());
  }

  /**
   * Called once per tile after its last offer, while its rows are still at hand: computes the
   * exact keys of the kept pairs that were offered bounded, so nothing pending outlives the tile.
   */
  default void endTile() {}

  /** {@link #offer(long, long, double, double, ExactValue)} of a pair whose key is exact as a double. */
  default boolean offer(long a, long b, double key, double score) {
    return offer(a, b, key, score, null);
  }

  /**
   * True when the reducer also needs each pair seen from its B row ({@link #offerColumn}): a
   * monochromatic per-row search, where the pair (i, j) with i < j is also a neighbour of j.
   */
  default boolean wantsColumns() {
    return false;
  }

  /** As {@link #rowFloor} for pairs offered by {@link #offerColumn} to B row {@code col}. */
  default double columnFloor(long col) {
    return Double.POSITIVE_INFINITY;
  }

  /** Offers the pair (row of A, col of B) seen from {@code col}; returns true when kept. */
  default boolean offerColumn(long col, long row, double key, double score, ExactValue exact) {
    return false;
  }

  /** {@link #offerColumn(long, long, double, double, ExactValue)} with a key exact as a double. */
  default boolean offerColumn(long col, long row, double key, double score) {
    return offerColumn(col, row, key, score, null);
  }

  /** Adds another partial result of the same search into this one; returns this. */
  R merge(R other);

  /** What a plan asks for: makes one reducer per task thread. Serializable, shipped to tasks. */
  interface Spec extends java.io.Serializable {
    TileReducer<?> create(ScoreUnits units);
  }
}
