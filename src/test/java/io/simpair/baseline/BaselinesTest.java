package io.simpair.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simpair.testutil.RandomData;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every driver-side baseline finds a duplicated pair on an easy input and keeps to its budget. */
class BaselinesTest {

  static float[][] gaussian(int n, int d, long seed) {
    return RandomData.gaussian(seed, n, d);
  }

  static Baseline of(String name) {
    switch (name) {
      case "simhash":
        return new SimHash();
      case "performer":
        return new Performer();
      default:
        return new LowDim();
    }
  }

  @ParameterizedTest(name = "{0} budget {1} n={2}")
  @CsvSource({"simhash, 8, 301", "simhash, 2, 500", "performer, 8, 301", "performer, 3, 257", "lowdim, 8, 301", "lowdim, 1, 400"})
  void findsTheDuplicateWithinBudget(String method, int budget, int n) {
    float[][] x = gaussian(n, 48, n);
    x[n - 7] = x[11].clone();
    PairProblem p = PairProblem.of(x, null, false);
    ScoredPairs out = new ScoredPairs(p);
    of(method).run(p, budget, 3, out);
    assertTrue(out.count() <= (long) budget * n, out.count() + " pairs scored, budget " + budget * n);
    assertTrue(out.count() >= n / 2, "scored only " + out.count());
    ScoredPairs.Pair best = out.top(1).get(0);
    assertEquals(11, best.i());
    assertEquals(n - 7, best.j());
    assertEquals(1.0, best.score(), 1e-12);
  }

  @ParameterizedTest(name = "{0} least, bichromatic")
  @CsvSource({"simhash", "performer", "lowdim"})
  void findsTheOppositePairInLeastMode(String method) {
    float[][] a = gaussian(200, 32, 1);
    float[][] b = gaussian(150, 32, 2);
    for (int k = 0; k < 32; k++) {
      b[40][k] = -a[17][k];
    }
    PairProblem p = PairProblem.of(a, b, true);
    ScoredPairs out = new ScoredPairs(p);
    of(method).run(p, 4, 5, out);
    assertTrue(out.count() <= 4L * 200);
    List<ScoredPairs.Pair> top = out.top(1);
    assertEquals(17, top.get(0).i());
    assertEquals(40, top.get(0).j());
    assertEquals(-1.0, top.get(0).score(), 1e-12);
  }

  @ParameterizedTest(name = "favor+ features estimate exp(cos), cos={0}")
  @CsvSource({"0.9", "0.3", "-0.5"})
  void favorFeaturesAreUnbiasedOnAverage(double cos) {
    int d = 16;
    double[] x = new double[d];
    double[] y = new double[d];
    x[0] = 1;
    y[0] = cos;
    y[1] = Math.sqrt(1 - cos * cos);
    double sum = 0;
    int trials = 200;
    for (int t = 0; t < trials; t++) {
      double[][] w = Performer.orthogonalFeatures(Performer.FEATURES, d, t);
      double[][] phi = Performer.features(new double[][] {x, y}, w, 1.0);
      sum += PairProblem.dot(phi[0], phi[1]);
    }
    double want = Math.exp(cos);
    assertEquals(want, sum / trials, 0.25 * want);
  }
}
