package io.simpair.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simpair.kernel.Metric;
import io.simpair.kernel.SimilarityProvider;
import io.simpair.testutil.OvInstances;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The OV head's outputs and firing rows read off the scan's statistics against the paper's
 * formula in double precision, one input (self term) and A against B (none), with the block
 * summaries merged in shuffled orders.
 */
class AttentionSummaryTest {

  @Test
  void ovHeadOneInput() {
    for (int planted : new int[] {0, 1, 3}) {
      float[][] x = OvInstances.generate(40 + planted, 50, 14, planted);
      check("planted " + planted, x, null, OvInstances.headOutputs(x));
    }
  }

  @Test
  void ovHeadAgainstB() {
    float[][] x = OvInstances.generate(5, 21, 12, 0);
    float[][] y = OvInstances.generate(6, 30, 12, 0);
    OvInstances.plantAcross(x, y, 7);
    double n = x.length;
    double[] want = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double num = 0;
      double den = 1; // the zero token
      for (float[] v : y) {
        double dot = 0;
        double norm = 0;
        for (int k = 0; k < v.length; k++) {
          dot += x[i][k] * v[k];
          norm += v[k];
        }
        double w = Math.pow(n, -3 * dot);
        num += w * norm;
        den += w;
      }
      want[i] = num / den;
    }
    check("A x B", x, y, want);
  }

  private static void check(String what, float[][] x, float[][] y, double[] want) {
    int n = x.length;
    double beta = 3 * Math.log(n);
    Random rnd = new Random(n);
    Map<Long, AttentionStats> st = AttentionScanTest.scanAt(
        x, y, Metric.DOT, true, 16, AttentionValues.NORM1, SimilarityProvider.get(), rnd, new double[] {beta});
    double threshold = 1.0 / (n + 1);
    double kps = beta / st.values().iterator().next().coef[0];
    List<AttentionSummary> parts = new ArrayList<>();
    for (AttentionStats s : st.values()) {
      parts.add(AttentionSummary.of(s, new double[] {beta}, kps, y == null ? n - 1 : y.length, threshold, y == null));
    }
    Collections.shuffle(parts, rnd);
    AttentionSummary all = parts.get(0);
    for (int k = 1; k < parts.size(); k++) {
      all = parts.get(k).merge(all);
    }
    double max = 0;
    List<Long> fire = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      max = Math.max(max, want[i]);
      if (want[i] >= threshold) {
        fire.add((long) i);
      }
    }
    assertEquals(max, all.maxOutput[0], 1e-9 * max, what + ": max output");
    assertEquals(fire.size(), all.firing[0], what + ": firing rows");
    assertArrayEquals(fire.stream().mapToLong(Long::longValue).toArray(), all.firingRows[0], what + ": firing rows");
    assertEquals(n, all.rows);
  }
}
