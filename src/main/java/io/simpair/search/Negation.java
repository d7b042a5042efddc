package io.simpair.search;

/**
 * The rows a least-similar search scores: A's kernel rows and biases and B's biases negated, so
 * that maximising {@code -S} finds the least similar pairs. Cached per A block, since
 * consecutive tiles of a task share it. For a most-similar search the rows pass through.
 */
final class Negation {
  private final boolean least;
  private final int dim;
  private int negBlock = -1;
  private float[] rows;
  private float[] biasA;
  private float[] biasB;
  private float[] curRows;
  private float[] curBiasA;
  private float[] curBiasB;

  Negation(boolean least, int dim) {
    this.least = least;
    this.dim = dim;
  }

  /** Prepares tile (a, b). */
  void prepare(RowBlock a, RowBlock b) {
    if (!least) {
      curRows = a.kernel();
      curBiasA = a.bias();
      curBiasB = b.bias();
      return;
    }
    int id = a.side * (1 << 30) + a.block;
    if (negBlock != id) {
      negBlock = id;
      float[] k0 = a.kernel();
      if (rows == null || rows.length < k0.length) {
        rows = new float[k0.length];
      }
      for (int k = 0; k < a.rows * dim; k++) {
        rows[k] = -k0[k];
      }
      biasA = a.bias() == null ? null : negate(a.bias(), a.rows, biasA);
    }
    curRows = rows;
    curBiasA = biasA;
    curBiasB = b.bias() == null ? null : (biasB = negate(b.bias(), b.rows, biasB));
  }

  float[] rowsA() {
    return curRows;
  }

  float[] biasA() {
    return curBiasA;
  }

  float[] biasB() {
    return curBiasB;
  }

  private static float[] negate(float[] x, int n, float[] into) {
    float[] out = into == null || into.length < n ? new float[n] : into;
    for (int i = 0; i < n; i++) {
      out[i] = -x[i];
    }
    return out;
  }
}
