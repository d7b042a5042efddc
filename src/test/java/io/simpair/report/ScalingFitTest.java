package io.simpair.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The log-log least-squares fit and the sweep-size rules, on synthetic numbers. */
class ScalingFitTest {
  private static final double[] DOUBLINGS = {1000, 2000, 4000, 8000, 16000, 32000};

  @ParameterizedTest(name = "y = 3.7 n^{0}")
  @ValueSource(ints = {1, 2, 3})
  void recoversPurePowerLawExactly(int k) {
    double[] y = new double[DOUBLINGS.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = 3.7 * Math.pow(DOUBLINGS[i], k);
    }
    LogLogFit f = LogLogFit.of(DOUBLINGS, y);
    assertEquals(k, f.exponent(), 1e-12);
    assertEquals(1.0, f.r2(), 1e-12);
    assertEquals(Math.log(3.7), f.logCoefficient(), 1e-9);
    assertEquals(6, f.points());
    assertEquals(3.7 * Math.pow(50_000, k), f.predict(50_000), 1e-9 * Math.pow(50_000, k));
    assertEquals(Math.pow(2, k), f.growth(2), 1e-12);
  }

  @Test
  void recoversPowerLawOnUnevenSizes() {
    double[] x = {3, 10, 11, 500, 7000, 123456};
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = 0.02 * Math.pow(x[i], 1.5);
    }
    LogLogFit f = LogLogFit.of(x, y);
    assertEquals(1.5, f.exponent(), 1e-12);
    assertEquals(1.0, f.r2(), 1e-12);
  }

  @Test
  void halfNSquaredMinusNIsSlightlyAboveTwo() {
    double[] y = new double[DOUBLINGS.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = DOUBLINGS[i] * (DOUBLINGS[i] - 1) / 2;
    }
    LogLogFit f = LogLogFit.of(DOUBLINGS, y);
    // d ln(n(n-1)) / d ln n = 2 + 1/(n-1): above 2 by about 1e-4 at these sizes
    assertEquals(2.0, f.exponent(), 1e-3);
    assertTrue(f.exponent() > 2.0, "exponent " + f.exponent());
    assertTrue(f.r2() > 0.999999 && f.r2() <= 1.0, "r2 " + f.r2());
  }

  @Test
  void imperfectFitHasHandComputedSlopeAndR2() {
    // in units of ln 2: x = (0, 1, 2), y = (0, 2, 3) → slope 3/2, r2 = 1 - (1/6)/(42/9) = 27/28
    LogLogFit f = LogLogFit.of(new double[] {1, 2, 4}, new double[] {1, 4, 8});
    assertEquals(1.5, f.exponent(), 1e-12);
    assertEquals(27.0 / 28.0, f.r2(), 1e-12);
  }

  @Test
  void constantYFitsWithSlopeZero() {
    LogLogFit f = LogLogFit.of(new double[] {1, 2, 4}, new double[] {5, 5, 5});
    assertEquals(0.0, f.exponent(), 1e-15);
    assertEquals(1.0, f.r2());
  }

  @Test
  void rejectsWhatCannotBeFitted() {
    assertThrows(IllegalArgumentException.class, () -> LogLogFit.of(new double[] {1}, new double[] {1}));
    assertThrows(IllegalArgumentException.class, () -> LogLogFit.of(new double[] {1, 2}, new double[] {1}));
    assertThrows(IllegalArgumentException.class, () -> LogLogFit.of(new double[] {1, 2}, new double[] {1, 0}));
    assertThrows(IllegalArgumentException.class, () -> LogLogFit.of(new double[] {-1, 2}, new double[] {1, 1}));
    assertThrows(
        IllegalArgumentException.class, () -> LogLogFit.of(new double[] {1, 2}, new double[] {1, Double.NaN}));
    assertThrows(IllegalArgumentException.class, () -> LogLogFit.of(new double[] {3, 3}, new double[] {1, 2}));
  }

  @Test
  void defaultSizesAreFiveDoublings() {
    assertArrayEquals(new long[] {1000, 2000, 4000, 8000, 16000, 32000}, SweepSizes.parse(SweepSizes.DEFAULT));
    assertArrayEquals(new long[] {64, 128, 256, 512, 1024, 2048}, SweepSizes.parse(" 64, 128,256,512,1024,2048"));
    // not all doublings, but six sizes spanning 32x
    assertArrayEquals(
        new long[] {100, 150, 400, 900, 2000, 3200}, SweepSizes.parse("100,150,400,900,2000,3200"));
  }

  @Test
  void rejectsSizesThatCannotCarryAFit() {
    assertMessage("at least 6 sizes", "1000,2000,4000,8000,32000");
    assertMessage("strictly increasing", "1000,2000,2000,4000,8000,32000");
    assertMessage("strictly increasing", "1000,4000,2000,8000,16000,32000");
    assertMessage("span at least a factor of 32", "1000,2000,4000,8000,12000,16000");
    assertMessage("whole numbers", "1000,2000,4k,8000,16000,32000");
    assertMessage("whole numbers", "1000,2000,,8000,16000,32000");
    assertMessage("at least 2", "1,2,4,8,16,32");
  }

  private static void assertMessage(String expected, String sizes) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SweepSizes.parse(sizes));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
