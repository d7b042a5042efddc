package io.simpair.search;

import io.simpair.kernel.Metric;
import io.simpair.plan.ClusterFacts;
import io.simpair.plan.Planner;
import io.simpair.plan.SearchOptions;
import io.simpair.plan.SearchPlan;
import io.simpair.plan.TileGrid;
import io.simpair.testutil.RandomData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The attention pass's scoring throughput against the best-pair scan, one thread, the same
 * tiles: best pair alone; best pair with attention at one beta; at K betas in one pass; K
 * separate one-beta passes. Runs alternate; medians of the repeats (bench/attention-throughput.sh).
 *   AttentionThroughputRun N D [repeats=5] [betas=4]
 */
public final class AttentionThroughputRun {
  private AttentionThroughputRun() {}

  public static void main(String[] args) {
    int n = Integer.parseInt(args[0]);
    int d = Integer.parseInt(args[1]);
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int k = args.length > 3 ? Integer.parseInt(args[3]) : 4;
    float[][] x = RandomData.gaussian(1, n, d);
    SearchOptions o = new SearchOptions(Metric.COSINE, SearchOptions.Mode.MOST, 0, Double.NaN, SearchOptions.DEFAULT_MAX_PAIRS, 0,
        1024, SearchOptions.Strategy.BROADCAST, 0, 0, SearchOptions.Kernel.FLOAT);
    SearchPlan plan = Planner.plan(o, AttentionScanTest.facts(x), null, new ClusterFacts(1, 1L << 30));
    TileGrid g = plan.grid();
    RowBlock[] blocks = AttentionScanTest.blocks(g, 0, x, g.blocksA(), plan.scan());
    double[] many = new double[k];
    for (int b = 0; b < k; b++) {
      many[b] = Math.scalb(0.5, 2 * b);
    }
    String[] names = {"best pair", "attention 1 beta", "attention " + k + " betas, one pass", k + " one-beta passes"};
    List<List<Double>> secs = new ArrayList<>();
    for (int m = 0; m < names.length; m++) {
      secs.add(new ArrayList<>());
    }
    for (int rep = -1; rep < repeats; rep++) { // rep -1 warms the JIT up
      for (int m = 0; m < names.length; m++) {
        long t0 = System.nanoTime();
        if (m == 0) {
          scan(plan, g, blocks, null);
        } else if (m == 1) {
          scan(plan, g, blocks, new double[] {many[0]});
        } else if (m == 2) {
          scan(plan, g, blocks, many);
        } else {
          for (double beta : many) {
            scan(plan, g, blocks, new double[] {beta});
          }
        }
        if (rep >= 0) {
          secs.get(m).add((System.nanoTime() - t0) / 1e9);
        }
      }
    }
    double pairs = g.pairCount();
    double base = median(secs.get(0));
    System.out.printf(Locale.ROOT, "n=%d d=%d, %d pairs, one thread, median of %d%n", n, d, (long) pairs, repeats);
    for (int m = 0; m < names.length; m++) {
      double s = median(secs.get(m));
      System.out.printf(Locale.ROOT, "%-34s %8.3f s  %.3g pairs/s  %.2fx the best-pair time%n", names[m], s, pairs / s, s / base);
    }
    System.out.printf(Locale.ROOT, "attention (1 beta) throughput / best-pair throughput: %.2f%n", base / median(secs.get(1)));
    System.out.printf(Locale.ROOT, "%d betas in one pass / %d separate passes: %.2f of the time%n", k, k,
        median(secs.get(2)) / median(secs.get(3)));
  }

  private static void scan(SearchPlan plan, TileGrid g, RowBlock[] blocks, double[] betas) {
    ScanSpec spec = betas == null ? plan.scan() : plan.scan().withReducer(new AttentionReducer.Spec(betas, AttentionValues.ONES, true));
    List<TileReducer<?>> reducers = spec.newReducers();
    TileScan scan = spec.newScan(reducers);
    for (int[] t : g.tiles()) {
      scan.score(blocks[t[0]], blocks[t[1]], t[0] == t[1]);
    }
  }

  private static double median(List<Double> v) {
    double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a[a.length / 2];
  }
}
