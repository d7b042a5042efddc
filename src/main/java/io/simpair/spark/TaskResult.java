package io.simpair.spark;

/** What one tile task returns: its best pair and exact counts of the work it did. */
public final class TaskResult implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  public PairCandidate best = new PairCandidate();
  public long tiles;
  public long pairs;
  public long rowsRescored;
  public long exactScored;
  public double seconds;

  public TaskResult() {}

  static TaskResult of(TileEvaluator ev, double seconds) {
    TaskResult r = new TaskResult();
    r.best = ev.best;
    r.tiles = ev.tiles;
    r.pairs = ev.pairs;
    r.rowsRescored = ev.rowsRescored;
    r.exactScored = ev.exactScored;
    r.seconds = seconds;
    return r;
  }

  /** Adds {@code o} into this result. */
  TaskResult merge(TaskResult o) {
    best = PairCandidate.best(best, o.best);
    tiles += o.tiles;
    pairs += o.pairs;
    rowsRescored += o.rowsRescored;
    exactScored += o.exactScored;
    seconds += o.seconds;
    return this;
  }
}
