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

  public ScanCounts() {}

  /** Adds {@code o} into this; returns this. */
  public ScanCounts merge(ScanCounts o) {
    tiles += o.tiles;
    pairs += o.pairs;
    rowsRescored += o.rowsRescored;
    exactScored += o.exactScored;
    exactValues += o.exactValues;
    return this;
  }
}
