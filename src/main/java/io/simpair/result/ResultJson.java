package io.simpair.result;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one place that names result.json's keys. They are a public contract: add keys, never
 * rename them.
 */
public final class ResultJson {
  private ResultJson() {}

  /** result.json of a pairs run, as an ordered map. */
  public static Map<String, Object> of(PairsResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("best", r.best().toJson());
    RunInfo run = r.run();
    m.put("metric", run.metric());
    m.put("documents", run.documents());
    m.put("dimension", run.dimension());
    m.put("counts", counts(r.counts()));
    m.put("stages", stages(r.stages()));
    if (r.threshold() != null) {
      m.put("threshold", table("value", "pairs", r.threshold()));
    }
    if (r.perRow() != null) {
      m.put("per_row", table("k", "rows", r.perRow()));
    }
    if (r.calibration() != null && r.calibration().hasHistogram()) {
      m.put("histogram", r.calibration().histogramJson());
    }
    if (r.calibration() != null && !r.calibration().thresholds().isEmpty()) {
      m.put("threshold_counts", r.calibration().thresholdCountsJson(null));
    }
    if (r.attention() != null) {
      m.put("attention", r.attention().toJson());
      if (r.attention().head() != null) {
        m.put("attention_head", r.attention().head().toJson());
      }
    }
    m.put("mode", run.mode());
    if (run.bichromatic()) {
      m.put("documents_b", run.documentsB());
    }
    if (r.top() != null) {
      List<Map<String, Object>> list = new ArrayList<>();
      for (ReportedPair p : r.top()) {
        list.add(p.toJson());
      }
      m.put("pairs", list);
    }
    m.put("certified", true);
    // candidates are ordered by their exact real values (ties: input order), not by a double formula
    m.put("exact_order", true);
    m.put("rounding_bound", r.plan().scan().delta());
    m.put("kernel_scale", r.plan().scan().scale());
    m.put("block_rows", r.plan().blockRows());
    m.put("strategy", r.plan().strategy().name().toLowerCase(Locale.ROOT));
    m.put("strategy_reason", r.plan().strategyReason());
    m.put("kernel", run.kernelName());
    m.put("kernel_reason", r.plan().kernel().reason());
    m.put("input", run.input());
    if (run.bichromatic()) {
      m.put("input_b", run.inputB());
    }
    m.put("format", run.format());
    m.put("plan", r.plan().toJson());
    if (r.prune() != null) {
      m.put("prune", r.prune());
    }
    return m;
  }

  /**
   * {@link #of(PairsResult)} with {@code "text_a"} and {@code "text_b"} beside each reported
   * pair (best and top-k), from {@code texts} by side ("a", "b") and id ({@code --show-text}).
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> of(PairsResult r, Map<String, Map<String, String>> texts) {
    Map<String, Object> m = of(r);
    withTexts((Map<String, Object>) m.get("best"), texts);
    if (m.get("pairs") instanceof List<?> list) {
      for (Object p : list) {
        withTexts((Map<String, Object>) p, texts);
      }
    }
    return m;
  }

  private static void withTexts(Map<String, Object> pair, Map<String, Map<String, String>> texts) {
    pair.put("text_a", texts.get("a").get((String) pair.get("a")));
    pair.put("text_b", texts.get("b").get((String) pair.get("b")));
  }

  static Map<String, Object> counts(Counts c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("documents", c.documents());
    m.put("blocks", c.blocks());
    m.put("tiles", c.tiles());
    m.put("pairs_scored", c.pairsScored());
    m.put("pairs_expected", c.pairsExpected());
    m.put("flops", c.flops());
    m.put("pairs_rescored_fp64", c.pairsRescoredFp64());
    m.put("bytes_broadcast", c.bytesBroadcast());
    m.put("bytes_shuffled", c.bytesShuffled());
    if (c.sparkShuffleWriteBytes() >= 0) {
      m.put("spark_shuffle_write_bytes", c.sparkShuffleWriteBytes());
      m.put("spark_shuffle_read_bytes", c.sparkShuffleReadBytes());
    }
    m.put("tiles_resumed", c.tilesResumed());
    m.put("pairs_full_dim", c.pairsFullDim());
    m.put("pairs_pruned", c.pairsPruned());
    if (c.pairsFullDimColumns() > 0) {
      m.put("pairs_full_dim_columns", c.pairsFullDimColumns());
    }
    return m;
  }

  /** The stage table as a list of objects: name, description, seconds, items, counts. */
  public static List<Map<String, Object>> stages(StageLog log) {
    List<Map<String, Object>> st = new ArrayList<>();
    for (StageLog.Stage s : log.stages()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("name", s.name);
      e.put("description", s.description);
      e.put("seconds", s.seconds);
      e.put("items_in", s.itemsIn);
      e.put("items_out", s.itemsOut);
      e.putAll(s.counts);
      st.add(e);
    }
    return st;
  }

  private static Map<String, Object> table(String parameter, String count, TableOutput t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(parameter, t.parameter());
    m.put(count, t.count());
    m.put("path", t.path());
    return m;
  }
}
