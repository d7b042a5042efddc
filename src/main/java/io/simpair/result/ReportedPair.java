package io.simpair.result;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pair as result.json reports it: the two ids, the exact double-precision score and the
 * global row indices ({@code a} is the earlier row in input order, or the A side).
 */
public record ReportedPair(String a, String b, double score, long indexA, long indexB) {

  Map<String, Object> toJson() {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("a", a);
    e.put("b", b);
    e.put("score", score);
    e.put("index_a", indexA);
    e.put("index_b", indexB);
    return e;
  }
}
