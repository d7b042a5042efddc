package io.simpair.baseline;

/**
 * A subquadratic (or constant-factor) candidate method: proposes, for each query row, at most
 * {@code budget} rows of B, which are scored exactly.
 */
public interface Baseline {
  /** The method's name in compare.json. */
  String name();

  /** The parameters the method chose for this problem and budget, stated in the report. */
  String parameters(PairProblem problem, int budget);

  /**
   * Scores at most {@code budget} candidates per query row into {@code out}.
   *
   * @param seed the seed of every random choice
   */
  void run(PairProblem problem, int budget, long seed, ScoredPairs out);
}
