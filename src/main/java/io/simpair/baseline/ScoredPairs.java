package io.simpair.baseline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The pairs a baseline scored exactly (fp64 cosine of the input rows), counted once each
 * whichever query proposed them, with the best and the k best kept. The count is the work the
 * budget limits; a method never learns a pair's score any other way.
 */
public final class ScoredPairs {
  private final PairProblem problem;
  private final Set<Long> seen = new HashSet<>();
  private final List<Pair> all = new ArrayList<>();

  /** One scored pair: rows (i of A, j of B; i < j when monochromatic) and its cosine. */
  public record Pair(int i, int j, double score) {}

  public ScoredPairs(PairProblem problem) {
    this.problem = problem;
  }

  /** Scores query row i with row j of B unless done already; returns whether it was new. */
  public boolean score(int i, int j) {
    if (!problem.allowed(i, j)) {
      return false;
    }
    int a = i;
    int b = j;
    if (problem.monochromatic() && j < i) {
      a = j;
      b = i;
    }
    if (!seen.add(((long) a << 32) | b)) {
      return false;
    }
    all.add(new Pair(a, b, PairProblem.dot(problem.a()[a], problem.b()[b])));
    return true;
  }

  /** Distinct pairs scored so far. */
  public long count() {
    return all.size();
  }

  /** The k best scored pairs, best first (least similar first in least mode), ties by (i, j). */
  public List<Pair> top(int k) {
    Comparator<Pair> better = Comparator.comparingDouble((Pair p) -> problem.least() ? p.score() : -p.score())
        .thenComparingInt(Pair::i)
        .thenComparingInt(Pair::j);
    List<Pair> sorted = new ArrayList<>(all);
    sorted.sort(better);
    return sorted.subList(0, Math.min(k, sorted.size()));
  }
}
