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
    boolean progress)
    implements Serializable {

  /** How blocks are distributed to the tile tasks. */
  public enum Strategy {
    AUTO,
    BROADCAST,
    SHUFFLE
  }
}
