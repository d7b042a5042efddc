package io.simpair.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One method at one budget on one input, as compare.json's {@code "runs"} lists it.
 *
 * @param method the method's name
 * @param budget exactly scored pairs allowed per query row, or 0 for the exact job (no budget)
 * @param pairsScored distinct pairs actually scored exactly, counted
 * @param seconds wall seconds of the method
 * @param foundBest whether its best pair is the true best (or scores the same)
 * @param bestScore the best score it found, NaN when it scored no pair
 * @param recallAtK the fraction of the true top k among its own top k
 * @param parameters the parameters it used, stated
 */
public record CompareRun(
    String method, int budget, long pairsScored, double seconds, boolean foundBest, double bestScore, double recallAtK,
    String parameters) {

  /** The entry of compare.json's "runs". */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("method", method);
    m.put("budget", budget == 0 ? null : budget);
    m.put("pairs_scored", pairsScored);
    m.put("seconds", seconds);
    m.put("found_best", foundBest);
    m.put("best_score", Double.isNaN(bestScore) ? null : bestScore);
    m.put("recall_at_k", recallAtK);
    m.put("parameters", parameters);
    return m;
  }
}
