package io.simpair.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Star grouping streamed in order against a brute-force greedy over the whole pair list. */
class StarAssignmentTest {
  record E(int later, int earlier, double score) {}

  /**
   * Brute force: for each document in keep order, look at every kept one before it; join the
   * most similar paired one (ties: the earlier), else stay kept.
   */
  static int[] greedy(int n, List<E> pairs) {
    double[][] s = new double[n][n];
    for (double[] row : s) {
      Arrays.fill(row, Double.NaN);
    }
    for (E e : pairs) {
      s[e.later()][e.earlier()] = e.score();
    }
    int[] group = new int[n];
    for (int d = 0; d < n; d++) {
      group[d] = d;
      double best = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < d; k++) {
        if (group[k] == k && !Double.isNaN(s[d][k]) && s[d][k] > best) {
          best = s[d][k];
          group[d] = k;
        }
      }
    }
    return group;
  }

  static int[] streamed(int n, List<E> pairs) {
    List<E> sorted = new ArrayList<>(pairs);
    sorted.sort(Comparator.comparingInt(E::later).thenComparingDouble(e -> -e.score()).thenComparingInt(E::earlier));
    StarAssignment star = new StarAssignment();
    for (E e : sorted) {
      star.offer(e.later(), e.earlier(), e.score());
    }
    int[] group = new int[n];
    for (int d = 0; d < n; d++) {
      group[d] = d;
    }
    long[] m = star.removedRanks();
    long[] k = star.keptRanks();
    for (int i = 0; i < m.length; i++) {
      group[(int) m[i]] = (int) k[i];
    }
    return group;
  }

  static List<E> randomPairs(Random r, int n, double p, int distinctScores) {
    List<E> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        if (r.nextDouble() < p) {
          out.add(new E(i, j, r.nextInt(distinctScores) / (double) distinctScores));
        }
      }
    }
    return out;
  }

  @Test
  void streamedGreedyIsTheBruteForceOnRandomGraphsChainsAndStars() {
    Random r = new Random(3);
    for (int t = 0; t < 60; t++) {
      int n = 1 + r.nextInt(60);
      List<E> pairs = randomPairs(r, n, r.nextDouble() * 0.3, 1 + r.nextInt(5)); // few scores: ties
      assertArrayEquals(greedy(n, pairs), streamed(n, pairs), "graph " + t);
    }
    List<E> chain = new ArrayList<>();
    for (int i = 1; i < 50; i++) {
      chain.add(new E(i, i - 1, 0.95));
    }
    int[] g = streamed(50, chain);
    assertArrayEquals(greedy(50, chain), g);
    assertEquals(0, g[1]);
    assertEquals(2, g[2], "no chains: 2 is paired only with the removed 1, so it is kept");
    List<E> star = new ArrayList<>();
    for (int i = 1; i < 30; i++) {
      star.add(new E(i, 0, 0.9));
    }
    int[] s = streamed(30, star);
    for (int i = 0; i < 30; i++) {
      assertEquals(0, s[i]);
    }
  }

  @Test
  void pairsOutOfOrderAreRefused() {
    StarAssignment star = new StarAssignment();
    star.offer(5, 1, 0.9);
    assertThrows(IllegalArgumentException.class, () -> star.offer(4, 1, 0.9));
    assertThrows(IllegalArgumentException.class, () -> star.offer(6, 6, 0.9));
  }
}
