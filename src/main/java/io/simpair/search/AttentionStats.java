package io.simpair.search;

import io.simpair.kernel.SoftmaxState;

/**
 * The attention statistics of a block of rows (global rows {@code start .. start+n)}): per row
 * the maximum kernel score over its partners, the partner holding it (lowest index on ties),
 * and per temperature the online softmax sums {@code l} and {@code o} relative to that maximum.
 * Partial statistics of the same rows merge as FlashAttention merges blocks: {@code (m, l, o) +
 * (m', l', o') = (M, e^(c(m-M)) l + e^(c(m'-M)) l', e^(c(m-M)) o + e^(c(m'-M)) o')}, which is
 * associative and commutative up to fp64 rounding, so any tile or task order gives the same result.
 */
public final class AttentionStats implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  public long start;
  public int n;
  /** Per temperature, the factor from kernel score to logit. */
  public double[] coef;
  public double[] max;
  /** The global index of the partner at the maximum, or -1 for a row without partners yet. */
  public long[] arg;
  /** Sums of temperature b for row i at {@code b * n + i}. */
  public double[] l;
  public double[] o;
  /** Each row's own value (for the OV head's self term), or null. */
  public double[] value;

  public AttentionStats() {}

  public AttentionStats(long start, int n, double[] coef) {
    this.start = start;
    this.n = n;
    this.coef = coef.clone();
    max = new double[n];
    arg = new long[n];
    l = new double[n * coef.length];
    o = new double[n * coef.length];
    java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
    java.util.Arrays.fill(arg, -1);
  }

  /** Adds rows {@code 0 .. count)} of a tile's state (partner indices relative to {@code argBase}) into rows {@code at ..}. */
  public void absorb(SoftmaxState st, int count, long argBase, int at) {
    for (int r = 0; r < count; r++) {
      if (st.max[r] == Double.NEGATIVE_INFINITY) {
        continue;
      }
      long g = argBase + st.arg[r];
      mergeRow(at + r, st.max[r], g, st.l, st.o, r, st.n);
    }
  }

  /** Adds another partial result of the same rows into this one; returns this. */
  public AttentionStats merge(AttentionStats other) {
    if (other.start != start || other.n != n || other.coef.length != coef.length) {
      throw new IllegalArgumentException("statistics of different rows: " + start + "+" + n + " and " + other.start + "+" + other.n);
    }
    for (int i = 0; i < n; i++) {
      if (other.max[i] != Double.NEGATIVE_INFINITY) {
        mergeRow(i, other.max[i], other.arg[i], other.l, other.o, i, other.n);
      }
    }
    return this;
  }

  private void mergeRow(int i, double m2, long arg2, double[] l2, double[] o2, int i2, int n2) {
    double m = max[i];
    double top = Math.max(m, m2);
    for (int b = 0; b < coef.length; b++) {
      // -Infinity: no partner yet on that side, so its sums are 0
      double f1 = m == Double.NEGATIVE_INFINITY ? 0 : Math.exp(coef[b] * (m - top));
      double f2 = Math.exp(coef[b] * (m2 - top));
      l[b * n + i] = f1 * l[b * n + i] + f2 * l2[b * n2 + i2];
      o[b * n + i] = f1 * o[b * n + i] + f2 * o2[b * n2 + i2];
    }
    if (m2 > m || (m2 == m && arg2 < arg[i])) {
      arg[i] = arg2;
    }
    max[i] = top;
  }
}
