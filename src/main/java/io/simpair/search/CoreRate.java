package io.simpair.search;

import io.simpair.kernel.Metric;
import java.util.List;
import java.util.Random;

/**
 * Measures what one core scores per second with a search's own kernel, dimension and reducers:
 * one off-diagonal tile of two seeded random blocks, repeated until the time budget is spent,
 * best round kept (the first rounds include JIT compilation). The scoring stage's expected time
 * comes from it.
 */
public final class CoreRate {
  private CoreRate() {}

  /**
   * Pair scores per second of one thread for {@code spec}.
   *
   * @param rows rows per calibration block (the tile is rows x rows pairs)
   * @param budgetNanos stop starting rounds after this long (at least two rounds run)
   */
  public static double measure(ScanSpec spec, int rows, long budgetNanos) {
    return measure(spec, rows, budgetNanos, 1);
  }

  /**
   * As above on calibration rows with about {@code density} of their values non-zero (the
   * sparse kernel's work follows the non-zeros, so it is measured at the input's density).
   */
  public static double measure(ScanSpec spec, int rows, long budgetNanos, double density) {
    RowBlock a = block(spec, 0, rows, 1, density);
    RowBlock b = block(spec, 1, rows, 2, density);
    double best = 0;
    long start = System.nanoTime();
    for (int round = 0; round < 2 || System.nanoTime() - start < budgetNanos; round++) {
      List<TileReducer<?>> reducers = spec.newReducers();
      TileScan scan = spec.newScan(reducers);
      long t0 = System.nanoTime();
      scan.score(a, b, false);
      long t = Math.max(1, System.nanoTime() - t0);
      best = Math.max(best, scan.counts().pairs * 1e9 / t);
      if (round > 1000) {
        break;
      }
    }
    return best;
  }

  private static RowBlock block(ScanSpec spec, int block, int rows, long seed, double density) {
    Random r = new Random(seed);
    RowBlock blk =
        RowBlock.allocate(0, block, (long) block * rows, rows, spec.dim(), spec.metric(), spec.scale(), true);
    float[] row = new float[spec.dim()];
    // dot and l2 kernel rows are x * scale: rows of norm ~0.5 / scale stay inside the unit ball
    double sd = spec.metric() == Metric.COSINE ? 1 : 0.5 / Math.sqrt(row.length) / spec.scale();
    for (int i = 0; i < rows; i++) {
      for (int e = 0; e < row.length; e++) {
        row[e] = spec.binary() ? r.nextInt(2) : density < 1 && r.nextDouble() >= density ? 0 : (float) (r.nextGaussian() * sd);
      }
      if (spec.binary()) {
        row[i % row.length] = 1; // no zero rows
      } else if (density < 1) {
        // every pair shares position 0: distinct scores, not a tile of tied zeros that all re-score
        row[0] = (float) (1 + r.nextDouble());
      }
      blk.setRow(i, row, null);
    }
    blk.values = new double[rows]; // an attention scan with a value column reads them; their values do not change its speed
    java.util.Arrays.fill(blk.values, 1);
    return blk;
  }
}
