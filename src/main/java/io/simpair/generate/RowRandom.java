package io.simpair.generate;

import java.util.SplittableRandom;

/**
 * Per-row random streams: row {@code i} of stream {@code s} draws from its own generator seeded
 * by a mix of (seed, stream, i), so a row's values depend on nothing but its index and the seed,
 * whichever task generates it.
 */
final class RowRandom {
  /** Streams: one per side and purpose, so that no two draw the same numbers. */
  static final long SIDE_A = 1;
  static final long SIDE_B = 2;
  static final long CENTRES = 3;
  static final long PLANT = 4;

  private RowRandom() {}

  static SplittableRandom of(long seed, long stream, long index) {
    return new SplittableRandom(mix(mix(mix(seed) ^ stream) ^ index));
  }

  /** SplitMix64's finaliser (Steele, Lea, Flood 2014): a bijection that spreads every input bit. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** A standard Gaussian by Box-Muller (SplittableRandom has none). */
  static double gaussian(SplittableRandom r) {
    double u = 1.0 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
