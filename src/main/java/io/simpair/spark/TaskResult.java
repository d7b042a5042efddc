package io.simpair.spark;

import io.simpair.search.PairHeap;
import io.simpair.search.ScanCounts;

/** What one tile task reports to the driver: its K best pairs and exact counts of the work it did. */
public final class TaskResult implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  public ScanCounts counts;
  public PairHeap top;
  public long thresholdCount;
  public double seconds;
  /** Tiles of this result loaded from a checkpoint written by an earlier run (not scored now). */
  public long tilesResumed;

  public TaskResult() {}

  TaskResult(ScanCounts counts, PairHeap top, long thresholdCount, double seconds) {
    this.counts = counts;
    this.top = top;
    this.thresholdCount = thresholdCount;
    this.seconds = seconds;
  }

  /** Adds {@code o} into this result (associative and commutative, as the reducers' merges). */
  TaskResult merge(TaskResult o) {
    counts.merge(o.counts);
    top.merge(o.top);
    thresholdCount += o.thresholdCount;
    seconds += o.seconds;
    tilesResumed += o.tilesResumed;
    return this;
  }
}
