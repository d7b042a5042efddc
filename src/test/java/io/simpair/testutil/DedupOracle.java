package io.simpair.testutil;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Brute-force dedup answers, written independently of the job: every pair scored in double by
 * {@link Oracle}, components by union-find, the kept member the smallest by a given order.
 */
public final class DedupOracle {
  private DedupOracle() {}

  /** A pair i < j (or A index, B index) and its score. */
  public record Pair(int i, int j, double score) {}

  /** Every pair at or past {@code t} (cosine/dot: score >= t), all pairs i < j. */
  public static List<Pair> pairs(String metric, double[][] x, double t) {
    List<Pair> out = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      for (int j = i + 1; j < x.length; j++) {
        // the tests keep t more than 1e-9 from every score (gap), so the double formula decides
        // which side a pair is on; only the pairs kept need their exact score
        double f = Oracle.fp64Score(metric, x[i], x[j]);
        if (metric.equals("l2") ? f <= t : f >= t) {
          out.add(new Pair(i, j, Oracle.score(metric, x[i], x[j])));
        }
      }
    }
    return out;
  }

  /** The smallest distance between any score and {@code t}: a test's threshold must not sit on a score. */
  public static double gap(String metric, double[][] x, double t) {
    double g = Double.POSITIVE_INFINITY;
    for (int i = 0; i < x.length; i++) {
      for (int j = i + 1; j < x.length; j++) {
        g = Math.min(g, Math.abs(Oracle.fp64Score(metric, x[i], x[j]) - t)); // within 1e-15 of exact
      }
    }
    return g;
  }

  /** Union-find with path halving; {@link #find} gives the smallest index of the set as its root. */
  public static final class UnionFind {
    private final int[] parent;

    public UnionFind(int n) {
      parent = new int[n];
      for (int i = 0; i < n; i++) {
        parent[i] = i;
      }
    }

    public int find(int i) {
      while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
      }
      return i;
    }

    public void union(int a, int b) {
      int ra = find(a);
      int rb = find(b);
      if (ra != rb) {
        parent[Math.max(ra, rb)] = Math.min(ra, rb); // the smaller index stays the root
      }
    }
  }

  /** Each document's component label (the smallest index in it). */
  public static int[] components(int n, List<int[]> edges) {
    UnionFind uf = new UnionFind(n);
    for (int[] e : edges) {
      uf.union(e[0], e[1]);
    }
    int[] c = new int[n];
    for (int i = 0; i < n; i++) {
      c[i] = uf.find(i);
    }
    return c;
  }

  /**
   * The kept document of each document's component: the first of the component by {@code
   * keepOrder} (a total order of indices).
   */
  public static int[] keptByComponent(int n, List<Pair> pairs, Comparator<Integer> keepOrder) {
    List<int[]> edges = new ArrayList<>();
    for (Pair p : pairs) {
      edges.add(new int[] {p.i(), p.j()});
    }
    int[] c = components(n, edges);
    int[] head = new int[n];
    for (int i = 0; i < n; i++) {
      head[i] = -1;
    }
    for (int i = 0; i < n; i++) {
      int h = head[c[i]];
      if (h < 0 || keepOrder.compare(i, h) < 0) {
        head[c[i]] = i;
      }
    }
    int[] kept = new int[n];
    for (int i = 0; i < n; i++) {
      kept[i] = head[c[i]];
    }
    return kept;
  }

  /**
   * Star grouping by brute force: documents in keep order; each joins the most similar already
   * kept document it is paired with (ties: earlier in keep order), else is kept.
   */
  public static int[] star(int n, List<Pair> pairs, Comparator<Integer> keepOrder) {
    double[][] s = new double[n][n];
    for (double[] row : s) {
      java.util.Arrays.fill(row, Double.NaN);
    }
    for (Pair p : pairs) {
      s[p.i()][p.j()] = p.score();
      s[p.j()][p.i()] = p.score();
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    order.sort(keepOrder);
    int[] kept = new int[n];
    List<Integer> keptSoFar = new ArrayList<>();
    for (int d : order) {
      kept[d] = d;
      double best = Double.NEGATIVE_INFINITY;
      for (int k : keptSoFar) { // in keep order: ties go to the earlier
        if (!Double.isNaN(s[d][k]) && s[d][k] > best) {
          best = s[d][k];
          kept[d] = k;
        }
      }
      if (kept[d] == d) {
        keptSoFar.add(d);
      }
    }
    return kept;
  }

  /** Each document's most similar partner among the pairs (ties: the smaller index), or -1. */
  public static int[] nearest(int n, List<Pair> pairs) {
    int[] best = new int[n];
    double[] score = new double[n];
    java.util.Arrays.fill(best, -1);
    for (Pair p : pairs) {
      for (int side = 0; side < 2; side++) {
        int x = side == 0 ? p.i() : p.j();
        int o = side == 0 ? p.j() : p.i();
        if (best[x] < 0 || p.score() > score[x] || (p.score() == score[x] && o < best[x])) {
          best[x] = o;
          score[x] = p.score();
        }
      }
    }
    return best;
  }
}
