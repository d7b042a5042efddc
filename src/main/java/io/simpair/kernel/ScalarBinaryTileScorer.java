package io.simpair.kernel;

/**
 * Reference {@link BinaryTileScorer}: one {@code Long.bitCount} loop per pair. The JIT turns
 * {@code Long.bitCount} into {@code popcnt}; on JDK 25 it also vectorises the loop. It is the
 * fallback when the Vector API or its lanewise {@code BIT_COUNT} (JDK 19+) is absent.
 */
final class ScalarBinaryTileScorer extends AbstractBinaryTileScorer {

  ScalarBinaryTileScorer(int bits, BinaryScore score) {
    super(bits, score);
  }

  @Override
  public String name() {
    return "scalar-binary(Long.bitCount)";
  }

  @Override
  void scan(long[] a, int aRows, long[] b, int bRows, boolean diagonal) {
    for (int i = 0; i < aRows; i++) {
      for (int j = diagonal ? i + 1 : 0; j < bRows; j++) {
        consider(i, j, andCount(a, i * words, b, j * words, words));
      }
    }
  }
}
