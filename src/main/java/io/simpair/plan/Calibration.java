package io.simpair.plan;

import io.simpair.kernel.Metric;
import io.simpair.search.HistogramReducer;
import io.simpair.search.ScoreUnits;
import io.simpair.search.ThresholdCountsReducer;
import io.simpair.search.TileReducer;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run asks to learn of the whole score distribution, to choose a threshold: the
 * histogram of every pair's score ({@code --histogram}, {@code --histogram-bins}) and the number
 * of pairs at each of some thresholds ({@code --thresholds}); both are fused reducers of the one
 * tile scan.
 *
 * @param histogramBins bins of the histogram; 0 = no histogram
 * @param thresholds the thresholds to count pairs at (score >= t for cosine and dot, distance <=
 *     t for l2; reversed under {@code --mode least}), in the order given; empty = none
 */
public record Calibration(int histogramBins, List<Double> thresholds) implements java.io.Serializable {
  /** Default of {@code --histogram-bins}. */
  public static final int DEFAULT_BINS = 200;

  /** Nothing asked. */
  public static final Calibration NONE = new Calibration(0, List.of());

  public Calibration {
    thresholds = List.copyOf(thresholds);
  }

  public boolean histogram() {
    return histogramBins > 0;
  }

  public boolean any() {
    return histogram() || !thresholds.isEmpty();
  }

  /**
   * The histogram's range, known before scoring from the metric and the largest norms: cosine
   * [-1, 1]; dot [-|a|max |b|max, |a|max |b|max] (Cauchy-Schwarz); l2 [0, |a|max + |b|max] (the
   * triangle inequality). Returns {lo, hi}; a zero range (all-zero rows) is widened to [0, 1].
   */
  public static double[] range(Metric metric, double maxNormA, double maxNormB) {
    double lo;
    double hi;
    switch (metric) {
      case COSINE:
        return new double[] {-1, 1};
      case DOT:
        hi = maxNormA * maxNormB;
        lo = -hi;
        break;
      case L2:
        lo = 0;
        hi = maxNormA + maxNormB;
        break;
      default:
        throw new AssertionError(metric);
    }
    return hi > lo ? new double[] {lo, hi} : new double[] {0, 1};
  }

  /** The reducer specs of this calibration for a search (histogram first, then the counts). */
  public List<TileReducer.Spec> reducers(SearchOptions o, InputFacts a, InputFacts b) {
    List<TileReducer.Spec> r = new ArrayList<>();
    if (histogram()) {
      double[] lohi = range(o.metric(), a.maxNorm(), (b == null ? a : b).maxNorm());
      r.add(new HistogramReducer.Spec(lohi[0], lohi[1], histogramBins));
    }
    if (!thresholds.isEmpty()) {
      double[] keys = new double[thresholds.size()];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = ScoreUnits.key(o.metric(), o.least(), thresholds.get(i));
      }
      r.add(new ThresholdCountsReducer.Spec(keys));
    }
    return r;
  }
}
