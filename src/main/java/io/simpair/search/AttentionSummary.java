package io.simpair.search;

import java.util.Arrays;

/**
 * What result.json reports of all rows' attention statistics, per temperature: the row with the
 * largest maximum and its argmax (the pair the head reads off), the largest {@code lse - max},
 * whether every row keeps {@code max <= lse <= max + ln(n)/beta}, and for the OV head the largest
 * output and the rows that fire. Made per block and merged (associative and commutative), so it
 * is computed where the statistics are.
 */
public final class AttentionSummary implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  /** The most fired rows kept (lowest indices first). */
  public static final int MAX_ROWS = 1000;
  public double[] betas;
  public long rows;
  public long bestRow = -1;
  /** The best row's maximum in score units. */
  public double bestMax = Double.NEGATIVE_INFINITY;
  public long bestArg = -1;
  public double[] maxLseGap;
  public boolean[] marginOk;
  /** OV head only (else null): per beta the largest output, the firing rows' count and lowest indices. */
  public double[] maxOutput;
  public long[] firing;
  public long[][] firingRows;

  public AttentionSummary() {}

  /**
   * The summary of one block.
   *
   * @param kernelPerScore kernel units per score unit
   * @param keys the number of keys each row attends over (n - 1, or |B|): the margin's ln(n)
   * @param threshold the OV head's threshold 1/(n+1), or NaN for no head
   * @param selfTerm the head counts each row's own token (one input; not A against B)
   */
  public static AttentionSummary of(
      AttentionStats st, double[] betas, double kernelPerScore, long keys, double threshold, boolean selfTerm) {
    AttentionSummary s = new AttentionSummary();
    int nb = betas.length;
    s.betas = betas.clone();
    s.rows = st.n;
    s.maxLseGap = new double[nb];
    s.marginOk = new boolean[nb];
    Arrays.fill(s.marginOk, true);
    boolean head = !Double.isNaN(threshold);
    if (head) {
      s.maxOutput = new double[nb];
      Arrays.fill(s.maxOutput, Double.NEGATIVE_INFINITY);
      s.firing = new long[nb];
      s.firingRows = new long[nb][0];
    }
    double lnKeys = Math.log(Math.max(1, keys));
    for (int i = 0; i < st.n; i++) {
      double max = st.max[i] / kernelPerScore;
      long row = st.start + i;
      if (max > s.bestMax) {
        s.bestMax = max;
        s.bestRow = row;
        s.bestArg = st.arg[i];
      }
      for (int b = 0; b < nb; b++) {
        double l = st.l[b * st.n + i];
        double gap = Math.log(l) / betas[b];
        s.maxLseGap[b] = Math.max(s.maxLseGap[b], gap);
        // l >= 1 (the argmax's own term) and l <= keys, up to fp64 rounding of the sums
        s.marginOk[b] &= l >= 1 - 1e-12 && Math.log(l) <= lnKeys + 1e-12;
        if (head) {
          double a = ovOutput(max, l, st.o[b * st.n + i], selfTerm ? st.value[i] : Double.NaN, betas[b]);
          s.maxOutput[b] = Math.max(s.maxOutput[b], a);
          if (a >= threshold) {
            s.firing[b]++;
            if (s.firingRows[b].length < MAX_ROWS) {
              s.firingRows[b] = append(s.firingRows[b], row);
            }
          }
        }
      }
    }
    return s;
  }

  /**
   * The paper's head output of a row from its statistics (keys = -<v_i, v_j>, so {@code maxKey}
   * is minus its least inner product): {@code (sum_{j != i} e^(beta key_j) |v_j| + e^(-beta |v_i|)
   * |v_i|) / (sum_{j != i} e^(beta key_j) + e^(-beta |v_i|) + 1)}, the self term {@code <v_i, v_i> =
   * |v_i|_1} of a 0/1 row and the zero token's 1 included; every term is scaled by {@code e^-T}
   * with T the largest exponent, so nothing overflows. {@code self} NaN: no self term (A against B).
   */
  public static double ovOutput(double maxKey, double l, double o, double self, double beta) {
    double xm = beta * maxKey;
    if (Double.isNaN(self)) {
      double t = Math.max(0, xm);
      double fm = Math.exp(xm - t);
      return fm * o / (fm * l + Math.exp(-t));
    }
    double xs = -beta * self;
    double t = Math.max(0, Math.max(xm, xs));
    double fm = Math.exp(xm - t);
    double fs = Math.exp(xs - t);
    return (fm * o + fs * self) / (fm * l + fs + Math.exp(-t));
  }

  /**
   * The softmax weight row {@code i} of {@code st} puts on a partner with key {@code key} (score
   * units), per temperature: {@code e^(beta (key - max)) / l}, and exactly {@code 1 / l} for the
   * argmax itself.
   */
  public static double[] weights(AttentionStats st, int i, long partner, double key, double[] betas, double kernelPerScore) {
    double[] w = new double[betas.length];
    double max = st.max[i] / kernelPerScore;
    for (int b = 0; b < betas.length; b++) {
      double l = st.l[b * st.n + i];
      double e = partner == st.arg[i] ? 1 : Math.exp(Math.min(0, betas[b] * (key - max)));
      w[b] = e / l;
    }
    return w;
  }

  /** Adds another block's summary into this one; returns this. */
  public AttentionSummary merge(AttentionSummary o) {
    rows += o.rows;
    if (o.bestMax > bestMax || (o.bestMax == bestMax && o.bestRow >= 0 && (bestRow < 0 || o.bestRow < bestRow))) {
      bestMax = o.bestMax;
      bestRow = o.bestRow;
      bestArg = o.bestArg;
    }
    for (int b = 0; b < betas.length; b++) {
      maxLseGap[b] = Math.max(maxLseGap[b], o.maxLseGap[b]);
      marginOk[b] &= o.marginOk[b];
      if (maxOutput != null) {
        maxOutput[b] = Math.max(maxOutput[b], o.maxOutput[b]);
        firing[b] += o.firing[b];
        long[] both = append(firingRows[b], o.firingRows[b]);
        Arrays.sort(both);
        firingRows[b] = Arrays.copyOf(both, Math.min(MAX_ROWS, both.length));
      }
    }
    return this;
  }

  private static long[] append(long[] a, long... more) {
    long[] out = Arrays.copyOf(a, a.length + more.length);
    System.arraycopy(more, 0, out, a.length, more.length);
    return out;
  }
}
