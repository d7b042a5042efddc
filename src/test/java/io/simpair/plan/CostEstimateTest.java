package io.simpair.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simpair.kernel.Metric;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cost estimate and its warnings, and the README's worked sizing example. */
class CostEstimateTest {
  static final String FLOAT = "x.npy: row 0 has the value 0.5 at position 0";

  static SearchOptions options(int topK, double threshold, long maxPairs, int perRow, int blockRows, SearchOptions.Strategy s, int group) {
    return new SearchOptions(
        Metric.COSINE, SearchOptions.Mode.MOST, topK, threshold, maxPairs, perRow, blockRows, s, 0, group, SearchOptions.Kernel.AUTO);
  }

  static SearchOptions plain() {
    return options(0, Double.NaN, SearchOptions.DEFAULT_MAX_PAIRS, 0, 0, SearchOptions.Strategy.AUTO, 0);
  }

  @Test
  void pairsFlopsAndSecondsFollowFromThePlanAndTheRate() {
    InputFacts a = new InputFacts(10_000, 384, 1, true, FLOAT);
    ClusterFacts c = new ClusterFacts(4, 1L << 30);
    SearchPlan p = Planner.plan(plain(), a, null, c);
    CostEstimate e = CostEstimate.of(p, plain(), a, null, c, 4, 1e7);
    assertEquals(10_000L * 9_999 / 2, e.pairs());
    assertEquals(2.0 * 384 * e.pairs(), e.flops());
    long waves = (p.tasks() + 3) / 4;
    assertEquals(waves * ((double) e.pairs() / p.tasks()) / 1e7, e.seconds(), 1e-9);
    // broadcast: every block and its kernel rows once per JVM
    assertEquals(p.blockBytes() + 4L * 10_000 * 384, e.heldBytes());
    assertEquals(List.of(), e.warnings());
    assertTrue(e.describe().contains("49995000 pair scores"), e.describe());
  }

  @Test
  void aForcedBroadcastOverMemoryCannotFitAndOverTheBudgetWillSpill() {
    InputFacts a = new InputFacts(1_000_000, 768, 1, true, FLOAT); // 3.1 GB packed
    SearchOptions forced = options(0, Double.NaN, SearchOptions.DEFAULT_MAX_PAIRS, 0, 0, SearchOptions.Strategy.BROADCAST, 0);
    ClusterFacts small = new ClusterFacts(16, 1L << 30); // 5 GiB JVMs
    CostEstimate e = CostEstimate.of(Planner.plan(forced, a, null, small), forced, a, null, small, 4, 1e7);
    assertTrue(e.warnings().get(0).startsWith("cannot fit: the broadcast blocks"), e.warnings().toString());
    ClusterFacts mid = new ClusterFacts(16, 2L << 30); // 10 GiB JVMs: 6.1 GB held is over 2 GiB, under 60%
    e = CostEstimate.of(Planner.plan(forced, a, null, mid), forced, a, null, mid, 4, 1e7);
    assertTrue(e.warnings().get(0).startsWith("will spill: the broadcast blocks"), e.warnings().toString());
  }

  @Test
  void tableReducersAndIdleCoresAreWarnedOf() {
    InputFacts a = new InputFacts(2_000, 64, 1, true, FLOAT);
    SearchOptions o = options(0, 0.5, 100_000_000, 0, 4096, SearchOptions.Strategy.AUTO, 0);
    ClusterFacts c = new ClusterFacts(8, 64L << 20);
    CostEstimate e = CostEstimate.of(Planner.plan(o, a, null, c), o, a, null, c, 1, 1e7);
    assertTrue(e.warnings().stream().anyMatch(w -> w.contains("--max-pairs 100000000")), e.warnings().toString());
    assertTrue(e.warnings().stream().anyMatch(w -> w.startsWith("only 1 task(s) for 8 cores")), e.warnings().toString());
  }

  /**
   * The README's worked example: 10 million x 768 fp32 rows, cosine, on 64 and 512 cores of
   * executors with 8 cores and 32 GiB each (budget 6.4 GiB), at 87 GFLOP/s a core (the fp32
   * kernel's measured rate in the job on this project's benchmark machine, BENCHMARKS.md).
   */
  @Test
  void workedExample10MillionBy768() {
    InputFacts a = new InputFacts(10_000_000, 768, 1, true, FLOAT);
    double rate = 87e9 / (2 * 768);
    for (int cores : new int[] {64, 512}) {
      ClusterFacts c = new ClusterFacts(cores, (32L << 30) / 5);
      SearchPlan p = Planner.plan(plain(), a, null, c);
      CostEstimate e = CostEstimate.of(p, plain(), a, null, c, 8, rate);
      System.out.printf(
          "%d cores: block_rows=%d blocks=%d tiles=%d strategy=%s group_blocks=%d tasks=%d waves=%d%n  %s%n  warnings=%s%n",
          cores, p.blockRows(), p.blocks(), p.grid().tileCount(), p.strategy(), p.groupBlocks(), p.tasks(),
          (p.tasks() + cores - 1) / cores, e.describe(), e.warnings());
      assertEquals(SearchOptions.Strategy.SHUFFLE, p.strategy(), "30.8 GB of blocks never broadcast");
      assertEquals(2048, p.blockRows());
      assertEquals(10_000_000L * 9_999_999 / 2, e.pairs());
      assertTrue(e.seconds() > 0);
      assertTrue(e.warnings().get(0).startsWith("cannot fit: 8 running super-tile task(s)"), e.warnings().toString());
      // what the warning asks for: 8 tasks x 2 G blocks x (6.3 MB values + 6.3 MB kernel rows) <= 6.4 GiB
      SearchOptions fixed = options(0, Double.NaN, SearchOptions.DEFAULT_MAX_PAIRS, 0, 0, SearchOptions.Strategy.AUTO, 32);
      SearchPlan q = Planner.plan(fixed, a, null, c);
      CostEstimate f = CostEstimate.of(q, fixed, a, null, c, 8, rate);
      System.out.printf("  --group-blocks 32: tasks=%d waves=%d %s warnings=%s%n", q.tasks(), (q.tasks() + cores - 1) / cores,
          f.describe(), f.warnings());
      assertEquals(List.of(), f.warnings());
    }
  }
}
