package io.simpair.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simpair.kernel.ExactScore;
import io.simpair.kernel.Metric;
import io.simpair.kernel.RoundingBound;
import io.simpair.kernel.SimilarityProvider;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reducers decide most comparisons from a pair's double-precision score and its proven error
 * bound ({@link ExactScore#errorBound}) and compute exact values only where the bounds overlap.
 * These inputs are exact ties whose double-precision scores are unequal in the wrong order, so
 * a bound that is dropped, or tighter than the double's real error, hands the tie to the wrong
 * pair (or the wrong score) and the tests fail.
 */
class BoundedKeyTest {

  /** One A row against B's rows: the best pair, the top 2, and A's per-row top 1. */
  private static void check(Metric metric, double scale, double[] a, double[][] b, long wantB, double wantScore) {
    int d = a.length;
    ScoreUnits units = new ScoreUnits(metric, false, scale, RoundingBound.delta(d, 1.0, 0));
    RowBlock ba = RowBlock.allocate(0, 0, 0, 1, d, metric, scale, false);
    ba.setRow(0, null, a);
    RowBlock bb = RowBlock.allocate(1, 0, 0, b.length, d, metric, scale, false);
    for (int j = 0; j < b.length; j++) {
      bb.setRow(j, null, b[j]);
    }
    BestPairsReducer best = new BestPairsReducer(1, units);
    BestPairsReducer top2 = new BestPairsReducer(2, units);
    PerRowTopReducer perRow = new PerRowTopReducer(1, false, units);
    TileScan scan =
        new TileScan(SimilarityProvider.scalar(), null, metric, false, units, d, List.of(best, top2, perRow));
    scan.score(ba, bb, false);
    String what = metric + " " + java.util.Arrays.deepToString(b);
    PairCandidate p = best.sorted().get(0);
    assertEquals(wantB, p.b, "best pair of " + what);
    assertEquals(wantScore, p.score, "best score of " + what);
    assertEquals(wantB, top2.sorted().get(0).b, "first of the top 2 of " + what);
    assertEquals(wantScore, top2.sorted().get(1).score, "second of the top 2 of " + what);
    PairCandidate r = perRow.heaps().get(0L).sorted().get(0);
    assertEquals(wantB, r.b, "per-row top of " + what);
    assertEquals(wantScore, r.score, "per-row score of " + what);
  }

  @Test
  void dotProductsThatCancelTieExactlyWhileTheDoublesDifferByOne() {
    double[] a = {1, 1, 1};
    double[] cancels = {1e16, 1, -1e16}; // a·x = 1 exactly; in double 1e16 + 1 rounds to 1e16
    double[] plain = {0, 1, 0};
    double f = ExactScore.dot(a, 0, cancels, 0, 3);
    assertTrue(f != 1 && ExactScore.dot(a, 0, plain, 0, 3) == 1, "the double formula must miss: " + f);
    // equal real values: the smaller index wins, although its double is lower by 1
    check(Metric.DOT, 0x1p-54, a, new double[][] {cancels, plain}, 0, 1.0);
  }

  @Test
  void parallelVectorsTieAtExactlyOneWhateverTheirDoublesSay() {
    // integer rows, so 3x is exact: cos(x, 3x) = cos(x, x) = 1 in reals, not so in double
    Random r = new Random(16);
    for (int tries = 0; ; tries++) {
      double[] x = new double[8];
      double[] x3 = new double[8];
      for (int k = 0; k < 8; k++) {
        x[k] = r.nextInt(2001) - 1000;
        x3[k] = 3 * x[k];
      }
      double n = ExactScore.norm(x, 0, 8);
      double self = ExactScore.dot(x, 0, x, 0, 8) / (n * n);
      double triple = ExactScore.dot(x, 0, x3, 0, 8) / (n * ExactScore.norm(x3, 0, 8));
      if (self == 1.0000000000000002 && triple < self) {
        // the first of B ranks lower in double; exactly it ties and wins by index, at 1.0
        check(Metric.COSINE, 1, x, new double[][] {x3, x.clone()}, 0, 1.0);
        return;
      }
      assertTrue(tries < 100_000, "no adversarial row found");
    }
  }
}
