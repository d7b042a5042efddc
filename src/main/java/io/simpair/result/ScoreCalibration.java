package io.simpair.result;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a run learned of the whole score distribution: the exact histogram of all pair scores
 * and the exact number of pairs at each asked threshold; as result.json's {@code "histogram"}
 * ({@code edges}, {@code counts}) and {@code "threshold_counts"} ({@code threshold}, {@code
 * pairs}, and {@code groups} when a dedup dry run grouped them).
 *
 * @param edges the {@code bins + 1} bin edges, or null without a histogram
 * @param counts pairs per bin ({@code edges[i] <= s < edges[i + 1]}, the last bin closed), or null
 * @param thresholds the thresholds counted at, in the order asked
 * @param pairs pairs at or past each threshold
 * @param largerIsBetter whether a threshold selects scores above it (cosine, dot) or below (l2)
 */
public record ScoreCalibration(
    double[] edges, long[] counts, List<Double> thresholds, long[] pairs, boolean largerIsBetter) {

  public boolean hasHistogram() {
    return edges != null;
  }

  /** Total pairs of the histogram. */
  public long total() {
    long t = 0;
    for (long c : counts) {
      t += c;
    }
    return t;
  }

  /** result.json's {@code "histogram"}. */
  public Map<String, Object> histogramJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("edges", edges);
    m.put("counts", counts);
    return m;
  }

  /** result.json's {@code "threshold_counts"}; {@code groups} per threshold when not null. */
  public List<Map<String, Object>> thresholdCountsJson(long[] groups) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < thresholds.size(); i++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("threshold", thresholds.get(i));
      m.put("pairs", pairs[i]);
      if (groups != null) {
        m.put("groups", groups[i]);
      }
      out.add(m);
    }
    return out;
  }

  /**
   * The histogram edge closest to {@code current} that selects at most {@code maxPairs} pairs,
   * for a message, or null when no edge does. Scores above an edge (cosine, dot): exactly the
   * bins from it up. Below (l2): at most the bins up to the one it opens, so the bound is stated
   * as "at most".
   */
  public String suggestThreshold(long maxPairs) {
    if (!hasHistogram()) {
      return null;
    }
    int bins = counts.length;
    if (largerIsBetter) {
      long above = 0;
      for (int i = bins - 1; i >= 0; i--) {
        if (above + counts[i] > maxPairs) {
          // the last bin is closed, so "above its top edge" is not a count the histogram gives
          return i + 1 < bins
              ? String.format(Locale.ROOT, "--threshold %s selects %d pairs (from the histogram)", edges[i + 1], above)
              : null;
        }
        above += counts[i];
      }
      return null;
    }
    long below = 0;
    for (int i = 0; i < bins; i++) {
      if (below + counts[i] > maxPairs) {
        return i > 0
            ? String.format(Locale.ROOT, "--threshold %s selects at most %d pairs (from the histogram)", edges[i - 1], below)
            : null;
      }
      below += counts[i];
    }
    return null;
  }
}
