package io.simpair.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Exact dot products, comparisons and correctly rounded scores against BigDecimal, which
 * represents every double exactly: a rounded result r is correct when the exact value lies
 * within half an ulp of r, which is checked without rounding.
 */
class ExactValueTest {
  private final ExactDot acc = new ExactDot();

  private static BigDecimal big(Dyadic x) {
    BigDecimal m = new BigDecimal(x.mantissa());
    int e = x.exponent();
    return e >= 0 ? m.multiply(new BigDecimal(BigInteger.TWO.pow(e))) : m.divide(new BigDecimal(BigInteger.TWO.pow(-e)));
  }

  private static BigDecimal dotOracle(double[] a, double[] b) {
    BigDecimal s = BigDecimal.ZERO;
    for (int k = 0; k < a.length; k++) {
      s = s.add(new BigDecimal(a[k]).multiply(new BigDecimal(b[k])));
    }
    return s;
  }

  /** Doubles over the whole exponent range, subnormals and signs included, with some exact cancellations. */
  private static double[] wild(Random r, int d) {
    double[] x = new double[d];
    for (int k = 0; k < d; k++) {
      switch (r.nextInt(5)) {
        case 0 -> x[k] = r.nextGaussian();
        case 1 -> x[k] = Math.scalb(r.nextDouble() - 0.5, r.nextInt(2000) - 1000);
        case 2 -> x[k] = Double.longBitsToDouble(r.nextLong() & 0x000fffffffffffffL) * (r.nextBoolean() ? 1 : -1);
        case 3 -> x[k] = k > 0 ? -x[k - 1] : 1e300;
        default -> x[k] = 0;
      }
    }
    return x;
  }

  @Test
  void dotProductsOfDoublesAreExact() {
    Random r = new Random(1);
    for (int t = 0; t < 400; t++) {
      int d = 1 + r.nextInt(40);
      double[] a = wild(r, d);
      double[] b = wild(r, d);
      assertEquals(0, dotOracle(a, b).compareTo(big(acc.dot(a, 0, b, 0, d))), "case " + t);
    }
  }

  @Test
  void dotProductsOfFloatsAreExact() {
    Random r = new Random(2);
    for (int t = 0; t < 400; t++) {
      int d = 1 + r.nextInt(300);
      float[] a = new float[d];
      float[] b = new float[d];
      double[] ad = new double[d];
      double[] bd = new double[d];
      for (int k = 0; k < d; k++) {
        a[k] = r.nextInt(4) == 0 ? Math.scalb((float) r.nextGaussian(), r.nextInt(250) - 140) : (float) r.nextGaussian();
        b[k] = r.nextInt(9) == 0 ? Float.MIN_VALUE * r.nextInt(5) : (float) r.nextGaussian();
        ad[k] = a[k];
        bd[k] = b[k];
      }
      assertEquals(0, dotOracle(ad, bd).compareTo(big(acc.dot(a, 0, b, 0, d))), "case " + t);
    }
  }

  @Test
  void roundingToDoubleIsCorrectIncludingTiesAndSubnormals() {
    Random r = new Random(3);
    for (int t = 0; t < 20000; t++) {
      BigInteger m = new BigInteger(1 + r.nextInt(120), r);
      if (r.nextBoolean()) {
        m = m.negate();
      }
      int e = r.nextInt(2300) - 1200 - m.bitLength();
      Dyadic x = Dyadic.of(m, e);
      double got = x.doubleValue();
      // parseDouble of the exact decimal is correctly rounded
      double want = x.signum() == 0 ? 0.0 : Double.parseDouble(big(x).toString());
      assertEquals(want, got, 0.0, x.toString());
    }
    // a tie between two doubles goes to the even one
    assertEquals(1.0, Dyadic.of(BigInteger.valueOf((1L << 53) + 1), -53).doubleValue(), 0.0);
    assertEquals(1.0 + 0x1p-51, Dyadic.of(BigInteger.valueOf((1L << 53) + 3), -53).doubleValue(), 0.0);
    assertEquals(Double.MIN_VALUE, Dyadic.of(BigInteger.valueOf(3), -1076).doubleValue(), 0.0);
    assertEquals(0.0, Dyadic.of(BigInteger.ONE, -1075).doubleValue(), 0.0);
  }

  /** True when {@code r} is the double nearest {@code sqrt(s)}: (r - h)² <= s <= (r + h)², h half an ulp. */
  private static boolean nearestRoot(double r, BigDecimal s) {
    BigDecimal br = new BigDecimal(r);
    BigDecimal h = new BigDecimal(Math.ulp(r)).divide(BigDecimal.valueOf(2));
    BigDecimal lo = br.subtract(h).max(BigDecimal.ZERO);
    BigDecimal hi = br.add(h);
    return lo.multiply(lo).compareTo(s) <= 0 && s.compareTo(hi.multiply(hi)) <= 0;
  }

  @Test
  void distancesAreCorrectlyRoundedSquareRoots() {
    Random r = new Random(4);
    for (int t = 0; t < 3000; t++) {
      Dyadic s = Dyadic.of(new BigInteger(1 + r.nextInt(200), r), r.nextInt(1600) - 900);
      double got = s.sqrtDoubleValue();
      assertTrue(nearestRoot(got, big(s)), s + " -> " + got);
    }
    assertEquals(3.0, Dyadic.of(9.0).sqrtDoubleValue(), 0.0);
    assertEquals(0x1p-537, Dyadic.of(0x1p-1074).sqrtDoubleValue(), 0.0);
  }

