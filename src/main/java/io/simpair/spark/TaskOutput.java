package io.simpair.spark;

import io.simpair.search.PairCandidate;
import io.simpair.search.PairHeap;

/**
 * One record of the scoring stage's output: a task's summary, one row's partial per-row heap,
 * one pair past the threshold, or one block's partial attention statistics. Persisted once, then read by each consumer, so tiles are
 * scored exactly once.
 */
public final class TaskOutput implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  static final byte SUMMARY = 0;
  static final byte PER_ROW = 1;
  static final byte THRESHOLD = 2;
  static final byte ATTENTION = 3;

  public byte kind;
  public TaskResult summary;
  public long row;
  public PairHeap heap;
  public PairCandidate pair;
  public io.simpair.search.AttentionStats stats;

  public TaskOutput() {}

  static TaskOutput summary(TaskResult r) {
    TaskOutput o = new TaskOutput();
    o.kind = SUMMARY;
    o.summary = r;
    return o;
  }

  static TaskOutput perRow(long row, PairHeap h) {
    TaskOutput o = new TaskOutput();
    o.kind = PER_ROW;
    o.row = row;
    o.heap = h;
    return o;
  }

  static TaskOutput threshold(PairCandidate p) {
    TaskOutput o = new TaskOutput();
    o.kind = THRESHOLD;
    o.pair = p;
    return o;
  }

  static TaskOutput attention(io.simpair.search.AttentionStats s) {
    TaskOutput o = new TaskOutput();
    o.kind = ATTENTION;
    o.stats = s;
    return o;
  }
}
