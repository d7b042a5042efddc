package io.simpair.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simpair.kernel.Metric;
import io.simpair.plan.SearchOptions.Kernel;
import io.simpair.plan.SearchOptions.Mode;
import io.simpair.plan.SearchOptions.Strategy;
import io.simpair.search.BestPairsReducer;
import io.simpair.search.PerRowTopReducer;
import io.simpair.search.ScanSpec;
import io.simpair.search.ThresholdReducer;
import io.simpair.search.TileReducer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The planner: deterministic plans, strategy, kernel, reducers and the automatic block size. */
class PlannerTest {
  private static final ClusterFacts CLUSTER = new ClusterFacts(4, 1L << 30);
  private static final String NOT_BINARY = "data/x.npy: row 3 has the value 0.5 at position 7";

  /** The options a test varies; the rest are the CLI's defaults. */
  private record Opts(
      Metric metric, Mode mode, int topK, double threshold, int perRowTop, Strategy strategy, long limit, Kernel kernel) {
    static Opts of(Metric metric) {
      return new Opts(metric, Mode.MOST, 0, Double.NaN, 0, Strategy.AUTO, 0, Kernel.AUTO);
    }

    Opts least() {
      return new Opts(metric, Mode.LEAST, topK, threshold, perRowTop, strategy, limit, kernel);
    }

    Opts top(int k) {
      return new Opts(metric, mode, k, threshold, perRowTop, strategy, limit, kernel);
    }

    Opts threshold(double t) {
      return new Opts(metric, mode, topK, t, perRowTop, strategy, limit, kernel);
    }

    Opts perRow(int k) {
      return new Opts(metric, mode, topK, threshold, k, strategy, limit, kernel);
    }

    Opts strategy(Strategy s, long broadcastLimit) {
      return new Opts(metric, mode, topK, threshold, perRowTop, s, broadcastLimit, kernel);
    }

    Opts kernel(Kernel k) {
      return new Opts(metric, mode, topK, threshold, perRowTop, strategy, limit, k);
    }

    SearchOptions build() {
      return new SearchOptions(
          metric, mode, topK, threshold, SearchOptions.DEFAULT_MAX_PAIRS, perRowTop, 0, strategy, limit, 0, kernel);
    }
  }

  private static SearchPlan plan(Opts o, InputFacts a, InputFacts b) {
    return Planner.plan(o.build(), a, b, CLUSTER);
  }

  private static InputFacts floats(long rows, int dim) {
    return new InputFacts(rows, dim, 3.5, true, NOT_BINARY);
  }

  private static InputFacts zeroOne(long rows, int dim) {
    return new InputFacts(rows, dim, Math.sqrt(dim), true, null);
  }

  @Test
  void sameFactsAndOptionsGiveEqualPlans() {
    InputFacts a = floats(20_000, 96);
    InputFacts b = floats(7_000, 96);
    Opts[] variants = {
      Opts.of(Metric.COSINE),
      Opts.of(Metric.L2).least().top(10).threshold(2.5).perRow(4).strategy(Strategy.SHUFFLE, 0).kernel(Kernel.FLOAT),
      Opts.of(Metric.DOT).top(3).strategy(Strategy.AUTO, 1 << 20),
    };
    for (Opts v : variants) {
      for (InputFacts side : new InputFacts[] {null, b}) {
        SearchPlan p1 = plan(v, a, side);
        SearchPlan p2 = plan(v, a, side);
        // equal but distinct option and fact objects: equal values must be all that counts
        InputFacts a2 = new InputFacts(a.rows(), a.dim(), a.maxNorm(), a.fp32(), a.notBinary());
        SearchPlan p3 = Planner.plan(v.build(), a2, side, CLUSTER);
        String what = v + (side == null ? " mono" : " bi");
        // component by component first, so that a failure names the part that differs
        assertEquals(p1.scan(), p2.scan(), "scan of " + what);
        assertEquals(p1.kernel(), p2.kernel(), "kernel of " + what);
        assertEquals(p1.grid(), p2.grid(), "grid of " + what);
        assertEquals(p1, p2, what);
        assertEquals(p1.hashCode(), p2.hashCode(), what);
        assertEquals(p1.toJson(), p2.toJson(), what);
        assertEquals(p1, p3, "from equal option and fact objects: " + what);
        assertEquals(p1.toJson(), p3.toJson(), what);
      }
    }
    // and a different option gives a different plan, so equality is not vacuous
    assertNotEquals(plan(Opts.of(Metric.COSINE), a, null), plan(Opts.of(Metric.DOT), a, null));
  }

