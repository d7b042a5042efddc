package io.simpair.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simpair.kernel.Metric;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** HistogramReducer and ThresholdCountsReducer against brute force: edges, bins, merges in any order. */
class CalibrationReducersTest {
  private static final ScoreUnits UNITS = new ScoreUnits(Metric.COSINE, false, 1, 1e-6);

  @Test
  void cosineEdgesAreTheDecimalValuesAndTheEndsExact() {
    double[] e = HistogramReducer.edges(-1, 1, 200);
    assertEquals(201, e.length);
    for (int i = 0; i <= 200; i++) {
      assertEquals(new BigDecimal(i - 100).movePointLeft(2).doubleValue(), e[i], "edge " + i);
    }
    assertEquals(0.9, e[190]);
    double[] odd = HistogramReducer.edges(-3.7, 11.3, 7);
    assertEquals(-3.7, odd[0]);
    assertEquals(11.3, odd[7]);
    for (int i = 0; i < 7; i++) {
      assertTrue(odd[i] < odd[i + 1], "increasing at " + i);
    }
  }

  /** The bin by linear search over the edges: the largest i with edges[i] <= s, clamped to the ends. */
  private static int linearBin(double[] e, double s) {
    int bin = 0;
    for (int i = 0; i < e.length - 1; i++) {
      if (s >= e[i]) {
        bin = i;
      }
    }
    return bin;
  }

  @Test
  void everyScoreLandsInTheBinItsEdgesSay() {
    Random r = new Random(7);
    for (int bins : new int[] {1, 2, 3, 7, 200, 1000}) {
      for (double[] range : new double[][] {{-1, 1}, {0, 3.3}, {-0.37, 0.37}, {-1e-3, 2e5}}) {
        double[] e = HistogramReducer.edges(range[0], range[1], bins);
        HistogramReducer h = new HistogramReducer(range[0], range[1], bins);
        long[] expected = new long[bins];
        List<Double> scores = new ArrayList<>();
        for (double edge : e) {
          scores.add(edge); // exactly on an edge: the bin it opens (the top one: the last bin)
          scores.add(Math.nextDown(edge));
          scores.add(Math.nextUp(edge));
        }
        for (int k = 0; k < 2000; k++) {
          scores.add(range[0] + (range[1] - range[0]) * (r.nextDouble() * 1.02 - 0.01));
        }
        for (double s : scores) {
          int b = linearBin(e, s);
          expected[b]++;
          h.offer(0, 1, s, s);
          if (s >= e[0] && s < e[bins]) {
            assertTrue(e[b] <= s && s < e[b + 1], s + " in bin " + b);
          }
        }
        assertArrayEquals(expected, h.counts(), bins + " bins over " + range[0] + ".." + range[1]);
        assertEquals(scores.size(), java.util.Arrays.stream(h.counts()).sum(), "nothing dropped");
      }
    }
  }

  @Test
  void histogramsAndThresholdCountsMergedInAnyOrderAreTheBruteForce() {
    double[] thresholds = {0.9, 0.5, -0.25, 1, 1.5};
    for (int seed = 0; seed < 8; seed++) {
      Random r = new Random(seed);
      int n = 500 + r.nextInt(500);
      double[] scores = new double[n];
      for (int k = 0; k < n; k++) {
        // a few exact repeats so that ties with the thresholds and edges occur
        scores[k] = r.nextInt(4) == 0 ? thresholds[r.nextInt(thresholds.length)] : r.nextDouble() * 2 - 1;
      }
      long[] expectedBins = new long[50];
      long[] expectedCounts = new long[thresholds.length];
      double[] e = HistogramReducer.edges(-1, 1, 50);
      for (double s : scores) {
        expectedBins[linearBin(e, s)]++;
        for (int t = 0; t < thresholds.length; t++) {
          if (s >= thresholds[t]) {
            expectedCounts[t]++;
          }
        }
      }
      int parts = 1 + r.nextInt(6);
      List<HistogramReducer> hs = new ArrayList<>();
      List<ThresholdCountsReducer> cs = new ArrayList<>();
      for (int p = 0; p < parts; p++) {
        hs.add(new HistogramReducer(-1, 1, 50));
        cs.add(new ThresholdCountsReducer(thresholds, UNITS));
      }
      for (double s : scores) {
        int p = r.nextInt(parts);
        hs.get(p).offer(0, 1, s, s);
        cs.get(p).offer(0, 1, s, s);
      }
      Collections.shuffle(hs, r);
      Collections.shuffle(cs, r);
      // a random merge tree: repeatedly merge two random partials
      while (hs.size() > 1) {
        int i = r.nextInt(hs.size());
        HistogramReducer a = hs.remove(i);
        int j = r.nextInt(hs.size());
        hs.set(j, r.nextBoolean() ? a.merge(hs.get(j)) : hs.get(j).merge(a));
        ThresholdCountsReducer c = cs.remove(i);
        cs.set(j, r.nextBoolean() ? c.merge(cs.get(j)) : cs.get(j).merge(c));
      }
      assertArrayEquals(expectedBins, hs.get(0).counts(), "seed " + seed);
      assertArrayEquals(expectedCounts, cs.get(0).counts(), "seed " + seed);
    }
  }

  @Test
  void thresholdCountsFloorIsTheLoosestThresholdsKernelFloor() {
    ThresholdCountsReducer c = new ThresholdCountsReducer(new double[] {0.9, 0.3, 0.7}, UNITS);
    assertEquals(UNITS.kernelFloor(0.3), c.rowFloor(0));
    assertEquals(Double.NEGATIVE_INFINITY, new HistogramReducer(-1, 1, 10).rowFloor(0));
  }
}
