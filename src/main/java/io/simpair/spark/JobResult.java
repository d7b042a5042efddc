package io.simpair.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a {@code pairs} run, in the shape of result.json. Key names are a public
 * contract: add keys, never rename them.
 */
public final class JobResult {
  public String idA;
  public String idB;
  public long indexA;
  public long indexB;
  public double score;
  public String metric;
  public long documents;
  public int dimension;
  public final Map<String, Object> counts = new LinkedHashMap<>();
  public final Map<String, Object> info = new LinkedHashMap<>();
  public StageLog stages;

  /** result.json as an ordered map. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, Object> best = new LinkedHashMap<>();
    best.put("a", idA);
    best.put("b", idB);
    best.put("score", score);
    best.put("index_a", indexA);
    best.put("index_b", indexB);
    m.put("best", best);
    m.put("metric", metric);
    m.put("documents", documents);
    m.put("dimension", dimension);
    m.put("counts", counts);
    List<Map<String, Object>> st = new ArrayList<>();
    for (StageLog.Stage s : stages.stages()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("name", s.name);
      e.put("description", s.description);
      e.put("seconds", s.seconds);
      e.put("items_in", s.itemsIn);
      e.put("items_out", s.itemsOut);
      e.putAll(s.counts);
      st.add(e);
    }
    m.put("stages", st);
    m.putAll(info);
    return m;
  }
}
