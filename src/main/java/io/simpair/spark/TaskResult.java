package io.simpair.spark;

/** What one tile task reports: its K best pairs and exact counts of the work it did. */
public final class TaskResult implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  public PairHeap top;
  public long tiles;
  public long pairs;
  public long rowsRescored;
  public long exactScored;
  public long thresholdCount;
  public double seconds;

  public TaskResult() {}

  static TaskResult of(TileEvaluator ev, double seconds) {
    TaskResult r = new TaskResult();
    r.top = ev.top;
    r.tiles = ev.tiles;
    r.pairs = ev.pairs;
    r.rowsRescored = ev.rowsRescored;
    r.exactScored = ev.exactScored;
    r.thresholdCount = ev.thresholdCount;
    r.seconds = seconds;
    return r;
  }

  /** Adds {@code o} into this result. */
  TaskResult merge(TaskResult o) {
    top.merge(o.top);
    tiles += o.tiles;
    pairs += o.pairs;
    rowsRescored += o.rowsRescored;
    exactScored += o.exactScored;
    thresholdCount += o.thresholdCount;
    seconds += o.seconds;
    return this;
  }
}
