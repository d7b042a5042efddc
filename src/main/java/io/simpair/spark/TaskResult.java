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
  /** Pairs per histogram bin ({@code --histogram}), or null. */
  public long[] histogram;
  /** Pairs at or past each of {@code --thresholds}, or null. */
  public long[] thresholdCounts;

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
    histogram = addCounts(histogram, o.histogram);
    thresholdCounts = addCounts(thresholdCounts, o.thresholdCounts);
    return this;
  }

  private static long[] addCounts(long[] into, long[] from) {
    if (into == null || from == null) {
      return into == null ? from : into;
    }
    io.simpair.search.HistogramReducer.add(into, from);
    return into;
  }
}
