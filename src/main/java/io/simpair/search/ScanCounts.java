package io.simpair.search;

/** The work a {@link TileScan} did: tiles, pair scores, and how much it re-scored. */
public final class ScanCounts implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  public long tiles;
  public long pairs;
  /** Rows and columns whose maximum came within a floor, re-scored in fp32. */
  public long rowsRescored;
  /** Pairs re-scored in double (those that can still matter then exactly too). */
  public long exactScored;
  /** Pairs whose exact real value was computed (each at most once per tile). */
  public long exactValues;
  /** Pruned scan: pairs of the row pass scored at full dimension, and those the bound alone decided. */
  public long fullDim;
  public long pruned;
  /** Pruned scan: pairs re-scored at full dimension from their column (per-row search of one input). */
  public long fullDimColumns;
  /** Pruned scan: pairs whose sketch bound was computed one at a time (in chunks the filter kept). */
  public long sketchChecked;
  /** Pruned scan: task-thread nanoseconds of the bound stage and of the verify stage. */
  public long boundNanos;
  public long verifyNanos;

  public ScanCounts() {}

  /** Adds {@code o} into this; returns this. */
  public ScanCounts merge(ScanCounts o) {
    tiles += o.tiles;
    pairs += o.pairs;
    rowsRescored += o.rowsRescored;
    exactScored += o.exactScored;
    exactValues += o.exactValues;
    fullDim += o.fullDim;
    pruned += o.pruned;
    fullDimColumns += o.fullDimColumns;
    sketchChecked += o.sketchChecked;
    boundNanos += o.boundNanos;
    verifyNanos += o.verifyNanos;
    return this;
  }
}