  @Test
  void blocksOverTheBroadcastLimitAreShuffled() {
    InputFacts a = floats(10_000, 64); // 10,000 * 64 * 4 + 10,000 * 8 bytes
    long bytes = a.packedBytes();
    Opts auto = Opts.of(Metric.COSINE);
    SearchPlan over = plan(auto.strategy(Strategy.AUTO, bytes - 1), a, null);
    assertEquals(Strategy.SHUFFLE, over.strategy());
    assertTrue(over.strategyReason().contains("over"), over.strategyReason());
    assertEquals(bytes, over.blockBytes());
    assertTrue(over.groupBlocks() > 0);
    assertEquals(over.superGrid().superTileCount(), over.tasks());
    assertEquals("shuffle", over.toJson().get("strategy"));

    SearchPlan within = plan(auto.strategy(Strategy.AUTO, bytes), a, null);
    assertEquals(Strategy.BROADCAST, within.strategy());
    assertTrue(within.strategyReason().contains("within"), within.strategyReason());
    assertEquals(0, within.groupBlocks());

    // no --broadcast-limit: the cluster's memory budget is the limit
    ClusterFacts small = new ClusterFacts(4, bytes / 2);
    assertEquals(Strategy.SHUFFLE, Planner.plan(auto.build(), a, null, small).strategy());
    assertEquals(Strategy.BROADCAST, Planner.plan(auto.build(), a, null, CLUSTER).strategy());

    // bichromatic: both sides count
    InputFacts b = floats(5_000, 64);
    long both = bytes + b.packedBytes();
    assertEquals(Strategy.SHUFFLE, plan(auto.strategy(Strategy.AUTO, both - 1), a, b).strategy());
    assertEquals(Strategy.BROADCAST, plan(auto.strategy(Strategy.AUTO, both), a, b).strategy());
  }

  @Test
  void aForcedStrategyWinsAndSaysSo() {
    InputFacts a = floats(10_000, 64);
    SearchPlan shuffle = plan(Opts.of(Metric.COSINE).strategy(Strategy.SHUFFLE, 0), a, null); // would fit
    assertEquals(Strategy.SHUFFLE, shuffle.strategy());
    assertEquals("forced by --strategy shuffle", shuffle.strategyReason());
    SearchPlan broadcast = plan(Opts.of(Metric.COSINE).strategy(Strategy.BROADCAST, 1), a, null); // would not fit
    assertEquals(Strategy.BROADCAST, broadcast.strategy());
    assertEquals("forced by --strategy broadcast", broadcast.strategyReason());
  }

  @Test
  void zeroOneInputTakesThePopcountKernelForCosineAndDot() {
    for (Metric m : new Metric[] {Metric.COSINE, Metric.DOT}) {
      SearchPlan p = plan(Opts.of(m), zeroOne(1000, 100), null);
      assertTrue(p.kernel().binary(), m.label());
      assertTrue(p.kernel().reason().startsWith("binary: "), p.kernel().reason());
      assertTrue(p.scan().binary(), "the scan must use the kernel chosen");
      assertEquals("binary", p.toJson().get("kernel"));
    }
  }

  @Test
  void l2AndNonZeroOneInputTakeTheFloatKernel() {
    SearchPlan l2 = plan(Opts.of(Metric.L2), zeroOne(1000, 100), null);
    assertFalse(l2.kernel().binary());
    assertTrue(l2.kernel().reason().startsWith("float: "), l2.kernel().reason());
    assertTrue(l2.kernel().reason().contains("not l2"), l2.kernel().reason());
    assertFalse(l2.scan().binary());

    SearchPlan floats = plan(Opts.of(Metric.COSINE), floats(1000, 100), null);
    assertFalse(floats.kernel().binary());
    assertEquals("float: not a 0/1 input", floats.kernel().reason());
    // one side not 0/1 is enough, whichever side it is
    assertFalse(plan(Opts.of(Metric.COSINE), zeroOne(1000, 100), floats(50, 100)).kernel().binary());
    assertFalse(plan(Opts.of(Metric.COSINE), floats(50, 100), zeroOne(1000, 100)).kernel().binary());
  }

