package io.simpair.result;

import io.simpair.plan.SearchPlan;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a {@code pairs} run, typed; {@link ResultJson} turns it into result.json.
 *
 * @param best the best pair
 * @param top the K best pairs, best first, or null without {@code --top-k}
 * @param threshold the threshold table, or null
 * @param perRow the per-row table, or null
 * @param calibration the histogram and threshold counts ({@code --histogram}, {@code
 *     --thresholds}), or null
 * @param attention the attention mode's report ({@code --attention}), or null
 * @param prune {@code "prune"} of result.json: whether the scan was pruned, the rank, the energy
 *     kept and the reason
 */
public record PairsResult(
    ReportedPair best,
    List<ReportedPair> top,
    RunInfo run,
    Counts counts,
    StageLog stages,
    SearchPlan plan,
    TableOutput threshold,
    TableOutput perRow,
    ScoreCalibration calibration,
    AttentionReport attention,
    Map<String, Object> prune) {

  /** A result without attention statistics. */
  public PairsResult(
      ReportedPair best, List<ReportedPair> top, RunInfo run, Counts counts, StageLog stages, SearchPlan plan,
      TableOutput threshold, TableOutput perRow, ScoreCalibration calibration) {
    this(best, top, run, counts, stages, plan, threshold, perRow, calibration, null, null);
  }
}
