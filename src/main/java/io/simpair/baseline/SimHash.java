package io.simpair.baseline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SimHash with banding (Charikar, STOC 2002): bit t of a row is sign(<r_t, x>), r_t Gaussian, and
 * Pr[bits agree] = 1 - angle/pi. {@value #BANDS} bands of r bits each; a row of B is a candidate
 * of a query when one band matches completely. r is chosen so that a random pair collides in
 * about {@code budget} candidates per query (n · bands · 2^-r = budget); the candidates are
 * ranked by their Hamming distance over all bits and the {@code budget} closest scored exactly.
 */
public final class SimHash implements Baseline {
  static final int BANDS = 8;

  @Override
  public String name() {
    return "simhash";
  }

  /** Bits per band for a database of n rows. */
  static int rowsPerBand(int n, int budget) {
    double r = Math.log((double) n * BANDS / budget) / Math.log(2);
    return (int) Math.max(1, Math.min(62, Math.round(r)));
  }

  @Override
  public String parameters(PairProblem p, int budget) {
    return String.format(Locale.ROOT, "bands=%d rows=%d (bits=%d), Hamming-ranked", BANDS, rowsPerBand(p.b().length, budget),
        BANDS * rowsPerBand(p.b().length, budget));
  }

  @Override
  public void run(PairProblem p, int budget, long seed, ScoredPairs out) {
    int r = rowsPerBand(p.b().length, budget);
    double[][] planes = Gaussians.matrix(BANDS * r, p.dim(), seed);
    long[][] db = signatures(Gaussians.project(p.b(), planes), r);
    List<Map<Long, List<Integer>>> buckets = new ArrayList<>();
    for (int band = 0; band < BANDS; band++) {
      Map<Long, List<Integer>> m = new HashMap<>();
      for (int j = 0; j < db.length; j++) {
        m.computeIfAbsent(db[j][band], k -> new ArrayList<>()).add(j);
      }
      buckets.add(m);
    }
    double[][] queries = new double[p.a().length][];
    for (int i = 0; i < queries.length; i++) {
      queries[i] = p.query(i);
    }
    long[][] qs = signatures(Gaussians.project(queries, planes), r);
    RankedCandidates ranked = new RankedCandidates(budget);
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int i = 0; i < qs.length; i++) {
      seen.clear();
      for (int band = 0; band < BANDS; band++) {
        for (int j : buckets.get(band).getOrDefault(qs[i][band], List.of())) {
          if (p.allowed(i, j) && seen.add(j)) {
            ranked.offer(j, -hamming(qs[i], db[j]));
          }
        }
      }
      ranked.scoreInto(i, out);
    }
  }

  /** Band keys: r sign bits per band packed into a long. */
  static long[][] signatures(double[][] proj, int r) {
    long[][] s = new long[proj.length][BANDS];
    for (int i = 0; i < proj.length; i++) {
      for (int band = 0; band < BANDS; band++) {
        long key = 0;
        for (int t = 0; t < r; t++) {
          key = (key << 1) | (proj[i][band * r + t] >= 0 ? 1 : 0);
        }
        s[i][band] = key;
      }
    }
    return s;
  }

  private static int hamming(long[] x, long[] y) {
    int h = 0;
    for (int band = 0; band < x.length; band++) {
      h += Long.bitCount(x[band] ^ y[band]);
    }
    return h;
  }
}
