package io.simpair.result;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a {@code dedup} run, and the one place that names dedup.json's keys (a public
 * contract: add keys, never rename them).
 *
 * @param documents documents of the input (A under {@code --input-b})
 * @param documentsB documents of REF, or -1
 * @param pairs pairs at or past the threshold (a dry run: the loosest threshold)
 * @param groups groups of two or more (incremental: REF documents with a match); -1 in a dry run
 * @param removed documents removed; -1 in a dry run
 * @param largestGroup size of the largest group (1 when there is none); -1 in a dry run
 * @param groupsPerThreshold a dry run's groups at each of {@code calibration}'s thresholds, or null
 * @param outputs name to path of every table and file written
 */
public record DedupSummary(
    long documents,
    long documentsB,
    long pairs,
    long groups,
    long removed,
    long largestGroup,
    double threshold,
    String groupMode,
    String keep,
    String metric,
    boolean dryRun,
    StageLog stages,
    ScoreCalibration calibration,
    long[] groupsPerThreshold,
    String input,
    String inputB,
    Map<String, String> outputs) {

  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("documents", documents);
    if (documentsB >= 0) {
      m.put("documents_b", documentsB);
    }
    m.put("pairs", pairs);
    if (!dryRun) {
      m.put("groups", groups);
      m.put("removed", removed);
      m.put("largest_group", largestGroup);
    }
    m.put("threshold", threshold);
    m.put("group_mode", groupMode);
    m.put("keep", keep);
    m.put("metric", metric);
    m.put("dry_run", dryRun);
    m.put("stages", ResultJson.stages(stages));
    if (calibration != null && calibration.hasHistogram()) {
      m.put("histogram", calibration.histogramJson());
    }
    if (calibration != null && !calibration.thresholds().isEmpty()) {
      m.put("threshold_counts", calibration.thresholdCountsJson(groupsPerThreshold));
    }
    m.put("input", input);
    if (inputB != null) {
      m.put("input_b", inputB);
    }
    m.put("outputs", outputs);
    return m;
  }

  /** The printed summary's head lines. */
  public List<String> lines() {
    if (dryRun) {
      return List.of(String.format(java.util.Locale.ROOT, "dry run: documents=%d, pairs at the loosest threshold %s: %d",
          documents, threshold, pairs));
    }
    return List.of(String.format(java.util.Locale.ROOT,
        "dedup: documents=%d pairs=%d groups=%d removed=%d largest_group=%d threshold=%s group_mode=%s keep=%s",
        documents, pairs, groups, removed, largestGroup, threshold, groupMode, keep));
  }
}
