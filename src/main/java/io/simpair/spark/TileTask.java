package io.simpair.spark;

import io.simpair.search.BestPairsReducer;
import io.simpair.search.HistogramReducer;
import io.simpair.search.PairCandidate;
import io.simpair.search.PairHeap;
import io.simpair.search.PerRowTopReducer;
import io.simpair.search.RowBlock;
import io.simpair.search.ScanSpec;
import io.simpair.search.ThresholdCountsReducer;
import io.simpair.search.ThresholdReducer;
import io.simpair.search.TileReducer;
import io.simpair.search.TileScan;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.util.LongAccumulator;

/** The body of a tile task: scan its tiles, then ship what each reducer kept. */
final class TileTask {
  private TileTask() {}

  /**
   * Scores {@code tiles} (block pairs {@code (i, j)} of {@code sideA} x {@code sideB}) and
   * returns the task's summary followed by its per-row heaps and threshold pairs.
   */
  static Iterator<TaskOutput> run(
      int[][] tiles, RowBlock[] sideA, RowBlock[] sideB, ScanSpec spec, LongAccumulator tilesAcc, LongAccumulator pairsAcc) {
    long t0 = System.nanoTime();
    List<TileReducer<?>> reducers = spec.newReducers();
    TileScan scan = spec.newScan(reducers);
    for (int[] t : tiles) {
      long before = scan.counts().pairs;
      scan.score(sideA[t[0]], sideB[t[1]], !spec.bichromatic() && t[0] == t[1]);
      tilesAcc.add(1);
      pairsAcc.add(scan.counts().pairs - before);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    return ship(reducers, scan, seconds).iterator();
  }

  /** The task's outputs: each reducer's partial result in the form its consumer reads. */
  static List<TaskOutput> ship(List<TileReducer<?>> reducers, TileScan scan, double seconds) {
    List<TaskOutput> out = new ArrayList<>();
    out.add(null); // the summary, once every reducer is shipped
    PairHeap top = null;
    long thresholdCount = 0;
    long[] histogram = null;
    long[] thresholdCounts = null;
    for (TileReducer<?> r : reducers) {
      if (r instanceof BestPairsReducer best) {
        top = best.heap(); // merged on the driver
      } else if (r instanceof ThresholdReducer t) {
        thresholdCount = t.count(); // the pairs are streamed to Parquet
        for (PairCandidate p : t.pairs()) {
          out.add(TaskOutput.threshold(p));
        }
      } else if (r instanceof PerRowTopReducer p) {
        for (Map.Entry<Long, PairHeap> e : p.heaps().entrySet()) {
          out.add(TaskOutput.perRow(e.getKey(), e.getValue())); // merged by row in a shuffle
        }
      } else if (r instanceof HistogramReducer h) {
        histogram = h.counts(); // summed on the driver
      } else if (r instanceof ThresholdCountsReducer c) {
        thresholdCounts = c.counts();
      } else if (r instanceof io.simpair.search.AttentionReducer at) {
        for (io.simpair.search.AttentionStats st : at.stats().values()) {
          out.add(TaskOutput.attention(st)); // merged by block in a shuffle
        }
      } else {
        throw new IllegalStateException("no task output for reducer " + r.getClass().getName());
      }
    }
    TaskResult summary = new TaskResult(scan.counts(), top, thresholdCount, seconds);
    summary.histogram = histogram;
    summary.thresholdCounts = thresholdCounts;
    out.set(0, TaskOutput.summary(summary));
    return out;
  }
}
