package io.simpair.kernel;

import java.util.Arrays;

/**
 * Online softmax statistics of {@code n} rows for several temperatures (FlashAttention-2, arXiv
 * 2307.08691; Milakov and Gimelshein, arXiv 1805.02867): per row the running maximum kernel
 * score {@code max}, its first column {@code arg}, and per coefficient c_b the running sums
 * {@code l = sum_j exp(c_b (s_j - max))} and {@code o = sum_j exp(c_b (s_j - max)) v_j}, kept
 * relative to the running maximum so that nothing overflows for any c_b > 0. The maximum is
 * shared by all coefficients: {@code argmax_j c_b s_j} does not depend on c_b > 0.
 *
 * <p>Sums for coefficient b of row i are at {@code b * n + i}. Not thread-safe.
 */
public final class SoftmaxState {
  public int n;
  public int betas;
  public double[] max = new double[0];
  public int[] arg = new int[0];
  public double[] l = new double[0];
  public double[] o = new double[0];

  /** Empties the statistics of {@code rows} rows for {@code coefficients} temperatures. */
  public void reset(int rows, int coefficients) {
    n = rows;
    betas = coefficients;
    if (max.length < rows) {
      max = new double[rows];
      arg = new int[rows];
    }
    if (l.length < rows * coefficients) {
      l = new double[rows * coefficients];
      o = new double[rows * coefficients];
    }
    Arrays.fill(max, 0, rows, Double.NEGATIVE_INFINITY);
    Arrays.fill(arg, 0, rows, Integer.MAX_VALUE);
    Arrays.fill(l, 0, rows * coefficients, 0);
    Arrays.fill(o, 0, rows * coefficients, 0);
  }

  /**
   * The reference update: score {@code s} of column {@code j} (value {@code v}) into row
   * {@code i}; a new maximum rescales the sums, an equal one keeps the lower column.
   */
  public void offer(int i, double s, int j, double v, double[] coef) {
    if (s == Double.NEGATIVE_INFINITY) {
      return;
    }
    double m = max[i];
    if (s > m) {
      rescale(i, m, s, coef);
      max[i] = s;
      arg[i] = j;
      m = s;
    } else if (s == m && j < arg[i]) {
      arg[i] = j;
    }
    for (int b = 0; b < betas; b++) {
      double e = Math.exp(coef[b] * (s - m));
      l[b * n + i] += e;
      o[b * n + i] += e * v;
    }
  }

  /** Moves row i's sums from maximum {@code from} to the larger {@code to}. */
  void rescale(int i, double from, double to, double[] coef) {
    for (int b = 0; b < betas; b++) {
      // from = -Infinity: the sums are still 0 and stay 0
      double f = from == Double.NEGATIVE_INFINITY ? 0 : Math.exp(coef[b] * (from - to));
      l[b * n + i] *= f;
      o[b * n + i] *= f;
    }
  }
}
