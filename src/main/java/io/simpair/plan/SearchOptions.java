package io.simpair.plan;

import io.simpair.kernel.Metric;

/**
 * The options of a pair search that decide its plan and its answer (not where it reads or
 * writes). Immutable; made by {@code PairsConfig.Builder}, which checks them.
 *
 * @param metric cosine (default), dot or l2
 * @param mode MOST (default) or LEAST similar
 * @param topK the K best pairs overall; 0 = only the best pair
 * @param threshold every pair with score >= T (most) / <= T (least); NaN = off
 * @param maxPairs threshold search: fail before writing more than this many pairs
 * @param perRowTop every row's K most similar others; 0 = off
 * @param blockRows rows per block; 0 = automatic (see {@link Planner#autoBlockRows})
 * @param strategy how blocks reach the tile tasks; AUTO broadcasts when they fit
 * @param broadcastLimitBytes AUTO broadcasts when the packed blocks are at most this many bytes;
 *     0 = the cluster's memory budget (see {@link ClusterFacts#memoryBudgetBytes})
 * @param groupBlocks shuffle path: blocks per super-tile group; 0 = automatic
 * @param kernel which tile kernel scores: AUTO = the exact popcount kernel when every value is
 *     0 or 1 and the search can use it, else the fp32 one
 */
public record SearchOptions(
    Metric metric,
    Mode mode,
    int topK,
    double threshold,
    long maxPairs,
    int perRowTop,
    int blockRows,
    Strategy strategy,
    long broadcastLimitBytes,
    int groupBlocks,
    Kernel kernel)
    implements java.io.Serializable {

  /** Default of {@code --max-pairs}. */
  public static final long DEFAULT_MAX_PAIRS = 1_000_000L;

  public boolean least() {
    return mode == Mode.LEAST;
  }

  public boolean hasThreshold() {
    return !Double.isNaN(threshold);
  }

  /** How blocks are distributed to the tile tasks. */
  public enum Strategy {
    AUTO,
    BROADCAST,
    SHUFFLE
  }

  /** The tile kernel: fp32 (any input), exact popcount (0/1 input) or sparse (mostly zeros). */
  public enum Kernel {
    AUTO,
    FLOAT,
    BINARY,
    SPARSE
  }

  /** Most or least similar. */
  public enum Mode {
    MOST,
    LEAST
  }
}
