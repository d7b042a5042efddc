package io.simpair.baseline;

/**
 * A subquadratic (or constant-factor) candidate method: proposes, for each query row, at most
 * {@code budget} rows of B, which are scored exactly.
 */
public interface Baseline {
  /** The method's name in compare.json. */
  String name();

  /**
   * Scores at most {@code budget} candidates per query row into {@code out}.
   *
   * @param seed the seed of every random choice
   * @return the parameters the method used, stated in the report
   */
  String run(PairProblem problem, int budget, long seed, ScoredPairs out);
}
