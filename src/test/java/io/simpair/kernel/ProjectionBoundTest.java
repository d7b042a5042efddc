package io.simpair.kernel;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The sketch bound against exact arithmetic: for every pair, the real {@code x·y + p + q} of the
 * fp32 rows is at most the fp32 sketch score plus {@link ProjectionBound#slack()}, and on rows
 * where the bound is tight (rows in the span of V, identical rows) the bare fp32 sketch score
 * falls below the exact value, so the slack is needed.
 */
class ProjectionBoundTest {
  private static final double M = 1 + 1e-6;

  @Test
  void sketchScorePlusSlackBoundsTheExactScoreAtEveryRank() {
    Random rnd = new Random(21);
    int below = 0;
    for (int d : new int[] {1, 2, 7, 33, 100}) {
      for (int r : new int[] {1, Math.max(1, d / 4), Math.max(1, d - 1), d}) {
        for (boolean l2 : new boolean[] {false, true}) {
          double[] v = orthonormal(rnd, d, r);
          float[][] rows = rows(rnd, v, d, r, 40);
          ProjectionBound p = new ProjectionBound(v, d, r, 1, M, l2 ? M * M / 2 : 0);
          assertTrue(p.slack() > 0 && p.slack() < 1e-4, "slack " + p.slack());
          below += check(p, rows, d, l2, SimilarityProvider.get());
          below += check(p, rows, d, l2, SimilarityProvider.scalar());
        }
      }
    }
    // without the slack these pairs would have been skipped although they reach the floor
    assertTrue(below > 100, "pairs whose bare fp32 sketch score is below the exact score: " + below);
  }

  @Test
  void aBasisThatIsNotOrthonormalIsRefused() {
    double[] v = {1, 0.1, 0, 1}; // 2 x 2, columns not orthogonal
    assertThrows(IllegalArgumentException.class, () -> new ProjectionBound(v, 2, 2, 1, M, 0));
  }

  @Test
  void aRowAboveTheNormBoundIsRefused() {
    ProjectionBound p = new ProjectionBound(new double[] {1, 0}, 2, 1, 1, M, 0);
    assertThrows(IllegalArgumentException.class, () -> p.sketch(new float[] {1f, 0.5f}, 1, new float[2]));
  }

  /** Checks every ordered pair (and its negated A side); returns how many fell below without the slack. */
  private static int check(ProjectionBound p, float[][] rows, int d, boolean l2, SimilaritySupport support) {
    int n = rows.length;
    int sd = p.sketchDim();
    float[] flat = new float[n * d];
    for (int i = 0; i < n; i++) {
      System.arraycopy(rows[i], 0, flat, i * d, d);
    }
    float[] sk = new float[n * sd];
    p.sketch(flat, n, sk);
    float[] neg = sk.clone();
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < sd - 1; k++) {
        neg[i * sd + k] = -sk[i * sd + k];
      }
    }
    float[] bias = new float[n];
    for (int i = 0; i < n; i++) {
      bias[i] = l2 ? (float) (-squared(rows[i]) / 2) : 0f;
    }
    int below = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        for (boolean least : new boolean[] {false, true}) {
          float b = support.dot(least ? neg : sk, i * sd, sk, j * sd, sd);
          float pi = least ? -bias[i] : bias[i];
          float pj = least ? -bias[j] : bias[j];
          b = b + pi + pj;
          BigDecimal t = exactDot(rows[i], rows[j]);
          if (least) {
            t = t.negate();
          }
          t = t.add(new BigDecimal(pi)).add(new BigDecimal(pj));
          BigDecimal upper = new BigDecimal(b).add(new BigDecimal(p.slack()));
          assertTrue(t.compareTo(upper) <= 0,
              "d=" + p.dim() + " r=" + p.rank() + " pair " + i + "," + j + (least ? " least" : "") + ": exact " + t
                  + " above " + b + " + " + p.slack());
          if (t.compareTo(new BigDecimal(b)) > 0) {
            below++;
          }
        }
      }
    }
    return below;
  }

  /** Rows in V's span (the bound is tight), near it, random, and repeated rows; norms at most 1. */
  private static float[][] rows(Random rnd, double[] v, int d, int r, int n) {
    float[][] out = new float[n][d];
    for (int i = 0; i < n; i++) {
      int kind = i % 4;
      if (kind == 3 && i > 0) {
        out[i] = out[i - 1 - rnd.nextInt(i)].clone();
        continue;
      }
      double[] x = new double[d];
      if (kind == 2) {
        for (int k = 0; k < d; k++) {
          x[k] = rnd.nextGaussian();
        }
      } else {
        for (int j = 0; j < r; j++) {
          double c = rnd.nextGaussian();
          for (int k = 0; k < d; k++) {
            x[k] += v[k * r + j] * c;
          }
        }
        if (kind == 1) {
          for (int k = 0; k < d; k++) {
            x[k] += 1e-3 * rnd.nextGaussian();
          }
        }
      }
      double norm = 0;
      for (double e : x) {
        norm += e * e;
      }
      double scale = (0.5 + 0.5 * rnd.nextDouble()) / Math.sqrt(Math.max(norm, 1e-300));
      for (int k = 0; k < d; k++) {
        out[i][k] = (float) (x[k] * scale);
      }
    }
    return out;
  }

  /** r orthonormal columns of a d x r matrix (row-major), by Gram-Schmidt twice. */
  static double[] orthonormal(Random rnd, int d, int r) {
    double[][] cols = new double[r][d];
    for (int j = 0; j < r; j++) {
      for (int k = 0; k < d; k++) {
        cols[j][k] = rnd.nextGaussian();
      }
      for (int pass = 0; pass < 2; pass++) {
        for (int q = 0; q < j; q++) {
          double dot = 0;
          for (int k = 0; k < d; k++) {
            dot += cols[j][k] * cols[q][k];
          }
          for (int k = 0; k < d; k++) {
            cols[j][k] -= dot * cols[q][k];
          }
        }
        double norm = 0;
        for (int k = 0; k < d; k++) {
          norm += cols[j][k] * cols[j][k];
        }
        for (int k = 0; k < d; k++) {
          cols[j][k] /= Math.sqrt(norm);
        }
      }
    }
    double[] v = new double[d * r];
    for (int k = 0; k < d; k++) {
      for (int j = 0; j < r; j++) {
        v[k * r + j] = cols[j][k];
      }
    }
    return v;
  }

  private static double squared(float[] x) {
    double s = 0;
    for (float e : x) {
      s += (double) e * e;
    }
    return s;
  }

  private static BigDecimal exactDot(float[] a, float[] b) {
    BigDecimal s = BigDecimal.ZERO;
    for (int k = 0; k < a.length; k++) {
      s = s.add(new BigDecimal(a[k]).multiply(new BigDecimal(b[k])));
    }
    return s;
  }
}
