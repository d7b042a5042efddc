package io.simpair.plan;

import io.simpair.kernel.BinaryScore;
import io.simpair.kernel.Metric;
import io.simpair.kernel.RoundingBound;
import io.simpair.search.BestPairsReducer;
import io.simpair.search.PerRowTopReducer;
import io.simpair.search.ScanSpec;
import io.simpair.search.ScoreUnits;
import io.simpair.search.ThresholdReducer;
import io.simpair.search.TileReducer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Makes the {@link SearchPlan} of a search from the options and what validation learned of the
 * input. Pure and deterministic: no clock, no randomness, no I/O.
 */
public final class Planner {
  /** Kernel rows per block target: about this many bytes. */
  static final long BLOCK_TARGET_BYTES = 8L << 20;

  private Planner() {}

  /**
   * The plan for options {@code o} over input {@code a} (and {@code b} for a bichromatic search,
   * else null) on {@code cluster}.
   *
   * @throws PlanException when {@code --kernel binary} cannot score this input
   * @throws IllegalArgumentException when the sides' dimensions differ
   */
  public static SearchPlan plan(SearchOptions o, InputFacts a, InputFacts b, ClusterFacts cluster) {
    return plan(o, a, b, cluster, Calibration.NONE);
  }

  /** {@link #plan(SearchOptions, InputFacts, InputFacts, ClusterFacts)} with the reducers of {@code cal}. */
  public static SearchPlan plan(SearchOptions o, InputFacts a, InputFacts b, ClusterFacts cluster, Calibration cal) {
    boolean bi = b != null;
    InputFacts other = bi ? b : a;
    if (a.dim() != other.dim()) {
      throw new IllegalArgumentException("dimensions differ: " + a.dim() + " and " + other.dim());
    }
    int d = a.dim();
    int p = cluster.parallelism();
    int blockRows =
        o.blockRows() > 0 ? o.blockRows() : autoBlockRows(d, bi ? Math.max(a.rows(), b.rows()) : a.rows(), p, bi);
    TileGrid grid = bi ? TileGrid.rectangular(a.rows(), b.rows(), blockRows) : TileGrid.triangular(a.rows(), blockRows);

    // dot and l2 rows are scaled by a power of two (exact) so that the largest has norm < 1
    Metric metric = o.metric();
    double maxNorm = Math.max(a.maxNorm(), other.maxNorm());
    int scaleExp = metric == Metric.COSINE || maxNorm == 0 ? 0 : Math.getExponent(maxNorm) + 1;
    double scale = Math.scalb(1.0, -scaleExp);
    double maxKernelNorm = (metric == Metric.COSINE ? 1.0 : maxNorm * scale) * (1 + 1e-6);
    double maxBias = metric == Metric.L2 ? maxKernelNorm * maxKernelNorm / 2 : 0;
    double delta = RoundingBound.delta(d, maxKernelNorm, maxBias);

    KernelChoice kernel = chooseKernel(o, a, other);
    long blockBytes = a.packedBytes() + (bi ? b.packedBytes() : 0);
    long limit = o.broadcastLimitBytes() > 0 ? o.broadcastLimitBytes() : cluster.memoryBudgetBytes();
    SearchOptions.Strategy strategy;
    String why;
    if (o.strategy() == SearchOptions.Strategy.AUTO) {
      strategy = blockBytes <= limit ? SearchOptions.Strategy.BROADCAST : SearchOptions.Strategy.SHUFFLE;
      why =
          String.format(
              "packed blocks are %s, %s the broadcast limit %s",
              bytes(blockBytes), blockBytes <= limit ? "within" : "over", bytes(limit));
    } else {
      strategy = o.strategy();
      why = "forced by --strategy " + strategy.name().toLowerCase(Locale.ROOT);
    }
    int groupBlocks = 0;
    int tasks;
    if (strategy == SearchOptions.Strategy.BROADCAST) {
      tasks = taskCount(grid, d, p);
    } else {
      groupBlocks = o.groupBlocks() > 0 ? o.groupBlocks() : autoGroupBlocks(grid, cluster, blockBytes);
      tasks = grid.superGrid(groupBlocks).superTileCount();
    }
    List<TileReducer.Spec> reducers = reducers(o, bi);
    reducers.addAll(cal.reducers(o, a, b));
    ScanSpec scan = new ScanSpec(metric, o.least(), scale, d, delta, kernel.binary(), bi, reducers, kernel.sparse());
    return new SearchPlan(grid, kernel, strategy, why, blockBytes, groupBlocks, tasks, scan);
  }

  /** The reducers a search asks for, best pairs first (the best pair is always reported). */
  static List<TileReducer.Spec> reducers(SearchOptions o, boolean bichromatic) {
    List<TileReducer.Spec> r = new ArrayList<>();
    r.add(new BestPairsReducer.Spec(Math.max(1, o.topK())));
    if (o.hasThreshold()) {
      r.add(
          new ThresholdReducer.Spec(
              ScoreUnits.key(o.metric(), o.least(), o.threshold()),
              (int) Math.min(Integer.MAX_VALUE - 1, o.maxPairs())));
    }
    if (o.perRowTop() > 0) {
      r.add(new PerRowTopReducer.Spec(o.perRowTop(), !bichromatic));
    }
    return r;
  }