  @Test
  void cosinesAreCorrectlyRounded() {
    Random r = new Random(5);
    for (int t = 0; t < 2000; t++) {
      int d = 1 + r.nextInt(20);
      double[] a = new double[d];
      double[] b = new double[d];
      for (int k = 0; k < d; k++) {
        a[k] = r.nextGaussian();
        b[k] = r.nextInt(3) == 0 ? a[k] * (1 + 1e-9 * r.nextGaussian()) : r.nextGaussian();
      }
      ExactValue c = cosine(a, b);
      // |c| = D / sqrt(P) is nearest to r iff (|r| - h)² P <= D² <= (|r| + h)² P
      BigDecimal dd = dotOracle(a, b);
      BigDecimal p = dotOracle(a, a).multiply(dotOracle(b, b));
      double got = Math.abs(c.score());
      BigDecimal h = new BigDecimal(Math.ulp(got)).divide(BigDecimal.valueOf(2));
      BigDecimal lo = new BigDecimal(got).subtract(h).max(BigDecimal.ZERO);
      BigDecimal hi = new BigDecimal(got).add(h);
      BigDecimal d2 = dd.multiply(dd);
      assertTrue(lo.multiply(lo).multiply(p).compareTo(d2) <= 0 && d2.compareTo(hi.multiply(hi).multiply(p)) <= 0, "case " + t);
      assertEquals(dd.signum(), (int) Math.signum(c.score()), "sign, case " + t);
    }
  }

  private ExactValue cosine(double[] a, double[] b) {
    int d = a.length;
    return ExactValue.cosine(acc.dot(a, 0, b, 0, d), acc.dot(a, 0, a, 0, d).multiply(acc.dot(b, 0, b, 0, d)));
  }

  private ExactValue l2(double[] a, double[] b) {
    int d = a.length;
    Dyadic s = acc.dot(a, 0, a, 0, d).add(acc.dot(b, 0, b, 0, d)).subtract(acc.dot(a, 0, b, 0, d).shift(1));
    return ExactValue.l2(s);
  }

  @Test
  void identicalVectorsScoreExactlyOneAndZero() {
    Random r = new Random(6);
    for (int t = 0; t < 500; t++) {
      int d = 1 + r.nextInt(400);
      double[] a = new double[d];
      for (int k = 0; k < d; k++) {
        a[k] = t % 2 == 0 ? (float) r.nextGaussian() : r.nextGaussian() * 1e-3;
      }
      double[] twice = a.clone();
      for (int k = 0; k < d; k++) {
        twice[k] *= 2; // the same direction: cosine exactly 1 too
      }
      assertEquals(1.0, cosine(a, a).score(), 0.0);
      assertEquals(1.0, cosine(a, twice).score(), 0.0);
      assertEquals(0.0, l2(a, a).score(), 0.0);
      assertEquals(0, cosine(a, a).compareTo(cosine(a, twice)), "equal real values are a tie");
    }
  }

  @Test
  void comparisonsFollowTheRealValuesWhereTheDoublesTie() {
    Random r = new Random(7);
    int decidedBelowTheDouble = 0;
    for (int t = 0; t < 3000; t++) {
      int d = 2 + r.nextInt(8);
      double[] a = new double[d];
      double[] b = new double[d];
      for (int k = 0; k < d; k++) {
        a[k] = r.nextGaussian();
        b[k] = a[k] + 1e-7 * r.nextGaussian();
      }
      double[] c = b.clone();
      int at = r.nextInt(d);
      c[at] = Math.nextUp(c[at]); // one ulp apart: cosines differ near the 17th digit
      ExactValue x = cosine(a, b);
      ExactValue y = cosine(a, c);
      // the oracle: sign(D1² P2 - D2² P1) in BigDecimal
      BigDecimal d1 = dotOracle(a, b);
      BigDecimal d2 = dotOracle(a, c);
      BigDecimal p1 = dotOracle(a, a).multiply(dotOracle(b, b));
      BigDecimal p2 = dotOracle(a, a).multiply(dotOracle(c, c));
      int want = d1.multiply(d1).multiply(p2).compareTo(d2.multiply(d2).multiply(p1));
      assertEquals(want, x.compareTo(y), "case " + t);
      assertEquals(-want, x.negate().compareTo(y.negate()), "negated, case " + t);
      if (x.score() == y.score() && want != 0) {
        decidedBelowTheDouble++;
      }
      // against a double: the rounded score itself, and its neighbours
      double s = x.score();
      for (double q : new double[] {Math.nextDown(s), s, Math.nextUp(s)}) {
        BigDecimal bq = new BigDecimal(q);
        int w = d1.multiply(d1).compareTo(bq.multiply(bq).multiply(p1));
        assertEquals(w, x.compareTo(q), "against " + q + ", case " + t);
        assertEquals(-w, x.negate().compareTo(-q), "negated against " + (-q) + ", case " + t);
      }
      ExactValue l = l2(a, b);
      ExactValue m = l2(a, c);
      BigDecimal s1 = dotOracle(a, a).add(dotOracle(b, b)).subtract(d1.multiply(BigDecimal.valueOf(2)));
      BigDecimal s2 = dotOracle(a, a).add(dotOracle(c, c)).subtract(d2.multiply(BigDecimal.valueOf(2)));
      assertEquals(s1.compareTo(s2), l.compareTo(m), "l2, case " + t);
    }
    assertTrue(decidedBelowTheDouble > 10, "pairs whose rounded cosines tie but whose real ones do not: " + decidedBelowTheDouble);
  }
}
