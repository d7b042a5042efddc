package io.simpair.testutil;

import java.util.Random;

/**
 * Orthogonal-vectors instances: n random 0/1 rows of dimension d (each coordinate 1 with
 * probability 1/2) that all have coordinate 0 set, so no two are orthogonal, except {@code
 * planted} pairs of rows without it whose supports are disjoint halves of the rest. Hard for
 * the head at small beta: every other pair's inner product is about d/4, the planted pairs' 0.
 * A random row that misses a planted row's support gets one of its coordinates, so with one
 * planted pair that pair is the only orthogonal one.
 */
public final class OvInstances {
  private OvInstances() {}

  /** The rows; planted pair k is rows (2k * step, 2k * step + step / 2 + 1) with step = n / (2 planted + 1). */
  public static float[][] generate(long seed, int n, int d, int planted) {
    Random r = new Random(seed);
    float[][] x = new float[n][d];
    for (float[] row : x) {
      row[0] = 1;
      for (int k = 1; k < d; k++) {
        row[k] = r.nextBoolean() ? 1 : 0;
      }
    }
    int step = n / (2 * planted + 1);
    for (int k = 0; k < planted; k++) {
      float[] p = x[2 * k * step];
      float[] q = x[2 * k * step + step / 2 + 1];
      java.util.Arrays.fill(p, 0);
      java.util.Arrays.fill(q, 0);
      for (int c = 1; c < d; c++) {
        if (r.nextBoolean()) {
          p[c] = 1;
        } else if (r.nextBoolean()) {
          q[c] = 1;
        }
      }
      p[1] = 1; // neither row is all zeros
      q[1] = 0;
      p[d - 1] = 0;
      q[d - 1] = 1;
    }
    for (int k = 0; k < planted; k++) {
      for (int i = 0; i < n; i++) {
        if (x[i][0] == 1) {
          meet(x[i], x[2 * k * step]);
          meet(x[i], x[2 * k * step + step / 2 + 1]);
        }
      }
    }
    return x;
  }

  /** Gives row r the first coordinate of p's support when they share none. */
  private static void meet(float[] r, float[] p) {
    int first = -1;
    for (int c = 0; c < r.length; c++) {
      if (r[c] * p[c] != 0) {
        return;
      }
      first = first < 0 && p[c] != 0 ? c : first;
    }
    r[first] = 1;
  }

  /** The paper's head output of every row in double precision, the self term and the zero token included. */
  public static double[] headOutputs(float[][] x) {
    int n = x.length;
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      double num = 0;
      double den = 1;
      for (int j = 0; j < n; j++) {
        double dot = 0;
        double norm = 0;
        for (int k = 0; k < x[i].length; k++) {
          dot += x[i][k] * x[j][k];
          norm += x[j][k];
        }
        double w = Math.pow(n, -3 * dot);
        num += w * norm;
        den += w;
      }
      out[i] = num / den;
    }
    return out;
  }

  /** Whether two rows have inner product 0. */
  public static boolean anyOrthogonal(float[][] x) {
    for (int i = 0; i < x.length; i++) {
      for (int j = i + 1; j < x.length; j++) {
        double dot = 0;
        for (int k = 0; k < x[i].length; k++) {
          dot += x[i][k] * x[j][k];
        }
        if (dot == 0) {
          return true;
        }
      }
    }
    return false;
  }

  /** Makes row 0 of {@code a} and row 0 of {@code b} an orthogonal pair (coordinate 0 cleared, disjoint supports). */
  public static void plantAcross(float[][] a, float[][] b, long seed) {
    Random r = new Random(seed);
    int d = a[0].length;
    java.util.Arrays.fill(a[0], 0);
    java.util.Arrays.fill(b[0], 0);
    for (int c = 1; c < d; c++) {
      if (r.nextBoolean()) {
        a[0][c] = 1;
      } else if (r.nextBoolean()) {
        b[0][c] = 1;
      }
    }
    a[0][1] = 1;
    b[0][1] = 0;
    a[0][d - 1] = 0;
    b[0][d - 1] = 1;
    for (int i = 1; i < b.length; i++) {
      meet(b[i], a[0]);
    }
    for (int i = 1; i < a.length; i++) {
      meet(a[i], b[0]);
    }
  }
}
