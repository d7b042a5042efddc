package io.simpair.search;

import io.simpair.kernel.Metric;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gets the tile kernel compiled while the JVM does something else. Until C2 has compiled the
 * fused kernel, its Vector API code runs interpreted at a hundredth of its speed, and the
 * compile is only triggered by running it: scoring small throwaway tiles of the job's own
 * dimension and metric on a background thread, while the input is still being validated, lets
 * the first real tile start on compiled code. The same dimension and metric keep the compiled
 * code's profile the job's own (a warm-up at another dimension was measured to leave a slower
 * kernel behind).
 *
 * <p>Cost: tiles of {@value #ROWS} x {@value #ROWS} rows until one of them runs at compiled
 * speed, at most {@link #BUDGET_NANOS} of one core; nothing it computes is kept.
 */
public final class KernelWarmup {
  static final int ROWS = 64;
  /** The longest a warm-up runs (a machine too loaded to compile in this time gains nothing). */
  static final long BUDGET_NANOS = 30_000_000_000L;
  /** Flop/s above which the kernel is taken to be compiled (interpreted: ~0.2 G; compiled: ~100 G a core). */
  static final double COMPILED_FLOPS = 2e9;

  private static final Set<String> STARTED = ConcurrentHashMap.newKeySet();

  private KernelWarmup() {}

  /**
   * Starts one warm-up per JVM, dimension and metric on a daemon thread; later calls with the
   * same key return at once.
   *
   * @return whether this call started it
   */
  public static boolean startInBackground(int dim, Metric metric) {
    // -Dsimpair.warmup=off: for measuring what the warm-up is worth
    if (dim < 1 || "off".equals(System.getProperty("simpair.warmup")) || !STARTED.add(dim + "/" + metric)) {
      return false;
    }
    Thread t = new Thread(() -> run(dim, metric, BUDGET_NANOS), "simpair-kernel-warmup");
    t.setDaemon(true);
    t.start();
    return true;
  }

  /**
   * Scores small tiles of random rows until one runs at compiled speed or the budget is spent.
   *
   * @return the number of tiles scored
   */
  static int run(int dim, Metric metric, long budgetNanos) {
    ScanSpec spec =
        new ScanSpec(metric, false, 1, dim, 1e-5, false, false, List.of(new BestPairsReducer.Spec(1)));
    Random r = new Random(dim);
    RowBlock a = block(r, 0, dim, metric);
    RowBlock b = block(r, 1, dim, metric);
    long end = System.nanoTime() + budgetNanos;
    int tiles = 0;
    boolean diagonalFast = false;
    boolean squareFast = false;
    while (System.nanoTime() < end && !(diagonalFast && squareFast)) {
      // diagonal and off-diagonal tiles take different branches; a compile that never saw one
      // deoptimises on the job's first tile of that kind
      boolean diagonal = tiles % 2 == 0;
      TileScan scan = spec.newScan(spec.newReducers());
      long t0 = System.nanoTime();
      scan.score(a, diagonal ? a : b, diagonal);
      tiles++;
      double seconds = Math.max(1e-9, (System.nanoTime() - t0) / 1e9);
      double flops = 2.0 * dim * (diagonal ? ROWS * (ROWS - 1) / 2.0 : ROWS * ROWS);
      if (flops / seconds >= COMPILED_FLOPS) {
        diagonalFast |= diagonal;
        squareFast |= !diagonal;
      }
    }
    return tiles;
  }

  private static RowBlock block(Random r, int k, int dim, Metric metric) {
    RowBlock blk = RowBlock.allocate(k, k, (long) k * ROWS, ROWS, dim, metric, 1, true);
    float[] row = new float[dim];
    float s = (float) (0.5 / Math.sqrt(dim)); // norms below 1, as the planner scales dot and l2 rows
    for (int i = 0; i < ROWS; i++) {
      for (int j = 0; j < dim; j++) {
        row[j] = (float) r.nextGaussian() * s;
      }
      blk.setRow(i, row, null);
    }
    return blk;
  }
}
