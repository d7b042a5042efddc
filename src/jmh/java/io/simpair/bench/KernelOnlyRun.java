package io.simpair.bench;

import io.simpair.io.NpyHeader;
import io.simpair.kernel.SimilarityProvider;
import io.simpair.kernel.TileScorer;
import io.simpair.plan.TileGrid;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kernel-only throughput over exactly the tiles the {@code pairs} job scores: the same NPY
 * input, the same {@link TileGrid} (triangular, 4096-row blocks by default), cosine rows, {@link
 * TileScorer#maxScores} on every tile, on {@code threads} plain Java threads pulling tiles from
 * a shared queue (largest first), one scorer per thread. No Spark, no reducers, no I/O in the
 * timed part: the ceiling the job's scoring and whole-job throughput are compared with in
 * {@code bench/e2e.sh}.
 *
 * <pre>
 *   java --add-modules=jdk.incubator.vector -cp target-bench/benchmarks.jar \
 *       io.simpair.bench.KernelOnlyRun input.npy [threads=2] [runs=3] [blockRows=4096]
 * </pre>
 *
 * Prints one line per run ({@code kernel_only run=R seconds=S GFLOPs=G}); the first run
 * includes the JIT's warm-up, as the job's first tiles do.
 */
public final class KernelOnlyRun {

  private KernelOnlyRun() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: KernelOnlyRun input.npy [threads=2] [runs=3] [blockRows=4096]");
      System.exit(2);
    }
    Path input = Path.of(args[0]);
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int blockRows = args.length > 3 ? Integer.parseInt(args[3]) : 4096;

    float[][] blocks;
    int dim;
    long n;
    try (FileChannel ch = FileChannel.open(input, StandardOpenOption.READ)) {
      ByteBuffer prefix = ByteBuffer.allocate((int) Math.min(NpyHeader.MAX_PREFIX, ch.size()));
      ch.read(prefix, 0);
      NpyHeader h = NpyHeader.parse(prefix.array(), prefix.position(), ch.size());
      if (!h.fp32()) {
        throw new IOException("KernelOnlyRun reads float32 NPY files only");
      }
      n = h.rows();
      dim = h.cols();
      TileGrid g = TileGrid.triangular(n, blockRows);
      blocks = new float[g.blocksA()][];
      for (int b = 0; b < blocks.length; b++) {
        int rows = (int) Math.min(blockRows, n - (long) b * blockRows);
        ByteBuffer buf = ByteBuffer.allocate(rows * dim * 4).order(ByteOrder.LITTLE_ENDIAN);
        long pos = h.dataOffset() + (long) b * blockRows * dim * 4;
        while (buf.hasRemaining()) {
          if (ch.read(buf, pos + buf.position()) < 0) {
            throw new IOException("short read in " + input);
          }
        }
        buf.flip();
        float[] x = new float[rows * dim];
        buf.asFloatBuffer().get(x);
        normalize(x, rows, dim);
        blocks[b] = x;
      }
    }
    TileGrid grid = TileGrid.triangular(n, blockRows);
    List<int[]> tiles = new ArrayList<>(grid.tiles());
    tiles.sort((x, y) -> Long.compare(grid.tilePairs(y[0], y[1]), grid.tilePairs(x[0], x[1])));
    double flops = 2.0 * grid.pairCount() * dim;
    System.out.println(
        "# kernel_only n=" + n + " d=" + dim + " blockRows=" + blockRows + " tiles=" + tiles.size()
            + " threads=" + threads + " kernel=" + SimilarityProvider.get().name());
    for (int r = 1; r <= runs; r++) {
      double seconds = run(blocks, tiles, dim, threads);
      System.out.printf("kernel_only run=%d seconds=%.3f GFLOPs=%.1f%n", r, seconds,
          flops / seconds / 1e9);
    }
  }

  private static double run(float[][] blocks, List<int[]> tiles, int dim, int threads)
      throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    Thread[] ts = new Thread[threads];
    long t0 = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      ts[t] = new Thread(() -> {
        TileScorer scorer = SimilarityProvider.get().newTileScorer(dim);
        float[] rowMax = new float[blocks[0].length / dim];
        float[] zeros = new float[rowMax.length];
        for (int k; (k = next.getAndIncrement()) < tiles.size(); ) {
          int[] tile = tiles.get(k);
          float[] a = blocks[tile[0]];
          float[] b = blocks[tile[1]];
          scorer.maxScores(a, zeros, a.length / dim, b, zeros, b.length / dim,
              tile[0] == tile[1], rowMax, null);
        }
      });
      ts[t].start();
    }
    for (Thread t : ts) {
      t.join();
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private static void normalize(float[] x, int rows, int dim) {
    for (int i = 0; i < rows; i++) {
      double sq = 0;
      for (int e = 0; e < dim; e++) {
        sq += (double) x[i * dim + e] * x[i * dim + e];
      }
      float norm = (float) Math.sqrt(sq);
      for (int e = 0; e < dim; e++) {
        x[i * dim + e] = norm == 0 ? 0f : x[i * dim + e] / norm;
      }
    }
  }
}
