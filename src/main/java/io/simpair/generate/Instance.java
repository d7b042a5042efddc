package io.simpair.generate;

import io.simpair.kernel.Dyadic;
import io.simpair.kernel.ExactDot;
import io.simpair.kernel.ExactValue;
import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * A generated instance, row by row: {@link #row} computes any row from the seed and its index
 * alone, so tasks that generate disjoint row ranges together write the same file whatever the
 * partitioning. The planted pair's indices come from the seed too.
 *
 * <p>The OV kinds follow PAPER.md: p-biased bits with one planted orthogonal pair (a, b) — b's
 * ones lie where a has zeros. ov-bichromatic-msd encodes bit x of an A row as g(0)=(1,0,0),
 * g(1)=(0,1,0) and of a B row as h(0)=(1,1,0), h(1)=(1,0,1), so g(x)·h(y) = 1 - xy, |g(a)|² = L,
 * |h(b)|² = 2L and cos = (L - a·b) / (sqrt(2) L). ov-msd pools A rows (a,1,0) and B rows (b,0,1):
 * same-side pairs share a 1, so the only cosine-0 pairs are the orthogonal A x B ones.
 */
public final class Instance implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The failure probability the planted kind's union bound allows for another pair. */
  static final double PLANTED_FAILURE = 1e-6;

  private final GeneratorSpec spec;
  private final long plantA;
  private final long plantB;

  public Instance(GeneratorSpec spec) {
    this.spec = spec;
    SplittableRandom r = RowRandom.of(spec.seed(), RowRandom.PLANT, 0);
    if (spec.kind().bichromatic() || spec.kind() == Kind.OV_MSD) {
      plantA = r.nextLong(spec.n());
      plantB = r.nextLong(spec.nB());
    } else {
      long i = r.nextLong(spec.n());
      long j = r.nextLong(spec.n() - 1);
      if (j >= i) {
        j++;
      }
      plantA = Math.min(i, j);
      plantB = Math.max(i, j);
    }
  }

  public GeneratorSpec spec() {
    return spec;
  }

  /** Rows of the file of a side (0 = a, 1 = b); ov-msd writes A and B into one file. */
  public long rows(int side) {
    Kind k = spec.kind();
    if (side == 1) {
      return k.bichromatic() ? spec.nB() : 0;
    }
    return k == Kind.OV_MSD ? spec.n() + spec.nB() : spec.n();
  }

  /** Values per row of a side's file. */
  public int width(int side) {
    switch (spec.kind()) {
      case OV_BICHROMATIC_MSD:
        return 3 * spec.dim();
      case OV_MSD:
        return spec.dim() + 2;
      default:
        return spec.dim();
    }
  }

  /** The planted pair's row in a's file. */
  public long indexA() {
    return plantA;
  }

  /** The planted pair's row in its file: b's for the bichromatic kind, a's otherwise. */
  public long indexB() {
    return spec.kind() == Kind.OV_MSD ? spec.n() + plantB : plantB;
  }

  /** Whether the planted pair is the least similar (cosine 0) rather than the most similar. */
  public boolean least() {
    return spec.kind() == Kind.OV_LSD || spec.kind() == Kind.OV_MSD;
  }

  /** Whether a pair was planted (every kind but random). */
  public boolean planted() {
    return spec.kind() != Kind.RANDOM;
  }

  /** The planted pair's cosine: its exact real value rounded to the nearest double, as the pairs job reports it. */
  public double plantedScore() {
    float[] a = row(0, indexA());
    float[] b = row(spec.kind().bichromatic() ? 1 : 0, indexB());
    ExactDot e = new ExactDot();
    Dyadic dot = e.dot(a, 0, b, 0, a.length);
    Dyadic norms = e.dot(a, 0, a, 0, a.length).multiply(e.dot(b, 0, b, 0, b.length));
    return ExactValue.cosine(dot, norms).score();
  }

  /**
   * OV kinds: the expected number of orthogonal pairs besides the planted one, pairs x (1-p²)^L;
   * the planted pair is the unique one with high probability only when this is much below 1.
   */
  public double expectedOtherOrthogonal() {
    if (!spec.kind().orthogonalVectors()) {
      return 0;
    }
    double pairs = spec.kind() == Kind.OV_LSD ? spec.n() * (spec.n() - 1) / 2.0 : (double) spec.n() * spec.nB();
    return pairs * Math.pow(1 - spec.p() * spec.p(), spec.dim());
  }

  /**
   * planted: the planted cosine, the union-bound limit sqrt(2 ln(pairs/delta)/L) of every other
   * pair's cosine (a random pair of directions exceeds t with probability at most e^(-L t²/2))
   * plus the margin; 1 (a duplicate) when that reaches 1.
   */
  public double plantedTarget() {
    double pairs = spec.n() * (spec.n() - 1) / 2.0;
    double limit = Math.sqrt(2 * Math.log(pairs / PLANTED_FAILURE) / spec.dim());
    return Math.min(1.0, limit + spec.margin());
  }

  /** Row {@code i} of a side's file (0 = a, 1 = b). */
  public float[] row(int side, long i) {
    if (i < 0 || i >= rows(side)) {
      throw new IndexOutOfBoundsException("row " + i + " of " + rows(side));
    }
    switch (spec.kind()) {
      case RANDOM:
        return gaussian(RowRandom.of(spec.seed(), RowRandom.SIDE_A, i), spec.dim());
      case CLUSTERED:
        return clustered(i == plantB ? plantA : i);
      case PLANTED:
        return i == plantB ? plantedPartner() : gaussian(RowRandom.of(spec.seed(), RowRandom.SIDE_A, i), spec.dim());
      case OV_LSD:
        return toFloats(bits(0, i));
      case OV_BICHROMATIC_MSD:
        return gadget(bits(side, i), side == 0);
      case OV_MSD:
        return i < spec.n() ? flagged(bits(0, i), true) : flagged(bits(1, i - spec.n()), false);
      default:
        throw new AssertionError(spec.kind());
    }
  }

  /**
   * The OV bits of row {@code i} of side 0 (A) or 1 (B), before any encoding: p-biased, no zero
   * row for ov-lsd (its cosine would be undefined), the planted pair orthogonal.
   */
  public boolean[] bits(int side, long i) {
    boolean mono = spec.kind() == Kind.OV_LSD;
    if (mono ? i == plantB : side == 1 && i == plantB) {
      boolean[] a = bits(0, plantA);
      boolean[] b = drawBits(mono ? 0 : 1, i);
      SplittableRandom r = RowRandom.of(spec.seed(), RowRandom.PLANT, 2);
      boolean any = false;
      for (int k = 0; k < b.length; k++) {
        b[k] &= !a[k];
        any |= b[k];
      }
      if (!any) {
        b[nthFalse(a, r.nextInt(count(a, false)))] = true;
      }
      return b;
    }
    boolean[] x = drawBits(side, i);
    if (side == 0 && i == plantA && count(x, false) == 0) {
      // an all-ones row has no orthogonal partner: clear one bit
      x[RowRandom.of(spec.seed(), RowRandom.PLANT, 1).nextInt(x.length)] = false;
    }
    return x;
  }

  private boolean[] drawBits(int side, long i) {
    SplittableRandom r = RowRandom.of(spec.seed(), side == 0 ? RowRandom.SIDE_A : RowRandom.SIDE_B, i);
    boolean[] x = new boolean[spec.dim()];
    do {
      for (int k = 0; k < x.length; k++) {
        x[k] = r.nextDouble() < spec.p();
      }
    } while (spec.kind() == Kind.OV_LSD && count(x, true) == 0);
    return x;
  }

  private float[] clustered(long i) {
    SplittableRandom r = RowRandom.of(spec.seed(), RowRandom.SIDE_A, i);
    int centres = clusters();
    float[] c = gaussian(RowRandom.of(spec.seed(), RowRandom.CENTRES, r.nextInt(centres)), spec.dim());
    for (int k = 0; k < c.length; k++) {
      c[k] = (float) (c[k] + spec.p() * RowRandom.gaussian(r));
    }
    return c;
  }

  /** clustered: about sqrt(n) centres, at least 2. */
  public int clusters() {
    return (int) Math.max(2, Math.round(Math.sqrt(spec.n())));
  }

  /** planted: a + the planted cosine's rotation towards a Gaussian direction orthogonal to a. */
  private float[] plantedPartner() {
    float[] a = gaussian(RowRandom.of(spec.seed(), RowRandom.SIDE_A, plantA), spec.dim());
    double c = plantedTarget();
    if (c >= 1 || spec.dim() == 1) {
      return a;
    }
    double[] u = new double[a.length];
    SplittableRandom r = RowRandom.of(spec.seed(), RowRandom.PLANT, 3);
    double ua = 0;
    double aa = 0;
    for (int k = 0; k < a.length; k++) {
      u[k] = RowRandom.gaussian(r);
      ua += u[k] * a[k];
      aa += (double) a[k] * a[k];
    }
    double uu = 0;
    for (int k = 0; k < a.length; k++) {
      u[k] -= ua / aa * a[k];
      uu += u[k] * u[k];
    }
    double scale = Math.sqrt(aa / uu) * Math.sqrt(1 - c * c);
    float[] b = new float[a.length];
    for (int k = 0; k < a.length; k++) {
      b[k] = (float) (c * a[k] + scale * u[k]);
    }
    return b;
  }

  private static float[] gaussian(SplittableRandom r, int d) {
    float[] x = new float[d];
    for (int k = 0; k < d; k++) {
      x[k] = (float) RowRandom.gaussian(r);
    }
    return x;
  }

  private static float[] toFloats(boolean[] x) {
    float[] f = new float[x.length];
    for (int k = 0; k < x.length; k++) {
      f[k] = x[k] ? 1f : 0f;
    }
    return f;
  }

  /** g (A side) or h (B side) of every bit, three slots each. */
  static float[] gadget(boolean[] x, boolean sideA) {
    float[] f = new float[3 * x.length];
    for (int k = 0; k < x.length; k++) {
      if (sideA) {
        f[3 * k + (x[k] ? 1 : 0)] = 1f;
      } else {
        f[3 * k] = 1f;
        f[3 * k + (x[k] ? 2 : 1)] = 1f;
      }
    }
    return f;
  }

  /** (x, 1, 0) for an A row, (x, 0, 1) for a B row. */
  static float[] flagged(boolean[] x, boolean sideA) {
    float[] f = new float[x.length + 2];
    for (int k = 0; k < x.length; k++) {
      f[k] = x[k] ? 1f : 0f;
    }
    f[x.length + (sideA ? 0 : 1)] = 1f;
    return f;
  }

  private static int count(boolean[] x, boolean v) {
    int c = 0;
    for (boolean b : x) {
      c += b == v ? 1 : 0;
    }
    return c;
  }

  private static int nthFalse(boolean[] x, int n) {
    for (int k = 0; k < x.length; k++) {
      if (!x[k] && n-- == 0) {
        return k;
      }
    }
    throw new AssertionError(n);
  }
}
