package io.simpair.baseline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SimHash with banding (Charikar, STOC 2002): bit t of a row is sign(<r_t, x>), r_t Gaussian, and
 * Pr[bits agree] = 1 - angle/pi. {@value #BANDS} bands of r bits each; a row of B is a candidate
 * of a query when one band matches completely. r is the smallest (at most {@value #MAX_ROWS})
 * whose band collisions, counted on the data, stay within {@value #SLACK} x the budget, so the
 * candidates come near the budget on any input; they are ranked by Hamming distance over all
 * bits and each query's {@code budget} closest scored exactly.
 */
public final class SimHash implements Baseline {
  static final int BANDS = 8;
  static final int MAX_ROWS = 24;
  static final int SLACK = 4;

  @Override
  public String name() {
    return "simhash";
  }

  @Override
  public String run(PairProblem p, int budget, long seed, ScoredPairs out) {
    Signatures sig = new Signatures(p, seed);
    int r = sig.rows(budget);
    long[][] db = sig.keys(sig.db, r);
    long[][] qs = sig.keys(sig.queries, r);
    List<Map<Long, List<Integer>>> buckets = new ArrayList<>();
    for (int band = 0; band < BANDS; band++) {
      Map<Long, List<Integer>> m = new HashMap<>();
      for (int j = 0; j < db.length; j++) {
        m.computeIfAbsent(db[j][band], k -> new ArrayList<>()).add(j);
      }
      buckets.add(m);
    }
    RankedCandidates ranked = new RankedCandidates(budget);
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int i = 0; i < qs.length; i++) {
      seen.clear();
      for (int band = 0; band < BANDS; band++) {
        for (int j : buckets.get(band).getOrDefault(qs[i][band], List.of())) {
          if (p.allowed(i, j) && seen.add(j)) {
            ranked.offer(j, -hamming(sig.queries[i], sig.db[j]));
          }
        }
      }
      ranked.scoreInto(i, out);
    }
    return String.format(Locale.ROOT, "bands=%d rows=%d (bits=%d, rows chosen from the data), Hamming-ranked", BANDS, r, BANDS * r);
  }

  /** The sign bits of every row of B and every query, {@value #MAX_ROWS} per band. */
  private static final class Signatures {
    final PairProblem p;
    final boolean[][] db;
    final boolean[][] queries;

    Signatures(PairProblem p, long seed) {
      this.p = p;
      double[][] planes = Gaussians.matrix(BANDS * MAX_ROWS, p.dim(), seed);
      db = signs(Gaussians.project(p.b(), planes));
      double[][] q = new double[p.a().length][];
      for (int i = 0; i < q.length; i++) {
        q[i] = p.query(i);
      }
      queries = signs(Gaussians.project(q, planes));
    }

    /** The smallest r whose colliding (query, row) pairs over all bands are within the slack. */
    int rows(int budget) {
      long limit = (long) SLACK * budget * p.a().length;
      int r = 1;
      while (r < MAX_ROWS && collisions(r) > limit) {
        r++;
      }
      return r;
    }

    long collisions(int r) {
      long[][] kq = keys(queries, r);
      long[][] kd = keys(db, r);
      long total = 0;
      for (int band = 0; band < BANDS; band++) {
        Map<Long, long[]> counts = new HashMap<>();
        for (long[] k : kq) {
          counts.computeIfAbsent(k[band], x -> new long[2])[0]++;
        }
        for (long[] k : kd) {
          counts.computeIfAbsent(k[band], x -> new long[2])[1]++;
        }
        // a query never pairs with itself: monochromatic most-similar buckets hold c(c-1) candidates
        boolean self = p.monochromatic() && !p.least();
        for (long[] c : counts.values()) {
          total += self ? c[0] * (c[0] - 1) : c[0] * c[1];
        }
      }
      return total;
    }

    long[][] keys(boolean[][] bits, int r) {
      long[][] k = new long[bits.length][BANDS];
      for (int i = 0; i < bits.length; i++) {
        for (int band = 0; band < BANDS; band++) {
          long key = 0;
          for (int t = 0; t < r; t++) {
            key = (key << 1) | (bits[i][band * MAX_ROWS + t] ? 1 : 0);
          }
          k[i][band] = key;
        }
      }
      return k;
    }
  }

  private static boolean[][] signs(double[][] proj) {
    boolean[][] s = new boolean[proj.length][proj[0].length];
    for (int i = 0; i < proj.length; i++) {
      for (int t = 0; t < proj[i].length; t++) {
        s[i][t] = proj[i][t] >= 0;
      }
    }
    return s;
  }

  private static int hamming(boolean[] x, boolean[] y) {
    int h = 0;
    for (int t = 0; t < x.length; t++) {
      h += x[t] != y[t] ? 1 : 0;
    }
    return h;
  }
}
