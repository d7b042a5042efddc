package io.simpair.baseline;

import java.util.PriorityQueue;

/**
 * One query's candidates, ranked by a method's cheap estimate: keeps the {@code budget} best
 * (largest estimate, then smaller index) and scores only those exactly.
 */
final class RankedCandidates {
  private final int budget;
  private final PriorityQueue<double[]> heap;

  RankedCandidates(int budget) {
    this.budget = budget;
    // the worst kept candidate on top: smaller estimate, then larger index
    this.heap = new PriorityQueue<>((x, y) -> x[0] != y[0] ? Double.compare(x[0], y[0]) : Double.compare(y[1], x[1]));
  }

  void offer(int j, double estimate) {
    if (heap.size() < budget) {
      heap.add(new double[] {estimate, j});
      return;
    }
    double[] worst = heap.peek();
    if (estimate > worst[0] || (estimate == worst[0] && j < worst[1])) {
      heap.poll();
      heap.add(new double[] {estimate, j});
    }
  }

  /** Scores the kept candidates of query row i exactly. */
  void scoreInto(int i, ScoredPairs out) {
    for (double[] c : heap) {
      out.score(i, (int) c[1]);
    }
    heap.clear();
  }

  /**
   * Ranks every row of B for each query by the dot product of their embeddings (the database's
   * given, the query's computed) and scores each query's {@code budget} best exactly.
   */
  static void exhaustive(PairProblem p, int budget, double[][] db, java.util.function.Function<double[], double[]> embed, ScoredPairs out) {
    RankedCandidates ranked = new RankedCandidates(budget);
    for (int i = 0; i < p.a().length; i++) {
      double[] q = embed.apply(p.query(i));
      for (int j = 0; j < db.length; j++) {
        if (p.allowed(i, j)) {
          ranked.offer(j, PairProblem.dot(q, db[j]));
        }
      }
      ranked.scoreInto(i, out);
    }
  }
}
