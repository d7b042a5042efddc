package io.simpair.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@link SimilaritySupport} against the scalar reference (the oracle) and against an
 * exact double-precision oracle with the rounding bound of the {@link SimilaritySupport}
 * contract.
 */
class SimilaritySupportTest {

  static final int[] DIMS = {1, 4, 7, 8, 13, 16, 31, 33, 100, 207, 384, 768, 1024, 1025};

  /** Edges that land mid-panel, on a panel, and one past a panel, for 8- and 32-wide panels. */
  static final int[] ROWS = {1, 2, 7, 8, 9, 15, 17, 31, 33, 100, 130, 513};

  /** Written into outputs before each call, and expected to survive past the tile's end. */
  static final float JUNK = 12345.5f;

  /** The Vector API one only when the module is present; without it this runs scalar twice. */
  static Stream<SimilaritySupport> implementations() {
    return Stream.of(SimilarityProvider.scalar(), SimilarityProvider.get());
  }

  private static final SimilaritySupport ORACLE = SimilarityProvider.scalar();

  static float[] random(SplittableRandom rnd, int n, float scale) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (rnd.nextDouble(-1, 1) * scale);
    }
    return x;
  }

  static float maxAbs(float[] x) {
    float m = 0f;
    if (x != null) {
      for (float v : x) {
        m = Math.max(m, Math.abs(v));
      }
    }
    return m;
  }

  static float[] junk(int n) {
    float[] x = new float[n];
    Arrays.fill(x, JUNK);
    return x;
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void dotMatchesOracle(SimilaritySupport impl) {
    SplittableRandom rnd = new SplittableRandom(7);
    for (int dim : DIMS) {
      // Offsets so that the vector loop does not start on an array start.
      float[] a = random(rnd, dim + 3, 1f);
      float[] b = random(rnd, dim + 5, 2f);
      float got = impl.dot(a, 3, b, 5, dim);
      double exact = 0;
      double abs = 0;
      for (int k = 0; k < dim; k++) {
        exact += (double) a[3 + k] * b[5 + k];
        abs += Math.abs((double) a[3 + k] * b[5 + k]);
      }
      assertEquals(exact, got, gamma(dim + 2) * abs + 1e-30, impl.name() + " dim=" + dim);
      assertEquals(ORACLE.dot(a, 3, b, 5, dim), got, 1e-5f * dim * 2f, "vs oracle, dim=" + dim);
    }
  }

  /**
   * Non-diagonal tiles, ragged on both sides; the flags (bias on A, bias on B, colMax wanted)
   * rotate through all 8 combinations across the sweep. One scorer per dimension serves tiles
   * of growing and shrinking size, so stale packed data from a bigger tile would show.
   */
  @ParameterizedTest
  @MethodSource("implementations")
  void tilesMatchOracle(SimilaritySupport impl) {
    SplittableRandom rnd = new SplittableRandom(42);
    int caseNo = 0;
    for (int dim : DIMS) {
      TileScorer scorer = impl.newTileScorer(dim);
      TileScorer oracle = ORACLE.newTileScorer(dim);
      assertEquals(dim, scorer.dim());
      for (int aRows : ROWS) {
        for (int bRows : ROWS) {
          // The 513-row edge is costly for the scalar oracle: only on small dims, or paired
          // with a thin other side.
          if ((aRows == 513 || bRows == 513) && dim > 100 && Math.min(aRows, bRows) > 9) {
            continue;
          }
          int flags = caseNo++ % 8;
          checkTile(rnd, scorer, oracle, dim, aRows, bRows, false, flags);
        }
      }
    }
  }

  /**
   * Diagonal tiles (A is B, only j > i): compared with the oracle, and the maxima with no
   * admissible pair (last row, first column) must be exactly -Infinity.
   */
  @ParameterizedTest
  @MethodSource("implementations")
  void diagonalTilesMatchOracle(SimilaritySupport impl) {
    SplittableRandom rnd = new SplittableRandom(43);
    int caseNo = 0;
    for (int dim : DIMS) {
      TileScorer scorer = impl.newTileScorer(dim);
      TileScorer oracle = ORACLE.newTileScorer(dim);
      for (int n : ROWS) {
        if (n == 513 && dim > 384) {
          continue;
        }
        checkTile(rnd, scorer, oracle, dim, n, n, true, caseNo++ % 8);
      }
    }
  }

  private static void checkTile(
      SplittableRandom rnd,
      TileScorer scorer,
      TileScorer oracle,
      int dim,
      int aRows,
      int bRows,
      boolean diagonal,
      int flags) {
    boolean withABias = (flags & 1) != 0;
    boolean withBBias = (flags & 2) != 0;
    boolean withColMax = (flags & 4) != 0;
    float[] a = random(rnd, aRows * dim, 1f);
    float[] b = diagonal ? a : random(rnd, bRows * dim, 1f);
    float[] aBias = withABias ? random(rnd, aRows, 3f) : null;
    float[] bBias = withBBias ? (diagonal && withABias ? aBias : random(rnd, bRows, 3f)) : null;
    String what =
        String.format(
            "dim=%d aRows=%d bRows=%d diagonal=%b aBias=%b bBias=%b colMax=%b",
            dim, aRows, bRows, diagonal, withABias, withBBias, withColMax);

    float[] wantRow = new float[aRows];
    float[] wantCol = new float[bRows];
    oracle.maxScores(a, aBias, aRows, b, bBias, bRows, diagonal, wantRow, wantCol);
    // Outputs are longer than needed: the slack must keep its junk.
    float[] gotRow = junk(aRows + 3);
    float[] gotCol = withColMax ? junk(bRows + 3) : null;
    scorer.maxScores(a, aBias, aRows, b, bBias, bRows, diagonal, gotRow, gotCol);

    float tol = 1e-5f * (dim + 2) * (maxAbs(a) * maxAbs(b) + maxAbs(aBias) + maxAbs(bBias));
    assertClose(wantRow, gotRow, aRows, tol, "rowMax " + what);
    if (withColMax) {
      assertClose(wantCol, gotCol, bRows, tol, "colMax " + what);
    }
    if (diagonal) {
      assertEquals(Float.NEGATIVE_INFINITY, gotRow[aRows - 1], "last row has no j > i: " + what);
      if (withColMax) {
        assertEquals(Float.NEGATIVE_INFINITY, gotCol[0], "first column has no i < j: " + what);
      }
    }
  }

  /** Within {@code tol}, and -Infinity exactly where (and only where) the oracle has it. */
  private static void assertClose(float[] want, float[] got, int n, float tol, String what) {
    for (int i = 0; i < n; i++) {
      if (want[i] == Float.NEGATIVE_INFINITY || got[i] == Float.NEGATIVE_INFINITY) {
        assertEquals(want[i], got[i], what + " at " + i + ": -Infinity must match exactly");
      } else {
        assertEquals(want[i], got[i], tol, what + " at " + i);
      }
    }
    for (int i = n; i < got.length; i++) {
      assertEquals(JUNK, got[i], what + ": wrote past the tile at " + i);
    }
  }

  /** gamma(n) = n u / (1 - n u), u = 2^-24 (Higham, section 3.1). */
  static double gamma(int n) {
    double nu = n * 0x1p-24;
    return nu / (1 - nu);
  }

  /**
   * Exact oracle: products of floats are exact in double and a sum of d+2 of them in double
   * is off by at most (d+2) 2^-53 of the absolute sum, far below the fp32 bound. Each rowMax
   * must lie within max_j gamma(d+2) (sum_k |a_ik b_jk| + |p_i| + |q_j|) of the true maximum:
   * every score is within its own bound, so the winner cannot move further.
   */
  @ParameterizedTest
  @MethodSource("implementations")
  void rowMaxWithinRoundingBound(SimilaritySupport impl) {
    SplittableRandom rnd = new SplittableRandom(5);
    for (int dim : new int[] {1, 7, 33, 207, 384, 1025}) {
      for (boolean diagonal : new boolean[] {false, true}) {
        int aRows = 37;
        int bRows = diagonal ? aRows : 71;
        // Mixed magnitudes and a bias that dwarfs the dot product make cancellation likely.
        float[] a = new float[aRows * dim];
        for (int i = 0; i < a.length; i++) {
          a[i] = (float) (rnd.nextDouble(-1, 1) * Math.pow(2, rnd.nextInt(-8, 9)));
        }
        float[] b = diagonal ? a : random(rnd, bRows * dim, 10f);
        float[] aBias = random(rnd, aRows, 1000f);
        float[] bBias = diagonal ? aBias : random(rnd, bRows, 1000f);
        float[] rowMax = junk(aRows);
        float[] colMax = junk(bRows);
        impl.newTileScorer(dim)
            .maxScores(a, aBias, aRows, b, bBias, bRows, diagonal, rowMax, colMax);

        double g = gamma(dim + 2);
        double[] colTrue = new double[bRows];
        double[] colBound = new double[bRows];
        Arrays.fill(colTrue, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < aRows; i++) {
          double best = Double.NEGATIVE_INFINITY;
          double bound = 0;
          for (int j = diagonal ? i + 1 : 0; j < bRows; j++) {
            double s = (double) aBias[i] + bBias[j];
            double abs = Math.abs((double) aBias[i]) + Math.abs((double) bBias[j]);
            for (int k = 0; k < dim; k++) {
              double prod = (double) a[i * dim + k] * b[j * dim + k];
              s += prod;
              abs += Math.abs(prod);
            }
            double e = g * abs + (dim + 2) * 0x1p-53 * abs;
            best = Math.max(best, s);
            bound = Math.max(bound, e);
            colTrue[j] = Math.max(colTrue[j], s);
            colBound[j] = Math.max(colBound[j], e);
          }
          String what = impl.name() + " dim=" + dim + " diagonal=" + diagonal + " row " + i;
          if (best == Double.NEGATIVE_INFINITY) {
            assertEquals(Float.NEGATIVE_INFINITY, rowMax[i], what);
          } else if (!(Math.abs(rowMax[i] - best) <= bound)) {
            fail(what + ": got " + rowMax[i] + ", true " + best + ", bound " + bound);
          }
        }
        for (int j = 0; j < bRows; j++) {
          String what = impl.name() + " dim=" + dim + " diagonal=" + diagonal + " col " + j;
          if (colTrue[j] == Double.NEGATIVE_INFINITY) {
            assertEquals(Float.NEGATIVE_INFINITY, colMax[j], what);
          } else if (!(Math.abs(colMax[j] - colTrue[j]) <= colBound[j])) {
            fail(what + ": got " + colMax[j] + ", true " + colTrue[j] + ", bound " + colBound[j]);
          }
        }
      }
    }
  }

  /** A clearly best pair planted in noise is found at its row and column. */
  @ParameterizedTest
  @MethodSource("implementations")
  void plantedPairWins(SimilaritySupport impl) {
    SplittableRandom rnd = new SplittableRandom(11);
    int dim = 96;
    int n = 300;
    float[] a = random(rnd, n * dim, 0.1f);
    int pi = 123;
    int pj = 257;
    for (int k = 0; k < dim; k++) {
      a[pi * dim + k] = 1f;
      a[pj * dim + k] = 1f;
    }
    float[] rowMax = junk(n);
    float[] colMax = junk(n);
    impl.newTileScorer(dim).maxScores(a, null, n, a, null, n, true, rowMax, colMax);
    assertEquals(argMax(rowMax), pi);
    assertEquals(argMax(colMax), pj);
    assertEquals(dim, rowMax[pi], 1e-3f);
  }

  private static int argMax(float[] x) {
    int best = 0;
    for (int i = 1; i < x.length; i++) {
      if (x[i] > x[best]) {
        best = i;
      }
    }
    return best;
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void emptySidesGiveMinusInfinity(SimilaritySupport impl) {
    TileScorer scorer = impl.newTileScorer(5);
    float[] a = random(new SplittableRandom(1), 15, 1f);
    float[] rowMax = junk(3);
    float[] colMax = junk(2);
    scorer.maxScores(a, null, 3, new float[0], null, 0, false, rowMax, colMax);
    assertTrue(Arrays.equals(rowMax, new float[] {Float.NEGATIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}), Arrays.toString(rowMax));
    assertEquals(JUNK, colMax[0]);
    scorer.maxScores(new float[0], null, 0, a, null, 2, false, rowMax, colMax);
    assertEquals(Float.NEGATIVE_INFINITY, colMax[0]);
    assertEquals(Float.NEGATIVE_INFINITY, colMax[1]);
    // A 1 x 1 diagonal tile has no admissible pair at all.
    scorer.maxScores(a, null, 1, a, null, 1, true, rowMax, colMax);
    assertEquals(Float.NEGATIVE_INFINITY, rowMax[0]);
    assertEquals(Float.NEGATIVE_INFINITY, colMax[0]);
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void rejectsBadArguments(SimilaritySupport impl) {
    assertThrows(IllegalArgumentException.class, () -> impl.newTileScorer(0));
    TileScorer s = impl.newTileScorer(4);
    float[] a = new float[8];
    float[] b = new float[12];
    float[] out = new float[3];
    assertThrows(IllegalArgumentException.class,
        () -> s.maxScores(a, null, 3, b, null, 3, false, out, null)); // a too short
    assertThrows(IllegalArgumentException.class,
        () -> s.maxScores(a, null, 2, b, new float[2], 3, false, out, null)); // bBias short
    assertThrows(IllegalArgumentException.class,
        () -> s.maxScores(a, null, 2, b, null, 3, false, out, new float[2])); // colMax short
    assertThrows(IllegalArgumentException.class,
        () -> s.maxScores(b, null, 3, b, null, 2, true, out, null)); // diagonal, rows differ
    // a diagonal tile may pair differently transformed copies of the same rows (the
    // least-similar search negates A): admissibility is by index, j > i
    float[] rows = {1, 2, 3, 4, -1, 0.5f, 2, 2, 0, 1, -3, 1};
    float[] neg = rows.clone();
    for (int k = 0; k < neg.length; k++) {
      neg[k] = -neg[k];
    }
    float[] negMax = new float[3];
    s.maxScores(neg, null, 3, rows, null, 3, true, negMax, null);
    for (int i = 0; i < 3; i++) {
      float want = Float.NEGATIVE_INFINITY;
      for (int j = i + 1; j < 3; j++) {
        float d = 0;
        for (int k = 0; k < 4; k++) {
          d += -rows[4 * i + k] * rows[4 * j + k];
        }
        want = Math.max(want, d);
      }
      assertEquals(want, negMax[i], 0f, "row " + i);
    }
    assertThrows(IllegalArgumentException.class, () -> impl.dot(a, 5, b, 0, 4));
  }
}
