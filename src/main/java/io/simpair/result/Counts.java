package io.simpair.result;

/**
 * The work a pairs run did, as result.json's {@code "counts"}.
 *
 * @param documents rows of both sides
 * @param blocks row blocks of both sides
 * @param pairsScored pair scores the tasks counted, checked against {@code pairsExpected}
 * @param pairsExpected the closed form: n(n-1)/2 or |A||B|
 * @param flops {@code 2 d} per pair score
 * @param pairsRescoredFp64 pairs re-scored in double
 * @param bytesShuffled payload shuffled by the job's own shuffles (rows into blocks, blocks to
 *     super-tiles)
 * @param sparkShuffleWriteBytes Spark's own shuffle write metric, or -1 when its listener had
 *     not settled (then neither Spark figure is reported)
 * @param tilesResumed tiles loaded from a {@code --checkpoint} an earlier run wrote (counted in
 *     {@code tiles}, not scored again)
 * @param pairsFullDim pairs scored at full dimension (all of them without pruning)
 * @param pairsPruned pairs the bound alone decided ({@code pairsFullDim + pairsPruned = pairsScored})
 * @param pairsFullDimColumns pruned per-row search of one input: pairs scored at full dimension
 *     again from their other row
 */
public record Counts(
    long documents,
    int blocks,
    long tiles,
    long pairsScored,
    long pairsExpected,
    long flops,
    long pairsRescoredFp64,
    long bytesBroadcast,
    long bytesShuffled,
    long sparkShuffleWriteBytes,
    long sparkShuffleReadBytes,
    long tilesResumed,
    long pairsFullDim,
    long pairsPruned,
    long pairsFullDimColumns) {}
