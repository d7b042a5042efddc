package io.simpair.kernel;

import java.util.Random;

/**
 * What one exact re-score costs against the double-precision formula it replaced, per pair, at
 * the dimensions the job sees (not a test; run by hand, a ratio, median of 15 rounds after 5
 * rounds of warm-up):
 * {@code java -cp target/classes:target/test-classes io.simpair.kernel.ExactCostBench}.
 */
public final class ExactCostBench {
  private ExactCostBench() {}

  public static void main(String[] args) {
    for (int d : new int[] {64, 384, 768}) {
      for (boolean fp32 : new boolean[] {true, false}) {
        for (Metric m : new Metric[] {Metric.COSINE, Metric.L2}) {
          report(m, d, fp32);
        }
      }
    }
  }

  private static void report(Metric m, int d, boolean fp32) {
    int n = 256;
    Random r = new Random(1);
    float[] f = new float[n * d];
    double[] x = new double[n * d];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) r.nextGaussian();
      x[i] = fp32 ? f[i] : r.nextGaussian();
    }
    double[] norms = new double[n];
    Dyadic[] sq = new Dyadic[n];
    ExactDot acc = new ExactDot();
    for (int i = 0; i < n; i++) {
      norms[i] = fp32 ? ExactScore.norm(f, i * d, d) : ExactScore.norm(x, i * d, d);
      sq[i] = fp32 ? acc.dot(f, i * d, f, i * d, d) : acc.dot(x, i * d, x, i * d, d);
    }
    double[] fp = new double[15];
    double[] ex = new double[15];
    double sink = 0;
    int pairs = 20000;
    for (int round = -5; round < 15; round++) {
      long t0 = System.nanoTime();
      for (int p = 0; p < pairs; p++) {
        int i = p % n;
        int j = (p * 7 + 1) % n;
        sink += fp32
            ? ExactScore.score(m, f, i * d, norms[i], f, j * d, norms[j], d)
            : ExactScore.score(m, x, i * d, norms[i], x, j * d, norms[j], d);
      }
      long t1 = System.nanoTime();
      for (int p = 0; p < pairs; p++) {
        int i = p % n;
        int j = (p * 7 + 1) % n;
        Dyadic dot = fp32 ? acc.dot(f, i * d, f, j * d, d) : acc.dot(x, i * d, x, j * d, d);
        ExactValue v = m == Metric.COSINE
            ? ExactValue.cosine(dot, sq[i].multiply(sq[j]))
            : ExactValue.l2(sq[i].add(sq[j]).subtract(dot.shift(1)));
        sink += v.score();
      }
      long t2 = System.nanoTime();
      if (round >= 0) {
        fp[round] = (t1 - t0) / (double) pairs;
        ex[round] = (t2 - t1) / (double) pairs;
      }
    }
    java.util.Arrays.sort(fp);
    java.util.Arrays.sort(ex);
    System.out.printf(
        java.util.Locale.ROOT, "%-6s d=%-4d %s  fp64 formula %7.0f ns/pair  exact %7.0f ns/pair  ratio %.1f  (%s)%n",
        m.label(), d, fp32 ? "fp32" : "fp64", fp[7], ex[7], ex[7] / fp[7], sink > 0 ? "" : "-");
  }
}
