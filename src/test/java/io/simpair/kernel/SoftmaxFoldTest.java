package io.simpair.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The vectorised softmax fold and strip scorer against their plain references, on odd strip
 * sizes with non-pair entries ({@code -Infinity}), repeated maxima and both extreme betas.
 */
class SoftmaxFoldTest {
  private static final double[] COEF = {1e-6, 0.7, 25, 1e6};

  @Test
  void vectorisedFoldMatchesThePlainOne() {
    SoftmaxFold fast = SimilarityProvider.get().softmaxFold();
    Random r = new Random(4);
    for (int rows : new int[] {1, 3, 8}) {
      for (int cols : new int[] {1, 5, 16, 33, 64}) {
        SoftmaxState a = new SoftmaxState();
        SoftmaxState b = new SoftmaxState();
        SoftmaxState ca = new SoftmaxState();
        SoftmaxState cb = new SoftmaxState();
        a.reset(rows, COEF.length);
        b.reset(rows, COEF.length);
        ca.reset(cols + 8, COEF.length);
        cb.reset(cols + 8, COEF.length);
        double[] values = new double[cols + 16];
        for (int k = 0; k < values.length; k++) {
          values[k] = r.nextDouble() * 3;
        }
        for (int strip = 0; strip < 3; strip++) {
          int stride = cols + 3;
          float[] s = new float[rows * stride];
          for (int k = 0; k < s.length; k++) {
            int kind = r.nextInt(10);
            s[k] = kind == 0 ? Float.NEGATIVE_INFINITY : kind == 1 ? 0.5f : (float) r.nextGaussian();
          }
          fast.foldRows(s, stride, rows, cols, 0, 0, COEF, values, a);
          SoftmaxFold.PLAIN.foldRows(s, stride, rows, cols, 0, 0, COEF, values, b);
          fast.foldColumns(s, stride, rows, cols, 0, 0, COEF, values, ca);
          SoftmaxFold.PLAIN.foldColumns(s, stride, rows, cols, 0, 0, COEF, values, cb);
        }
        same(rows + "x" + cols + " rows", a, b, rows);
        same(rows + "x" + cols + " columns", ca, cb, cols);
      }
    }
  }

  private static void same(String what, SoftmaxState a, SoftmaxState b, int n) {
    for (int i = 0; i < n; i++) {
      assertEquals(b.max[i], a.max[i], what + " max " + i);
      assertEquals(b.arg[i], a.arg[i], what + " arg " + i);
      for (int k = 0; k < COEF.length; k++) {
        assertEquals(b.l[k * a.n + i], a.l[k * a.n + i], 1e-12 * Math.max(1, b.l[k * a.n + i]), what + " l " + i);
        assertEquals(b.o[k * a.n + i], a.o[k * a.n + i], 1e-12 * Math.max(1, Math.abs(b.o[k * a.n + i])), what + " o " + i);
      }
    }
  }

  @Test
  void vectorisedStripsMatchThePlainOnes() {
    Random r = new Random(9);
    for (int d : new int[] {1, 7, 40}) {
      for (int n : new int[] {1, 9, 37, 70}) {
        float[] a = new float[n * d];
        for (int k = 0; k < a.length; k++) {
          a[k] = (float) r.nextGaussian();
        }
        for (boolean diagonal : new boolean[] {false, true}) {
          float[] fast = tile(SimilarityProvider.get().newStripScorer(d), a, n, diagonal);
          float[] plain = tile(new PlainStripScorer(SimilarityProvider.scalar(), d), a, n, diagonal);
          for (int k = 0; k < fast.length; k++) {
            if (Float.isInfinite(plain[k]) || Float.isInfinite(fast[k])) {
              assertEquals(plain[k], fast[k], "non-pair entry " + k);
            } else {
              assertEquals(plain[k], fast[k], 1e-5 * d, "score " + k + " d=" + d + " n=" + n);
            }
          }
        }
      }
    }
  }

  /** The whole n x n tile as the strips hand it over; entries never handed over stay NaN. */
  private static float[] tile(StripScorer sc, float[] a, int n, boolean diagonal) {
    float[] t = new float[n * n];
    java.util.Arrays.fill(t, Float.NaN);
    sc.scoreStrips(a, null, n, a, null, n, diagonal, (s, stride, i0, rows, j0, cols) -> {
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols && j0 + c < n; c++) {
          t[(i0 + r) * n + j0 + c] = s[r * stride + c];
        }
      }
    });
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= (diagonal ? i : -1); j++) {
        t[i * n + j] = Float.isNaN(t[i * n + j]) ? Float.NEGATIVE_INFINITY : t[i * n + j];
      }
    }
    return t;
  }
}