  @Test
  void mostlyZeroWideInputTakesTheSparseKernel() {
    InputFacts tfidf = new InputFacts(1000, 4096, 3.5, true, NOT_BINARY, 0.005);
    for (Metric m : Metric.values()) {
      SearchPlan p = plan(Opts.of(m), tfidf, null);
      assertTrue(p.kernel().sparse() && p.scan().sparse() && !p.scan().binary(), m.label());
      assertTrue(p.kernel().reason().startsWith("sparse: 0.50% of the values"), p.kernel().reason());
      assertEquals("sparse", p.toJson().get("kernel"));
    }
    // the denser side decides; narrow rows and denser rows stay dense; 0/1 rows stay on popcount
    assertFalse(plan(Opts.of(Metric.COSINE), tfidf, new InputFacts(10, 4096, 1, true, NOT_BINARY, 0.5)).scan().sparse());
    assertFalse(plan(Opts.of(Metric.COSINE), new InputFacts(1000, 255, 3.5, true, NOT_BINARY, 0.001), null).scan().sparse());
    assertTrue(plan(Opts.of(Metric.COSINE), new InputFacts(1000, 256, 3.5, true, NOT_BINARY, 1.0 / 32), null).scan().sparse());
    assertFalse(plan(Opts.of(Metric.COSINE), new InputFacts(1000, 4096, 3.5, true, NOT_BINARY, 0.04), null).scan().sparse());
    InputFacts bow = new InputFacts(1000, 1024, 3.5, true, null, 0.01);
    assertTrue(plan(Opts.of(Metric.COSINE), bow, null).scan().binary());
    assertTrue(plan(Opts.of(Metric.L2), bow, null).scan().sparse(), "0/1 under l2: popcount does not apply");
    SearchPlan forced = plan(Opts.of(Metric.COSINE).kernel(Kernel.SPARSE), floats(1000, 100), null);
    assertTrue(forced.scan().sparse());
    assertEquals("sparse: --kernel sparse", forced.kernel().reason());
  }

  @Test
  void forcedKernels() {
    SearchPlan f = plan(Opts.of(Metric.COSINE).kernel(Kernel.FLOAT), zeroOne(1000, 100), null);
    assertFalse(f.kernel().binary());
    assertFalse(f.scan().binary());
    assertEquals("float: --kernel float", f.kernel().reason());

    SearchPlan b = plan(Opts.of(Metric.DOT).kernel(Kernel.BINARY), zeroOne(1000, 100), null);
    assertTrue(b.scan().binary());
    assertEquals("binary: --kernel binary", b.kernel().reason());

    // --kernel binary on values other than 0 and 1: bad input, with the first such value named
    Opts binary = Opts.of(Metric.COSINE).kernel(Kernel.BINARY);
    PlanException e = assertThrows(PlanException.class, () -> plan(binary, floats(1000, 100), null));
    assertTrue(e.getMessage().contains(NOT_BINARY), e.getMessage());
    InputFacts otherSide = new InputFacts(10, 100, 1, true, "b.npy: row 0 has the value 2 at position 1");
    PlanException eb = assertThrows(PlanException.class, () -> plan(binary, zeroOne(1000, 100), otherSide));
    assertTrue(eb.getMessage().contains(otherSide.notBinary()), eb.getMessage());
    Opts binaryL2 = Opts.of(Metric.L2).kernel(Kernel.BINARY);
    PlanException el = assertThrows(PlanException.class, () -> plan(binaryL2, zeroOne(1000, 100), null));
    assertTrue(el.getMessage().contains("not l2"), el.getMessage());
  }

