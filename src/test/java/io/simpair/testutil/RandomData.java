package io.simpair.testutil;

import java.util.Random;

/** Seeded test vectors. */
public final class RandomData {
  private RandomData() {}

  /** n standard Gaussian rows of dimension d. */
  public static float[][] gaussian(long seed, int n, int d) {
    Random r = new Random(seed);
    float[][] x = new float[n][d];
    for (float[] row : x) {
      for (int k = 0; k < d; k++) {
        row[k] = (float) r.nextGaussian();
      }
    }
    return x;
  }
}
