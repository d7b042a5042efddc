package io.simpair.spark;

import io.simpair.io.InputSpec;
import io.simpair.kernel.Metric;
import java.io.Serializable;

/**
 * The parameters of one {@code pairs} run; immutable. Defaults are documented per field and in
 * {@code --help}.
 *
 * @param input where to read (see {@link InputSpec})
 * @param metric cosine (default), dot or l2
 * @param blockRows rows per block; 0 = automatic (see {@link PairSearchJob#autoBlockRows})
 * @param output output directory (result.json is written into it)
 * @param overwrite replace an existing result.json
 * @param strategy how blocks reach the tile tasks; AUTO broadcasts when they fit
 * @param broadcastLimitBytes AUTO broadcasts when the packed blocks are at most this many bytes;
 *     0 = one fifth of the smaller of driver heap and executor memory
 * @param groupBlocks shuffle path: blocks per super-tile group; 0 = automatic
 * @param progress print a progress line while tiles are scored
 * @param mode MOST (default) or LEAST similar
 * @param inputB the B side of a bichromatic search, or null (monochromatic)
 * @param topK the K best pairs overall; 0 = only the best pair
 * @param threshold every pair with score >= T (most) / <= T (least); NaN = off
 * @param maxPairs threshold search: fail before writing more than this many pairs
 * @param perRowTop every row's K most similar others; 0 = off
 * @param limit use only the first {@code limit} rows in input order (of each side); 0 = all
 * @param kernel which tile kernel scores: AUTO = the exact popcount kernel when every value is
 *     0 or 1 and the search can use it, else the fp32 one
 */
public record PairsConfig(
    InputSpec input,
    Metric metric,
    int blockRows,
    String output,
    boolean overwrite,
    Strategy strategy,
    long broadcastLimitBytes,
    int groupBlocks,
    boolean progress,
    Mode mode,
    InputSpec inputB,
    int topK,
    double threshold,
    long maxPairs,
    int perRowTop,
    long limit,
    Kernel kernel)
    implements Serializable {

  /** Default of {@code --max-pairs}. */
  public static final long DEFAULT_MAX_PAIRS = 1_000_000L;

  /** All but the kernel choice, which is AUTO. */
  public PairsConfig(
      InputSpec input,
      Metric metric,
      int blockRows,
      String output,
      boolean overwrite,
      Strategy strategy,
      long broadcastLimitBytes,
      int groupBlocks,
      boolean progress,
      Mode mode,
      InputSpec inputB,
      int topK,
      double threshold,
      long maxPairs,
      int perRowTop,
      long limit) {
    this(
        input, metric, blockRows, output, overwrite, strategy, broadcastLimitBytes, groupBlocks,
        progress, mode, inputB, topK, threshold, maxPairs, perRowTop, limit, Kernel.AUTO);
  }

  /** The best-pair search with defaults for everything the basic job does not use. */
  public PairsConfig(
      InputSpec input,
      Metric metric,
      int blockRows,
      String output,
      boolean overwrite,
      Strategy strategy,
      long broadcastLimitBytes,
      int groupBlocks,
      boolean progress) {
    this(
        input, metric, blockRows, output, overwrite, strategy, broadcastLimitBytes, groupBlocks,
        progress, Mode.MOST, null, 0, Double.NaN, DEFAULT_MAX_PAIRS, 0, 0);
  }

  /** A copy with another row limit. */
  public PairsConfig withLimit(long newLimit) {
    return new PairsConfig(
        input, metric, blockRows, output, overwrite, strategy, broadcastLimitBytes, groupBlocks,
        progress, mode, inputB, topK, threshold, maxPairs, perRowTop, newLimit, kernel);
  }

  /** A copy with another input and output. */
  public PairsConfig withInput(InputSpec newInput, String newOutput) {
    return new PairsConfig(
        newInput, metric, blockRows, newOutput, overwrite, strategy, broadcastLimitBytes,
        groupBlocks, progress, mode, inputB, topK, threshold, maxPairs, perRowTop, limit, kernel);
  }

  public boolean bichromatic() {
    return inputB != null;
  }

  /** How blocks are distributed to the tile tasks. */
  public enum Strategy {
    AUTO,
    BROADCAST,
    SHUFFLE
  }

  /** The tile kernel: fp32 (any input) or exact popcount (0/1 input). */
  public enum Kernel {
    AUTO,
    FLOAT,
    BINARY
  }

  /** Most or least similar. */
  public enum Mode {
    MOST,
    LEAST
  }
}
