package io.simpair.search;

import io.simpair.kernel.ExactValue;
import io.simpair.kernel.Metric;

/**
 * The two scales a search compares scores on, and the way between them: the exact real score
 * and its ranking key (larger is better in the search's direction; held as the correctly
 * rounded double, with the {@link ExactValue} deciding between equal doubles), and
 * the fp32 kernel score the tiles are scanned in, which lies within {@code delta} of the exact
 * score in kernel units (see {@link io.simpair.kernel.RoundingBound}).
 */
public final class ScoreUnits implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final Metric metric;
  private final boolean least;
  private final double scale2;
  private final double delta;

  /**
   * @param scale the 2^-e applied to dot and l2 kernel rows (1 for cosine)
   * @param delta the rounding bound in kernel units
   */
  public ScoreUnits(Metric metric, boolean least, double scale, double delta) {
    this.metric = metric;
    this.least = least;
    this.scale2 = scale * scale;
    this.delta = delta;
  }

  /** The ranking key of an exact score: larger is better in the search's direction. */
  public static double key(Metric metric, boolean least, double score) {
    boolean larger = metric.largerIsBetter() != least;
    return larger ? score : -score;
  }

  /** The exact ranking key of an exact score: the score, or minus it, as {@link #key(double)}. */
  public ExactValue exactKey(ExactValue score) {
    return metric.largerIsBetter() != least ? score : score.negate();
  }

  /** {@link #key(Metric, boolean, double)} for this search. */
  public double key(double score) {
    return key(metric, least, score);
  }

  /** The rounding bound in kernel units. */
  public double delta() {
    return delta;
  }

  /** The kernel score that corresponds to an exact key (monotone increasing in the key). */
  public double toKernel(double key) {
    if (key == Double.NEGATIVE_INFINITY) {
      return key;
    }
    switch (metric) {
      case COSINE:
        return key;
      case DOT:
        return key * scale2;
      case L2:
        // most: key = -dist, kernel = -dist²/2; least: key = dist, kernel = +dist²/2 (scaled)
        return (least ? 1 : -1) * key * key * scale2 / 2;
      default:
        throw new AssertionError(metric);
    }
  }

  /**
   * The lowest fp32 kernel score of a pair whose exact key can reach {@code key}: a pair with
   * exact key {@code >= key} has fp32 score {@code >= toKernel(key) - delta}. {@code key} may be
   * an exact key rounded to double: that half ulp is part of delta (RoundingBound).
   */
  public double kernelFloor(double key) {
    return key == Double.NEGATIVE_INFINITY ? key : toKernel(key) - delta;
  }
}
