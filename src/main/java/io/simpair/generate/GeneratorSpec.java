package io.simpair.generate;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code generate} makes: kind, sizes, dimension, bit probability or noise, seed, margin.
 *
 * @param kind the kind
 * @param n rows of A (the only side of a monochromatic kind), at least 2
 * @param nB rows of B for ov-bichromatic-msd and ov-msd (ignored by the other kinds)
 * @param dim L: the dimension of the OV bits, or of the dense rows
 * @param p the probability of a 1 for the OV kinds; the noise scale relative to the centres for
 *     clustered; unused otherwise
 * @param seed the seed
 * @param margin planted: how far above the union-bound limit of the other pairs' cosine the
 *     planted pair's cosine is set
 */
public record GeneratorSpec(Kind kind, long n, long nB, int dim, double p, long seed, double margin)
    implements Serializable {
  public static final double DEFAULT_P = 0.5;
  public static final double DEFAULT_NOISE = 0.25;
  public static final double DEFAULT_MARGIN = 0.05;

  public GeneratorSpec {
    if (kind == null) {
      throw new IllegalArgumentException("a kind is needed");
    }
    if (n < 2 && !(kind.bichromatic() || kind == Kind.OV_MSD)) {
      throw new IllegalArgumentException("--n must be at least 2, got " + n);
    }
    if (n < 1 || n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("--n must be between 1 and " + Integer.MAX_VALUE + ", got " + n);
    }
    if ((kind.bichromatic() || kind == Kind.OV_MSD) && (nB < 1 || nB > Integer.MAX_VALUE - n)) {
      throw new IllegalArgumentException("--n-b must be between 1 and " + (Integer.MAX_VALUE - n) + ", got " + nB);
    }
    if (dim < 1 || dim > (1 << 16)) {
      throw new IllegalArgumentException("--dim must be between 1 and 65536, got " + dim);
    }
    if (kind.orthogonalVectors() && !(p > 0 && p < 1)) {
      throw new IllegalArgumentException("--p must lie strictly between 0 and 1, got " + p);
    }
    if (kind == Kind.CLUSTERED && !(p > 0 && Double.isFinite(p))) {
      throw new IllegalArgumentException("--p (the noise scale) must be positive, got " + p);
    }
    if (kind == Kind.PLANTED && !(margin > 0 && margin <= 1)) {
      throw new IllegalArgumentException("--margin must lie in (0, 1], got " + margin);
    }
  }

  /** The parameters as answer.json's {@code "params"}. */
  public Map<String, Object> params() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n", n);
    if (kind.bichromatic() || kind == Kind.OV_MSD) {
      m.put("n_b", nB);
    }
    m.put("dim", dim);
    if (kind.orthogonalVectors() || kind == Kind.CLUSTERED) {
      m.put("p", p);
    }
    if (kind == Kind.PLANTED) {
      m.put("margin", margin);
    }
    m.put("seed", seed);
    return m;
  }
}
