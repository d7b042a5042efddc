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
}
