package io.simpair.kernel;

import java.math.BigInteger;

/**
 * An exact dyadic rational {@code m * 2^e} (BigInteger m, int e): every float and double is one,
 * and so are their products and sums, so a dot product of binary floating-point vectors is one
 * exactly. Immutable; kept normalised (m odd, or m = 0 with e = 0), so equal values are equal
 * objects field by field.
 */
public final class Dyadic implements Comparable<Dyadic>, java.io.Serializable {
  private static final long serialVersionUID = 1L;
  public static final Dyadic ZERO = new Dyadic(BigInteger.ZERO, 0);

  private BigInteger mant;
  private int exp;

  /** For serializers. */
  private Dyadic() {}

  private Dyadic(BigInteger mant, int exp) {
    this.mant = mant;
    this.exp = exp;
  }

  /** {@code m * 2^e}. */
  public static Dyadic of(BigInteger m, int e) {
    if (m.signum() == 0) {
      return ZERO;
    }
    int tz = m.getLowestSetBit();
    return new Dyadic(tz == 0 ? m : m.shiftRight(tz), e + tz);
  }

  /** The exact value of a finite double. */
  public static Dyadic of(double x) {
    if (x == 0) {
      return ZERO;
    }
    if (!Double.isFinite(x)) {
      throw new IllegalArgumentException("not finite: " + x);
    }
    long bits = Double.doubleToRawLongBits(x);
    int be = (int) ((bits >>> 52) & 0x7ff);
    long m = bits & ((1L << 52) - 1);
    int e;
    if (be == 0) {
      e = -1074;
    } else {
      m |= 1L << 52;
      e = be - 1075;
    }
    return of(BigInteger.valueOf(x < 0 ? -m : m), e);
  }

  public int signum() {
    return mant.signum();
  }

  public Dyadic negate() {
    return new Dyadic(mant.negate(), exp);
  }

  public Dyadic add(Dyadic o) {
    if (o.signum() == 0) {
      return this;
    }
    if (signum() == 0) {
      return o;
    }
    int e = Math.min(exp, o.exp);
    return of(mant.shiftLeft(exp - e).add(o.mant.shiftLeft(o.exp - e)), e);
  }

  public Dyadic subtract(Dyadic o) {
    return add(o.negate());
  }

  public Dyadic multiply(Dyadic o) {
    return signum() == 0 || o.signum() == 0 ? ZERO : new Dyadic(mant.multiply(o.mant), exp + o.exp);
  }

  /** {@code this * 2^n}. */
  public Dyadic shift(int n) {
    return signum() == 0 ? ZERO : new Dyadic(mant, exp + n);
  }

  /** The odd mantissa (0 for zero). */
  public BigInteger mantissa() {
    return mant;
  }

  /** The exponent of the odd mantissa (0 for zero). */
  public int exponent() {
    return exp;
  }

  @Override
  public int compareTo(Dyadic o) {
    int s = Integer.compare(signum(), o.signum());
    if (s != 0 || signum() == 0) {
      return s;
    }
    // same sign: align the mantissas at the smaller exponent, without building a difference
    return exp >= o.exp
        ? mant.shiftLeft(exp - o.exp).compareTo(o.mant)
        : mant.compareTo(o.mant.shiftLeft(o.exp - exp));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Dyadic d && exp == d.exp && mant.equals(d.mant);
  }

  @Override
  public int hashCode() {
    return 31 * mant.hashCode() + exp;
  }

  /** The double nearest this value (ties to even): correctly rounded, subnormals included. */
  public double doubleValue() {
    return round(mant, exp, false);
  }

  /** The double nearest {@code sqrt(this)}, correctly rounded; this must not be negative. */
  public double sqrtDoubleValue() {
    if (signum() < 0) {
      throw new ArithmeticException("square root of a negative value");
    }
    if (signum() == 0) {
      return 0.0;
    }
    int[] e = new int[1];
    double t = top(mant, exp, e);
    if ((e[0] & 1) != 0) {
      t *= 2;
      e[0]--;
    }
    double r = nearestRoot(this, ONE, Math.scalb(Math.sqrt(t), e[0] / 2));
    return Double.isNaN(r) ? sqrtByIntegerRoot() : r;
  }

  private static final Dyadic ONE = new Dyadic(BigInteger.ONE, 0);

  /** |m| * 2^e as t * 2^exp[0], t holding m's top 62 bits (a double within 2^-52 of them). */
  private static double top(BigInteger m, int e, int[] exp) {
    BigInteger a = m.abs();
    int sh = Math.max(0, a.bitLength() - 62);
    exp[0] = e + sh;
    return a.shiftRight(sh).doubleValue();
  }

