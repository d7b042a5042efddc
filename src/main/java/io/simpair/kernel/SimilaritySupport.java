package io.simpair.kernel;

/**
 * Strategy for the fp32 arithmetic of the all-pairs scan: single dot products and fused tile
 * maxima. Two implementations exist: {@code ScalarSimilaritySupport} (the reference, plain
 * loops) and {@code VectorizedSimilaritySupport} (the JDK Vector API); {@link
 * SimilarityProvider} picks one at run time.
 *
 * <p><b>Rounding contract</b> (the certification in the job layer relies on it). Every fp32
 * score that an implementation returns, for rows {@code a} and {@code b} of dimension {@code d}
 * and biases {@code p}, {@code q}, is some evaluation of {@code sum_k a[k]*b[k] + p + q} with
 * one fp32 rounding per multiply and per add (an FMA counts as one rounding), in any order.
 * Its error is then at most {@code gamma(d + 2) * (sum_k |a[k]*b[k]| + |p| + |q|)} with
 * {@code gamma(n) = n*u / (1 - n*u)} and {@code u = 2^-24} (Higham, Accuracy and Stability of
 * Numerical Algorithms, 2nd ed., section 3.1), whatever the summation order.
 */
public interface SimilaritySupport {

  /** A short name for logs, e.g. {@code "vectorized(512-bit)"}. */
  String name();

  /**
   * Returns {@code a[aOffset..aOffset+dim) . b[bOffset..bOffset+dim)} in fp32. Not modified.
   */
  float dot(float[] a, int aOffset, float[] b, int bOffset, int dim);

  /**
   * Creates a scorer for tiles of the given dimension. A scorer owns packing buffers and is
   * not thread-safe: one per task thread.
   */
  TileScorer newTileScorer(int dim);

  /** A strip scorer for the attention pass (one per task thread); the plain one by default. */
  default StripScorer newStripScorer(int dim) {
    TileChecks.checkDim(dim);
    return new PlainStripScorer(this, dim);
  }

  /** The softmax fold of the attention pass; the plain reference by default. */
  default SoftmaxFold softmaxFold() {
    return SoftmaxFold.PLAIN;
  }
}
