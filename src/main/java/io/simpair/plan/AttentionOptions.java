package io.simpair.plan;

import io.simpair.search.AttentionValues;
import java.util.List;

/**
 * What the attention mode computes ({@code --attention}, {@code --attention-head ov}): the
 * temperatures, each key row's value, and whether to apply the paper's OV head on top.
 *
 * @param betas the temperatures in score units ({@code --beta}); empty = the default 3 ln n, known once n is
 * @param sweep {@code --beta-sweep}: also {@link #SWEEP} and the default
 * @param values the value of each key row (ones, its L1 norm, or a column of the input)
 * @param valueColumn the column of {@link AttentionValues#COLUMN} (the keys' input: B's in an A-against-B search), else null
 * @param ovHead {@code --attention-head ov}: the paper's orthogonal-vectors head (0/1 input, dot,
 *     least similar, values the L1 norms, self term and zero token included)
 */
public record AttentionOptions(List<Double> betas, boolean sweep, AttentionValues values, String valueColumn, boolean ovHead)
    implements java.io.Serializable {
  /** The temperatures of {@code --beta-sweep}: powers of two from 1/4 to 64, then the default 3 ln n. */
  public static final List<Double> SWEEP = List.of(0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0);

  public AttentionOptions {
    betas = List.copyOf(betas);
    if ((values == AttentionValues.COLUMN) != (valueColumn != null)) {
      throw new IllegalArgumentException("a value column goes with values COLUMN, and only with it: " + values + ", " + valueColumn);
    }
    for (double b : betas) {
      if (!(b >= 1e-6 && b <= 1e6)) {
        throw new IllegalArgumentException("--beta must lie in [1e-6, 1e6], got " + b);
      }
    }
  }

  /** The default temperature for {@code n} keys: 3 ln n (the paper's Q K^T = -3 ln(n) I), at least 1e-6. */
  public static double defaultBeta(long n) {
    return Math.max(1e-6, 3 * Math.log(Math.max(2, n)));
  }

  /** The temperatures for {@code n} keys, in one scan: those given, the sweep's, and the default when none is given or with a sweep. */
  public double[] resolved(long n) {
    List<Double> b = new java.util.ArrayList<>(betas);
    if (sweep) {
      b.addAll(SWEEP);
    }
    if (betas.isEmpty() || sweep) {
      b.add(defaultBeta(n));
    }
    return b.stream().distinct().mapToDouble(Double::doubleValue).toArray();
  }
}