  /**
   * The double nearest {@code sqrt(q / den)} ({@code q >= 0}, {@code den > 0}), found from a
   * guess a few ulps off by testing the midpoints to its neighbours exactly, in squares: {@code
   * sqrt(q/den) < m} iff {@code q < m² den}. NaN when the guess is not a normal double or is
   * not near (the caller then takes the integer square root).
   */
  private static double nearestRoot(Dyadic q, Dyadic den, double guess) {
    double r = guess;
    for (int step = 0; step < 8; step++) {
      double prev = Math.nextDown(r);
      double next = Math.nextUp(r);
      if (!(prev >= Double.MIN_NORMAL) || next == Double.POSITIVE_INFINITY) {
        return Double.NaN;
      }
      Dyadic rd = of(r);
      Dyadic lo = of(prev).add(rd).shift(-1);
      int cl = q.compareTo(lo.multiply(lo).multiply(den));
      if (cl < 0) {
        r = prev;
        continue;
      }
      Dyadic hi = rd.add(of(next)).shift(-1);
      int ch = q.compareTo(hi.multiply(hi).multiply(den));
      if (ch > 0) {
        r = next;
        continue;
      }
      if (cl == 0) {
        return even(prev, r); // exactly halfway: ties to even
      }
      return ch == 0 ? even(r, next) : r;
    }
    return Double.NaN;
  }

  private static double even(double x, double y) {
    return (Double.doubleToRawLongBits(x) & 1) == 0 ? x : y;
  }

  /** {@link #sqrtDoubleValue()} by BigInteger's integer square root, for any magnitude. */
  private double sqrtByIntegerRoot() {
    BigInteger m = mant;
    int e = exp;
    if ((e & 1) != 0) {
      m = m.shiftLeft(1);
      e--;
    }
    // at least 56 bits of root: two below the 53 kept, so that the sticky bit decides alone
    int k = Math.max(0, (113 - m.bitLength() + 1) / 2);
    BigInteger big = m.shiftLeft(2 * k);
    BigInteger r = big.sqrt();
    return round(r, e / 2 - k, !r.multiply(r).equals(big));
  }

  /**
   * The double nearest {@code num / sqrt(den)}, correctly rounded ({@code den > 0}): a cosine
   * from its exact dot product and the exact product of the two squared norms.
   */
  public static double ratioOfRoot(Dyadic num, Dyadic den) {
    if (den.signum() <= 0) {
      throw new ArithmeticException("denominator must be positive");
    }
    if (num.signum() == 0) {
      return 0.0;
    }
    int[] ed = new int[1];
    int[] ep = new int[1];
    double td = top(num.mant, num.exp, ed);
    double tp = top(den.mant, den.exp, ep);
    if ((ep[0] & 1) != 0) {
      tp *= 2;
      ep[0]--;
    }
    double near = nearestRoot(num.multiply(num), den, Math.scalb(td / Math.sqrt(tp), ed[0] - ep[0] / 2));
    if (!Double.isNaN(near)) {
      return num.signum() < 0 ? -near : near;
    }
    // num² / den = md² / mp * 2^(2 ed - ep); scale md² by 2^s for a quotient of >= 113 bits
    BigInteger md2 = num.mant.multiply(num.mant);
    int s = Math.max(0, 114 + den.mant.bitLength() - md2.bitLength());
    long e2 = 2L * num.exp - den.exp - s;
    if ((e2 & 1) != 0) {
      s++;
      e2--;
    }
    BigInteger[] qr = md2.shiftLeft(s).divideAndRemainder(den.mant);
    BigInteger r = qr[0].sqrt();
    boolean sticky = qr[1].signum() != 0 || !r.multiply(r).equals(qr[0]);
    return round(num.signum() < 0 ? r.negate() : r, Math.toIntExact(e2 / 2), sticky);
  }

  /**
   * Rounds {@code (|m| + f) * 2^e} (sign of m) to the nearest double, ties to even, where {@code
   * 0 <= f < 1} and {@code sticky} says whether {@code f > 0}. With sticky set m must carry at
   * least one bit below the double's last place (callers give 56 bits or more).
   */
  static double round(BigInteger m, int e, boolean sticky) {
    int sign = m.signum();
    if (sign == 0) {
      if (sticky) {
        throw new IllegalArgumentException("no bits to round");
      }
      return 0.0;
    }
    BigInteger a = m.abs();
    int bl = a.bitLength();
    long top = (long) bl - 1 + e;
    if (top > 1023) {
      return sign * Double.POSITIVE_INFINITY;
    }
    // the exponent of the last place a double has at this magnitude (subnormals: 2^-1074)
    long lsb = Math.max(top - 52, -1074);
    long shift = lsb - e;
    double q;
    if (shift <= 0) {
      if (sticky) {
        throw new IllegalArgumentException("too few bits to round with a sticky bit");
      }
      q = a.doubleValue(); // <= 53 bits: exact
      return sign * Math.scalb(q, e);
    }
    int sh = (int) Math.min(shift, bl + 1L);
    long kept = a.shiftRight(sh).longValueExact();
    boolean half = a.testBit(sh - 1);
    boolean rest = sticky || a.getLowestSetBit() < sh - 1;
    if (half && (rest || (kept & 1) != 0)) {
      kept++;
    }
    // kept < 2^53 (or exactly 2^53 after a carry): exact, and kept * 2^lsb is representable
    return sign * Math.scalb((double) kept, (int) lsb);
  }

  @Override
  public String toString() {
    return mant + "*2^" + exp;
  }
}
