package io.simpair.spark;

/**
 * One record of the scoring stage's output: a task's summary, one row's partial per-row heap,
 * or one pair past the threshold. Persisted once, then read by each consumer, so tiles are
 * scored exactly once.
 */
public final class ScoreOut implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  static final byte SUMMARY = 0;
  static final byte PER_ROW = 1;
  static final byte THRESHOLD = 2;

  public byte kind;
  public TaskResult summary;
  public long row;
  public PairHeap heap;
  public PairCandidate pair;

  public ScoreOut() {}

  static ScoreOut summary(TaskResult r) {
    ScoreOut o = new ScoreOut();
    o.kind = SUMMARY;
    o.summary = r;
    return o;
  }

  static ScoreOut perRow(long row, PairHeap h) {
    ScoreOut o = new ScoreOut();
    o.kind = PER_ROW;
    o.row = row;
    o.heap = h;
    return o;
  }

  static ScoreOut threshold(PairCandidate p) {
    ScoreOut o = new ScoreOut();
    o.kind = THRESHOLD;
    o.pair = p;
    return o;
  }
}
