package io.simpair.embed;

/** Mean pooling over the attention mask and L2 normalisation, as sentence-transformers does. */
public final class Pooling {
  private Pooling() {}

  /**
   * The mean of the token rows whose mask is 1, scaled to unit length; accumulated in double in
   * token order, so the result depends only on the rows it is given. A zero mean stays zero.
   */
  public static float[] meanNormalized(float[][] tokens, long[] mask) {
    int d = tokens[0].length;
    double[] sum = new double[d];
    long n = 0;
    for (int t = 0; t < tokens.length; t++) {
      if (mask[t] == 0) {
        continue;
      }
      n++;
      float[] row = tokens[t];
      for (int k = 0; k < d; k++) {
        sum[k] += row[k];
      }
    }
    double norm = 0;
    for (int k = 0; k < d; k++) {
      sum[k] /= Math.max(1, n);
      norm += sum[k] * sum[k];
    }
    norm = Math.sqrt(norm);
    float[] out = new float[d];
    for (int k = 0; k < d; k++) {
      out[k] = norm > 0 ? (float) (sum[k] / norm) : 0f;
    }
    return out;
  }
}
