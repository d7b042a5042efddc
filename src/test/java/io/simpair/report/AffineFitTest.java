package io.simpair.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** time = fixed + c * pairs and the local exponents, on synthetic numbers. */
class AffineFitTest {
  private static final double[] N = {1000, 2000, 4000, 8000, 16000, 32000};

  private static double[] pairs() {
    double[] p = new double[N.length];
    for (int i = 0; i < N.length; i++) {
      p[i] = N[i] * (N[i] - 1) / 2;
    }
    return p;
  }

  @Test
  void recoversFixedCostAndPerPairCost() {
    double[] p = pairs();
    double[] t = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      t[i] = 2.5 + 4e-7 * p[i];
    }
    AffineFit f = AffineFit.of(p, t);
    assertEquals(2.5, f.fixed(), 1e-9);
    assertEquals(4e-7, f.slope(), 1e-16);
    assertEquals(1.0, f.r2(), 1e-12);
    // the log-log exponent of the same times is far below 2: the fixed cost flattens it
    assertTrue(LogLogFit.of(N, t).exponent() < 1.8);
    double[] local = AffineFit.localExponents(N, t);
    assertEquals(5, local.length);
    for (int i = 1; i < local.length; i++) {
      assertTrue(local[i] > local[i - 1], "the local exponent grows towards 2 as the quadratic term dominates");
    }
    assertTrue(local[4] < 2 && local[4] > 1.9);
  }

  @Test
  void localExponentsOfAPowerLawAreItsExponent() {
    double[] y = new double[N.length];
    for (int i = 0; i < N.length; i++) {
      y[i] = 0.3 * N[i] * N[i];
    }
    double[] local = AffineFit.localExponents(N, y);
    double[] two = {2, 2, 2, 2, 2};
    assertArrayEquals(two, local, 1e-12);
  }

  @Test
  void noisyLineHasR2BelowOne() {
    AffineFit f = AffineFit.of(new double[] {1, 2, 3, 4}, new double[] {1, 3, 2, 4});
    assertTrue(f.r2() < 1 && f.r2() > 0);
    assertEquals(0.8, f.slope(), 1e-12);
    assertEquals(0.5, f.fixed(), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> AffineFit.of(new double[] {1, 1}, new double[] {1, 2}));
  }
}
