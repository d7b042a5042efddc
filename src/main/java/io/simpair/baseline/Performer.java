package io.simpair.baseline;

import java.util.Locale;

/**
 * Performer's FAVOR+ positive random features (Choromanski et al., arXiv 2009.14794):
 * exp(<x,y>) = E_w[e^(<w,x> - |x|²/2) e^(<w,y> - |y|²/2)], w ~ N(0, I) in orthogonal blocks (rows
 * of a block Gram-Schmidt orthogonalised, rescaled to chi-distributed norms). With x = sqrt(beta)
 * q_i and y = sqrt(beta) b_j the feature dot product estimates the unnormalised attention weight
 * exp(beta cos); each query ranks the rows of B by it and the {@code budget} heaviest are scored
 * exactly. The ranking costs n · m per query (feature products, not pair scores).
 */
public final class Performer implements Baseline {
  static final int FEATURES = 256;
  static final double BETA = 2;

  @Override
  public String name() {
    return "performer";
  }

  @Override
  public String run(PairProblem p, int budget, long seed, ScoredPairs out) {
    double[][] w = orthogonalFeatures(FEATURES, p.dim(), seed);
    double[][] db = features(p.b(), w, BETA);
    RankedCandidates.exhaustive(p, budget, db, q -> features(new double[][] {q}, w, BETA)[0], out);
    return String.format(Locale.ROOT, "FAVOR+ m=%d orthogonal features, beta=%s, top %d weights re-scored", FEATURES, BETA, budget);
  }

  /** phi(x) = m^(-1/2) e^(-|x|²/2) [e^(<w_l, x>)] for x = sqrt(beta) · row (rows are unit). */
  static double[][] features(double[][] rows, double[][] w, double beta) {
    double s = Math.sqrt(beta);
    double[][] phi = new double[rows.length][w.length];
    double c = Math.exp(-beta / 2) / Math.sqrt(w.length);
    for (int i = 0; i < rows.length; i++) {
      for (int l = 0; l < w.length; l++) {
        phi[i][l] = c * Math.exp(s * PairProblem.dot(w[l], rows[i]));
      }
    }
    return phi;
  }

  /** m Gaussian rows in blocks of d orthogonal ones, each rescaled to a chi_d-distributed norm. */
  static double[][] orthogonalFeatures(int m, int d, long seed) {
    double[][] u = Gaussians.matrix(m, d, seed);
    double[][] norms = Gaussians.matrix(m, d, seed ^ 0x5DEECE66DL);
    double[][] w = new double[m][];
    for (int l = 0; l < m; l++) {
      // Gram-Schmidt against the unit rows before it in its block of d
      for (int o = l - l % d; o < l; o++) {
        double proj = PairProblem.dot(u[l], u[o]);
        for (int k = 0; k < d; k++) {
          u[l][k] -= proj * u[o][k];
        }
      }
      double len = Math.sqrt(PairProblem.dot(u[l], u[l]));
      double chi = Math.sqrt(PairProblem.dot(norms[l], norms[l]));
      w[l] = new double[d];
      for (int k = 0; k < d; k++) {
        u[l][k] /= len;
        w[l][k] = u[l][k] * chi;
      }
    }
    return w;
  }
}
