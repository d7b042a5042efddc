package io.simpair.baseline;

import java.util.Locale;

/**
 * A Johnson-Lindenstrauss projection to {@value #DIMENSIONS} Gaussian directions, an exhaustive
 * search there (every pair's projected cosine: n² · k work, so still quadratic, only cheaper per
 * pair), and each query's {@code budget} best projected candidates re-scored exactly.
 */
public final class LowDim implements Baseline {
  static final int DIMENSIONS = 16;

  @Override
  public String name() {
    return "lowdim";
  }

  @Override
  public String run(PairProblem p, int budget, long seed, ScoredPairs out) {
    double[][] r = Gaussians.matrix(DIMENSIONS, p.dim(), seed);
    double[][] db = normalised(Gaussians.project(p.b(), r));
    RankedCandidates.exhaustive(p, budget, db, q -> normalised(Gaussians.project(new double[][] {q}, r))[0], out);
    return String.format(Locale.ROOT, "k=%d Gaussian projection, exhaustive projected cosine, top %d re-scored", DIMENSIONS, budget);
  }

  private static double[][] normalised(double[][] x) {
    for (double[] row : x) {
      double s = Math.sqrt(PairProblem.dot(row, row));
      for (int k = 0; k < row.length; k++) {
        row[k] = s > 0 ? row[k] / s : 0;
      }
    }
    return x;
  }
}
