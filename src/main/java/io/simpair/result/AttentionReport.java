package io.simpair.result;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the attention mode reports ({@code "attention"} and {@code "attention_head"} in
 * result.json).
 *
 * @param beta the reported temperature (the one given, else the default 3 ln n)
 * @param a the id of the row with the largest maximum
 * @param b the id of its argmax
 * @param equalsExact whether (a, b) is the exact best pair of the same run (either order)
 * @param maxLseGap the largest {@code lse - max} over rows at {@code beta}
 * @param lnNOverBeta {@code ln(n) / beta}, n the keys per row
 * @param marginOk every row has {@code max <= lse <= max + ln(n)/beta}
 * @param sweep per temperature of the pass (one entry for one beta)
 * @param head the OV head, or null
 * @param values the key rows' values: ones, norm1 or column
 * @param valueColumn the column of {@code column}, else null
 */
public record AttentionReport(
    double beta,
    String a,
    String b,
    long indexA,
    long indexB,
    boolean equalsExact,
    double maxLseGap,
    double lnNOverBeta,
    boolean marginOk,
    TableOutput table,
    List<Sweep> sweep,
    Head head,
    String values,
    String valueColumn) {

  /**
   * One temperature of the pass.
   *
   * @param weightOnPartner the softmax weight the exact best pair's first row puts on its partner
   * @param identifies that weight is more than 1/2: the head's output is the pair's
   * @param decision the OV head's decision at this beta, or null without the head
   * @param decisionRight the decision equals the exact answer, or null without the head
   */
  public record Sweep(
      double beta, double weightOnPartner, boolean identifies, double maxLseGap, boolean marginOk, Double maxOutput,
      Boolean decision, Boolean decisionRight) {
    Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("beta", beta);
      m.put("weight_on_partner", weightOnPartner);
      m.put("identifies_pair", identifies);
      m.put("max_lse_gap", maxLseGap);
      m.put("margin_ok", marginOk);
      if (decision != null) {
        m.put("max_output", maxOutput);
        m.put("decision", decision);
        m.put("decision_right", decisionRight);
      }
      return m;
    }
  }

  /** The OV head at {@code beta}: rows are the ids of the first firing rows (at most 1000). */
  public record Head(boolean decision, List<String> rows, long rowsFiring, double maxOutput, double threshold, boolean exact, double beta) {
    Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("decision", decision);
      m.put("rows", rows);
      m.put("rows_firing", rowsFiring);
      m.put("max_output", maxOutput);
      m.put("threshold", threshold);
      m.put("exact", exact);
      m.put("beta", beta);
      return m;
    }
  }

  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("beta", beta);
    m.put("a", a);
    m.put("b", b);
    m.put("index_a", indexA);
    m.put("index_b", indexB);
    m.put("equals_exact", equalsExact);
    m.put("max_lse_gap", maxLseGap);
    m.put("ln_n_over_beta", lnNOverBeta);
    m.put("margin_ok", marginOk);
    m.put("values", values);
    if (valueColumn != null) {
      m.put("value_column", valueColumn);
    }
    m.put("rows", table.count());
    m.put("path", table.path());
    m.put("sweep", sweep.stream().map(Sweep::toJson).toList());
    return m;
  }
}
