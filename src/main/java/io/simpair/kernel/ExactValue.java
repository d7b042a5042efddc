package io.simpair.kernel;

/**
 * The exact real score of one pair, compared without rounding, with its correctly rounded
 * double ({@link #score()}, what is reported):
 *
 * <ul>
 *   <li>dot: the dyadic {@code D = a·b};
 *   <li>cosine: {@code D / sqrt(P)} with {@code P = |a|²|b|²} (both dyadic); two cosines compare
 *       by sign, then {@code D1² P2} against {@code D2² P1};
 *   <li>l2: {@code sqrt(S)} with {@code S = |a|² + |b|² - 2 a·b}; sqrt is monotone, so distances
 *       compare by S.
 * </ul>
 *
 * A value may be negated ({@link #negate()}): that is how a search's ranking key (larger is
 * better) is made from a score. Since rounding to nearest is monotone, two values whose
 * rounded doubles differ compare as the doubles do; only equal doubles need the exact test.
 */
public final class ExactValue implements Comparable<ExactValue>, java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private Metric metric;
  /** D (dot, cosine) or S (l2). */
  private Dyadic value;
  /** P (cosine), else null. */
  private Dyadic normProduct;
  private boolean negated;
  /** The correctly rounded score (not negated). */
  private double score;

  /** For serializers. */
  private ExactValue() {}

  private ExactValue(Metric metric, Dyadic value, Dyadic normProduct, boolean negated, double score) {
    this.metric = metric;
    this.value = value;
    this.normProduct = normProduct;
    this.negated = negated;
    this.score = score;
  }

  /** The inner product {@code dot}. */
  public static ExactValue dot(Dyadic dot) {
    return new ExactValue(Metric.DOT, dot, null, false, dot.doubleValue());
  }

  /** The cosine {@code dot / sqrt(normProduct)}; {@code normProduct > 0}. */
  public static ExactValue cosine(Dyadic dot, Dyadic normProduct) {
    return new ExactValue(Metric.COSINE, dot, normProduct, false, Dyadic.ratioOfRoot(dot, normProduct));
  }

  /** The Euclidean distance {@code sqrt(squaredDistance)}. */
  public static ExactValue l2(Dyadic squaredDistance) {
    return new ExactValue(Metric.L2, squaredDistance, null, false, squaredDistance.sqrtDoubleValue());
  }

  /** The score (cosine, inner product or distance) rounded to the nearest double. */
  public double score() {
    return score;
  }

  public Metric metric() {
    return metric;
  }

  /** Minus this value (its rounded double is {@code -score()}, rounding being symmetric). */
  public ExactValue negate() {
    return new ExactValue(metric, value, normProduct, !negated, score);
  }

  /** Whether this is a negated score. */
  public boolean negated() {
    return negated;
  }

  /** Compares two exact values of the same metric and sign convention. */
  @Override
  public int compareTo(ExactValue o) {
    if (metric != o.metric || negated != o.negated) {
      throw new IllegalArgumentException("values of different kinds: " + this + " and " + o);
    }
    int c;
    if (metric == Metric.COSINE) {
      int s = Integer.compare(value.signum(), o.value.signum());
      if (s != 0 || value.signum() == 0) {
        c = s;
      } else {
        c = value.signum() * value.multiply(value).multiply(o.normProduct)
            .compareTo(o.value.multiply(o.value).multiply(normProduct));
      }
    } else {
      c = value.compareTo(o.value);
    }
    return negated ? -c : c;
  }

  /** Compares this (possibly negated) value with the exact value of a finite double. */
  public int compareTo(double t) {
    int c = compareScore(negated ? -t : t);
    return negated ? -c : c;
  }

  /** Compares the score (not negated) with {@code t}. */
  private int compareScore(double t) {
    Dyadic dt = Dyadic.of(t);
    switch (metric) {
      case DOT:
        return value.compareTo(dt);
      case L2:
        return t < 0 ? 1 : value.compareTo(dt.multiply(dt));
      case COSINE:
        int s = Integer.compare(value.signum(), dt.signum());
        if (s != 0 || value.signum() == 0) {
          return s;
        }
        return value.signum() * value.multiply(value).compareTo(dt.multiply(dt).multiply(normProduct));
      default:
        throw new AssertionError(metric);
    }
  }

  @Override
  public String toString() {
    return (negated ? "-" : "") + metric.name().toLowerCase(java.util.Locale.ROOT) + "(" + score + ")";
  }
}