  @Test
  void sidesOfDifferentDimensionsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> plan(Opts.of(Metric.COSINE), floats(10, 8), floats(10, 9)));
  }

  @Test
  void reducersAreBestPairsFirstThenThresholdThenPerRow() {
    InputFacts a = floats(1000, 16);
    int maxKeep = (int) SearchOptions.DEFAULT_MAX_PAIRS;
    // only the best pair; top K without a threshold has no threshold reducer
    assertEquals(List.of(new BestPairsReducer.Spec(1)), reducers(Opts.of(Metric.COSINE), a, null));
    assertEquals(List.of(new BestPairsReducer.Spec(7)), reducers(Opts.of(Metric.COSINE).top(7), a, null));

    // everything, monochromatic: per-row sees both rows of a pair (columns)
    Opts all = Opts.of(Metric.COSINE).top(3).threshold(0.8).perRow(5);
    assertEquals(
        List.of(
            new BestPairsReducer.Spec(3),
            new ThresholdReducer.Spec(0.8, maxKeep),
            new PerRowTopReducer.Spec(5, true)),
        reducers(all, a, null));
    // bichromatic: per-row is for A's rows only
    assertEquals(new PerRowTopReducer.Spec(5, false), reducers(all, a, floats(10, 16)).get(2));

    // the threshold is stored as a key, larger is better: least cosine and most l2 negate it
    Opts leastCosine = Opts.of(Metric.COSINE).least().threshold(0.8);
    assertEquals(new ThresholdReducer.Spec(-0.8, maxKeep), reducers(leastCosine, a, null).get(1));
    assertEquals(new ThresholdReducer.Spec(-1.5, maxKeep), reducers(Opts.of(Metric.L2).threshold(1.5), a, null).get(1));
    Opts leastL2 = Opts.of(Metric.L2).least().threshold(1.5);
    assertEquals(new ThresholdReducer.Spec(1.5, maxKeep), reducers(leastL2, a, null).get(1));
    // per-row without a threshold comes right after the best pairs
    assertEquals(
        List.of(new BestPairsReducer.Spec(1), new PerRowTopReducer.Spec(2, true)),
        reducers(Opts.of(Metric.DOT).perRow(2), a, null));
  }

  private static List<TileReducer.Spec> reducers(Opts o, InputFacts a, InputFacts b) {
    ScanSpec scan = plan(o, a, b).scan();
    assertEquals(b != null, scan.bichromatic());
    return scan.reducers();
  }

  @Test
  void autoBlockRowsFollowsItsRule() {
    int[] dims = {1, 3, 64, 384, 1000, 4096, 100_000};
    long[] sizes = {1, 100, 1000, 10_000, 100_000, 10_000_000};
    int[] cores = {1, 4, 64, 1000};
    for (int d : dims) {
      // the start: about 8 MiB of fp32 kernel rows, a power of two clamped to 128..4096
      int start = Math.max(128, Math.min(4096, Integer.highestOneBit((8 << 20) / (4 * d))));
      for (long n : sizes) {
        for (int p : cores) {
          for (boolean bi : new boolean[] {false, true}) {
            int br = Planner.autoBlockRows(d, n, p, bi);
            String what = "d=" + d + " n=" + n + " p=" + p + (bi ? " bi" : " mono") + " -> " + br;
            assertEquals(1, Integer.bitCount(br), "a power of two: " + what);
            assertTrue(br >= 128 && br <= start, what);
            // halved only while there were too few tiles, and no further than needed
            if (br > 128) {
              assertTrue(tiles(n, br, bi) >= 2L * p, "halved too far: " + what);
            }
            if (br < start) {
              assertTrue(tiles(n, 2 * br, bi) < 2L * p, "not halved enough times: " + what);
            }
          }
        }
      }
    }
    // worked cases: d = 384 starts at 4096 (8 MiB / 1536 B = 5461)
    assertEquals(4096, Planner.autoBlockRows(384, 100_000, 2, false)); // 25 blocks, 325 tiles
    // 1000 rows on 4 cores (8 tiles wanted): 1, 1, 1, 3 tiles at 4096..512, 10 at 256
    assertEquals(256, Planner.autoBlockRows(384, 1000, 4, false));
    // 1000 rows on 2 cores (4 tiles wanted): at 512 a triangle has 3 tiles, a 2 x 2 rectangle 4
    assertEquals(256, Planner.autoBlockRows(384, 1000, 2, false));
    assertEquals(512, Planner.autoBlockRows(384, 1000, 2, true));
    assertEquals(128, Planner.autoBlockRows(100_000, 10_000_000, 4, false)); // 20 rows of 400 KB: the floor
    assertEquals(128, Planner.autoBlockRows(16, 10, 64, false)); // never below 128, however few tiles
    // the plan uses it unless --block-rows is given
    InputFacts a = floats(1000, 384);
    assertEquals(Planner.autoBlockRows(384, 1000, 4, false), plan(Opts.of(Metric.COSINE), a, null).blockRows());
    SearchOptions given =
        new SearchOptions(
            Metric.COSINE, Mode.MOST, 0, Double.NaN, SearchOptions.DEFAULT_MAX_PAIRS, 0, 100, Strategy.AUTO, 0, 0,
            Kernel.AUTO);
    assertEquals(100, Planner.plan(given, a, null, CLUSTER).blockRows());
  }

  private static long tiles(long n, int br, boolean bi) {
    long b = (n + br - 1) / br;
    return bi ? b * b : b * (b + 1) / 2;
  }
}
