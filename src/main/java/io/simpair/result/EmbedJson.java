package io.simpair.result;

import java.util.LinkedHashMap;
import java.util.Map;

/** The one place that names embed.json's keys (a public contract like result.json's). */
public final class EmbedJson {
  /** The file name. */
  public static final String FILE = "embed.json";

  private EmbedJson() {}

  public static Map<String, Object> of(EmbedReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("documents", r.documents());
    m.put("empty_documents", r.emptyDocuments());
    m.put("truncated_documents", r.truncatedDocuments());
    m.put("tokens", r.tokens());
    m.put("seconds", r.seconds());
    m.put("model", r.model());
    m.put("embedder", r.embedder());
    m.put("dimension", r.dimension());
    m.put("zero_vectors", r.zeroVectors());
    m.put("zero_vector_ids", r.zeroVectorIds());
    if (r.batchSize() > 0) {
      m.put("batch_size", r.batchSize());
    }
    if (!r.vocabulary().isEmpty()) {
      m.put("vocabulary_size", r.vocabulary().size());
    }
    m.put("input", r.input());
    m.put("format", r.format());
    m.put("stages", ResultJson.stages(r.stages()));
    return m;
  }
}