  /**
   * Inputs at most this dense (and at least {@link #SPARSE_MIN_DIM} wide) are scored by the sparse
   * kernel: on tf-idf vectors of 4096 hashed features, 0.5% non-zero, it found the best pair 23-48x
   * faster than the dense kernel (bench/sparse-vs-dense.sh).
   */
  static final double SPARSE_MAX_DENSITY = 1.0 / 32;

  static final int SPARSE_MIN_DIM = 256;

  /**
   * The kernel for this search. {@code --kernel binary} where the popcount kernel does not
   * apply is refused, with the first value that is not 0 or 1 named.
   */
  static KernelChoice chooseKernel(SearchOptions o, InputFacts a, InputFacts b) {
    String whyNot = null;
    if (o.metric() == Metric.L2) {
      whyNot = "the popcount kernel scores cosine and dot only (not l2)";
    } else if (a.dim() > BinaryScore.MAX_BITS) {
      whyNot = "dimension " + a.dim() + " is above the popcount kernel's " + BinaryScore.MAX_BITS;
    }
    String notBinary = a.notBinary() != null ? a.notBinary() : b.notBinary();
    double density = Math.max(a.density(), b.density());
    switch (o.kernel()) {
      case FLOAT:
        return new KernelChoice(false, "float: --kernel float");
      case SPARSE:
        return new KernelChoice(false, "sparse: --kernel sparse", true);
      case BINARY:
        if (notBinary != null) {
          throw new PlanException("--kernel binary needs every value to be 0 or 1, but " + notBinary);
        }
        if (whyNot != null) {
          throw new PlanException("--kernel binary: " + whyNot);
        }
        return new KernelChoice(true, "binary: --kernel binary");
      default:
        if (notBinary == null && whyNot == null) {
          return new KernelChoice(true, "binary: every value is 0 or 1 (exact popcount kernel)");
        }
        if (a.dim() >= SPARSE_MIN_DIM && density <= SPARSE_MAX_DENSITY) {
          return new KernelChoice(false, String.format(java.util.Locale.ROOT,
              "sparse: %.2f%% of the values are non-zero (at most %.2f%% and dimension >= %d)",
              100 * density, 100 * SPARSE_MAX_DENSITY, SPARSE_MIN_DIM), true);
        }
        return notBinary != null
            ? new KernelChoice(false, "float: not a 0/1 input")
            : new KernelChoice(false, "float: a 0/1 input, but " + whyNot);
    }
  }

  /**
   * The default rows per block: about {@link #BLOCK_TARGET_BYTES} of fp32 kernel rows, a power
   * of two between 128 and 4096, halved while there would be fewer tiles than twice the
   * parallelism.
   */
  public static int autoBlockRows(int d, long n, int parallelism, boolean bichromatic) {
    int br = Integer.highestOneBit((int) Math.max(1, BLOCK_TARGET_BYTES / (4L * d)));
    br = Math.max(128, Math.min(4096, br));
    while (br > 128) {
      long b = (n + br - 1) / br;
      long tiles = bichromatic ? b * b : b * (b + 1) / 2;
      if (tiles >= 2L * parallelism) {
        break;
      }
      br /= 2;
    }
    return br;
  }

  /**
   * Tasks for the broadcast path: ~0.3 TFLOP each, at least 2 per core, at most 16 per core,
   * and a whole number of waves. The tasks are balanced to equal work, so 13 tasks on 2 cores
   * run as 7 + 6 and one core idles for a task's length at the end (measured at n = 100,000:
   * 1.6 s of a 22.3 s scoring stage).
   */
  static int taskCount(TileGrid grid, int d, int parallelism) {
    double flops = 2.0 * grid.pairCount() * d;
    long t = (long) Math.ceil(flops / 3e11);
    t = Math.max(2L * parallelism, Math.min(16L * parallelism, t));
    t = (t + parallelism - 1) / parallelism * parallelism;
    return (int) Math.min(t, grid.tileCount());
  }

  /**
   * Shuffle path: blocks per super-tile group, as many as memory allows (two groups of blocks
   * per task), but few enough for at least ~2 super-tiles per core.
   */
  static int autoGroupBlocks(TileGrid grid, ClusterFacts cluster, long blockBytes) {
    int blocks = Math.max(grid.blocksA(), grid.blocksB());
    long per = Math.max(1, blockBytes / (grid.blocksA() + (grid.bichromatic() ? grid.blocksB() : 0)));
    int byMemory = (int) Math.max(1, cluster.memoryBudgetBytes() / (2 * per));
    int p = cluster.parallelism();
    // G(G+1)/2 >= 2p (or G² >= 2p bichromatic)
    int minGroups =
        grid.bichromatic()
            ? (int) Math.ceil(Math.sqrt(2.0 * p))
            : (int) Math.ceil((Math.sqrt(1 + 16.0 * p) - 1) / 2);
    int byParallelism = Math.max(1, (blocks + minGroups - 1) / minGroups);
    return Math.min(byMemory, byParallelism);
  }

  /** A byte count in words: "512 B", "1.5 MiB". */
  static String bytes(long b) {
    if (b < 1024) {
      return b + " B";
    }
    String[] u = {"KiB", "MiB", "GiB", "TiB"};
    double v = b;
    int i = -1;
    while (v >= 1024 && i < u.length - 1) {
      v /= 1024;
      i++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, u[i]);
  }
}
