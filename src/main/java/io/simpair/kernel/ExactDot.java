package io.simpair.kernel;

import java.math.BigInteger;

/**
 * Exact dot products of float or double vectors, as {@link Dyadic}s: each product of two
 * doubles is a 106-bit integer times a power of two, added without rounding into a fixed-point
 * accumulator of 32-bit digits (held in longs, so up to 2^31 terms never overflow) that spans
 * every product two finite doubles can have. A float product is exact in double, so float rows
 * take one multiply per term. One instance per thread; the accumulator is reused.
 */
public final class ExactDot {
  /** Weight of digit 0: below the smallest product of two doubles, 2^-1074 * 2^-1074. */
  private static final int MIN_EXP = -2148 - 32;
  /** Products stay below 2^2048; 2^31 of them below 2^2079; one more digit for the carries. */
  private static final int DIGITS = (2080 - MIN_EXP) / 32 + 6;
  private static final long LOW = 0xffffffffL;

  private final long[] digits = new long[DIGITS];
  private int lo = DIGITS;
  private int hi = -1;

  /** {@code sum_k a[ao+k] * b[bo+k]}, exactly. */
  public Dyadic dot(float[] a, int ao, float[] b, int bo, int d) {
    for (int k = 0; k < d; k++) {
      double p = (double) a[ao + k] * (double) b[bo + k]; // 24 x 24 bits: exact in double
      if (p != 0) {
        long bits = Double.doubleToRawLongBits(p);
        int be = (int) ((bits >>> 52) & 0x7ff); // never 0: a float product is >= 2^-298
        add(0, (bits & ((1L << 52) - 1)) | (1L << 52), be - 1075, p < 0);
      }
    }
    return take();
  }

  /** {@code sum_k a[ao+k] * b[bo+k]}, exactly. */
  public Dyadic dot(double[] a, int ao, double[] b, int bo, int d) {
    for (int k = 0; k < d; k++) {
      double x = a[ao + k];
      double y = b[bo + k];
      if (x != 0 && y != 0) {
        long mx = mantissa(x);
        long my = mantissa(y);
        add(Math.multiplyHigh(mx, my), mx * my, exponent(x) + exponent(y), (x < 0) != (y < 0));
      }
    }
    return take();
  }

  private static long mantissa(double x) {
    long bits = Double.doubleToRawLongBits(x);
    long m = bits & ((1L << 52) - 1);
    return ((bits >>> 52) & 0x7ff) == 0 ? m : m | (1L << 52);
  }

  private static int exponent(double x) {
    int be = (int) ((Double.doubleToRawLongBits(x) >>> 52) & 0x7ff);
    return be == 0 ? -1074 : be - 1075;
  }

  /** Adds {@code ±(hi64 * 2^64 + lo64) * 2^e}, the 128-bit unsigned value at weight 2^e. */
  private void add(long hi64, long lo64, int e, boolean negative) {
    int pos = e - MIN_EXP;
    int at = pos >>> 5;
    int sh = pos & 31;
    long w0 = lo64 << sh;
    long w1 = sh == 0 ? hi64 : (hi64 << sh) | (lo64 >>> (64 - sh));
    long w2 = sh == 0 ? 0 : hi64 >>> (64 - sh);
    long[] c = digits;
    if (negative) {
      c[at] -= w0 & LOW;
      c[at + 1] -= w0 >>> 32;
      c[at + 2] -= w1 & LOW;
      c[at + 3] -= w1 >>> 32;
      c[at + 4] -= w2 & LOW;
    } else {
      c[at] += w0 & LOW;
      c[at + 1] += w0 >>> 32;
      c[at + 2] += w1 & LOW;
      c[at + 3] += w1 >>> 32;
      c[at + 4] += w2 & LOW;
    }
    lo = Math.min(lo, at);
    hi = Math.max(hi, at + 4);
  }

  /** The accumulated sum, and the accumulator cleared. */
  private Dyadic take() {
    if (hi < 0) {
      return Dyadic.ZERO;
    }
    int n = hi - lo + 1;
    byte[] mag = new byte[4 * n];
    long carry = 0;
    for (int i = lo; i <= hi; i++) {
      long v = digits[i] + carry;
      digits[i] = 0;
      long digit = v & LOW;
      carry = v >> 32; // arithmetic: a negative partial sum borrows from the next digit
      int o = 4 * (hi - i);
      mag[o] = (byte) (digit >>> 24);
      mag[o + 1] = (byte) (digit >>> 16);
      mag[o + 2] = (byte) (digit >>> 8);
      mag[o + 3] = (byte) digit;
    }
    BigInteger m = new BigInteger(1, mag);
    if (carry != 0) {
      m = m.add(BigInteger.valueOf(carry).shiftLeft(32 * n));
    }
    int e = MIN_EXP + 32 * lo;
    lo = DIGITS;
    hi = -1;
    return Dyadic.of(m, e);
  }
}
