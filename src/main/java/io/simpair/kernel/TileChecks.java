package io.simpair.kernel;

/** Argument checks shared by the {@link TileScorer} implementations, so both fail alike. */
final class TileChecks {

  private TileChecks() {}

  static void checkDim(int dim) {
    if (dim < 1) {
      throw new IllegalArgumentException("dim must be >= 1, got " + dim);
    }
  }

  static void checkRange(String name, float[] x, int offset, int length) {
    if (offset < 0 || length < 0 || (long) offset + length > x.length) {
      throw new IllegalArgumentException(
          name + "[" + offset + ".." + ((long) offset + length) + ") is out of bounds for length "
              + x.length);
    }
  }

  /** Checks the arguments of {@link TileScorer#maxScores}; see there for the contract. */
  static void checkTile(
      int dim,
      float[] a,
      float[] aBias,
      int aRows,
      float[] b,
      float[] bBias,
      int bRows,
      boolean diagonal,
      float[] rowMax,
      float[] colMax) {
    if (aRows < 0 || bRows < 0) {
      throw new IllegalArgumentException("negative row count: aRows=" + aRows + ", bRows=" + bRows);
    }
    checkRange("a", a, 0, Math.multiplyExact(aRows, dim));
    checkRange("b", b, 0, Math.multiplyExact(bRows, dim));
    if (aBias != null) {
      checkRange("aBias", aBias, 0, aRows);
    }
    if (bBias != null) {
      checkRange("bBias", bBias, 0, bRows);
    }
    checkRange("rowMax", rowMax, 0, aRows);
    if (colMax != null) {
      checkRange("colMax", colMax, 0, bRows);
    }
    if (diagonal && aRows != bRows) {
      throw new IllegalArgumentException(
          "diagonal tile needs aRows == bRows, got aRows=" + aRows + ", bRows=" + bRows);
    }
  }
}
