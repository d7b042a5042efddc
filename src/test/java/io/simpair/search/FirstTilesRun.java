package io.simpair.search;

import io.simpair.kernel.Metric;
import java.util.List;
import java.util.Random;

/**
 * How fast a fresh JVM scores its first full-size tiles after the kernel warm-up (or without
 * it): prints the warm-up's seconds, then each tile's GFLOP/s in the order a task meets them
 * (diagonal and off-diagonal). Run by bench/first-tiles.sh, one JVM per sample.
 *
 * <p>Usage: {@code FirstTilesRun on|off [dim=384] [rows=4096] [tiles=8]}
 */
public final class FirstTilesRun {
  private FirstTilesRun() {}

  public static void main(String[] args) {
    boolean warm = args[0].equals("on");
    int dim = args.length > 1 ? Integer.parseInt(args[1]) : 384;
    int rows = args.length > 2 ? Integer.parseInt(args[2]) : 4096;
    int tiles = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    Random r = new Random(7);
    RowBlock a = block(r, 0, rows, dim);
    RowBlock b = block(r, 1, rows, dim);
    long t0 = System.nanoTime();
    int warmTiles = warm ? KernelWarmup.run(dim, Metric.COSINE, KernelWarmup.BUDGET_NANOS) : 0;
    StringBuilder line = new StringBuilder(String.format("warmup %s %.3f s %d tiles |", args[0], (System.nanoTime() - t0) / 1e9, warmTiles));
    ScanSpec spec = new ScanSpec(Metric.COSINE, false, 1, dim, 1e-5, false, false, List.of(new BestPairsReducer.Spec(1)));
    for (int t = 0; t < tiles; t++) {
      boolean diagonal = t % 3 == 0;
      TileScan scan = spec.newScan(spec.newReducers());
      long s = System.nanoTime();
      scan.score(a, diagonal ? a : b, diagonal);
      double sec = (System.nanoTime() - s) / 1e9;
      double flops = 2.0 * dim * (diagonal ? (double) rows * (rows - 1) / 2 : (double) rows * rows);
      line.append(String.format(" %s%.1f", diagonal ? "d" : "", flops / sec / 1e9));
    }
    System.out.println(line);
  }

  private static RowBlock block(Random r, int k, int rows, int dim) {
    RowBlock blk = RowBlock.allocate(k, k, (long) k * rows, rows, dim, Metric.COSINE, 1, true);
    float[] row = new float[dim];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < dim; j++) {
        row[j] = (float) r.nextGaussian();
      }
      blk.setRow(i, row, null);
    }
    return blk;
  }
}
