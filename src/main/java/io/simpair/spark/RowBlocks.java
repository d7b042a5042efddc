package io.simpair.spark;

import io.simpair.io.InputRow;
import io.simpair.io.RowRangeReader;
import io.simpair.kernel.Metric;
import io.simpair.plan.TileGrid;
import io.simpair.search.RowBlock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * The {@code blocks} stage: one side's rows packed into the {@link RowBlock}s of the grid. An
 * input that reads row ranges (NPY) gives each block straight from its files, by a task or, for
 * the broadcast path, by the driver; other formats shuffle their rows by block.
 *
 * <p>Cost: {@code O(n d)}; the row shuffle moves {@code O(n d)} bytes.
 */
final class RowBlocks {
  private final InputSide side;
  private final int sideIndex;
  private final TileGrid grid;
  private final Metric metric;
  private final double scale;

  /**
   * @param sideIndex 0 for the only or the A side, 1 for the B side
   * @param scale the plan's 2^-e for dot and l2 kernel rows
   */
  RowBlocks(InputSide side, int sideIndex, TileGrid grid, Metric metric, double scale) {
    this.side = side;
    this.sideIndex = sideIndex;
    this.grid = grid;
    this.metric = metric;
    this.scale = scale;
  }

  private int blocks() {
    return sideIndex == 0 ? grid.blocksA() : grid.blocksB();
  }

  /** True when the blocks come straight from the files (no row shuffle). */
  boolean readsRanges() {
    return side.in().readsRanges(side.dim());
  }

  /** Payload of the shuffle that moves this side's rows into blocks (none when read by range). */
  long rowShuffleBytes() {
    return readsRanges() ? 0 : side.n() * side.dim() * (side.in().fp32() ? 4L : 8L);
  }

  /** Array payload of this side's shipped blocks (original values and norms). */
  long packedBytes() {
    return side.facts().packedBytes();
  }

  /** The blocks as an RDD (one element per block). */
  JavaRDD<RowBlock> rdd(int parallelism) {
    int blockRows = grid.blockRows();
    long[] offsets = side.offsets();
    int d = side.dim();
    boolean fp32 = side.in().fp32();
    long n = side.n();
    int blocks = blocks();
    int parts = (int) Math.min(blocks, Math.max(parallelism, n * d * 8 / (64L << 20) + 1));
    int si = sideIndex;
    Metric m = metric;
    double sc = scale;
    if (readsRanges()) {
      RowRangeReader ranges = side.in().ranges();
      List<Integer> ids = new ArrayList<>();
      for (int b = 0; b < blocks; b++) {
        ids.add(b);
      }
      return JavaSparkContext.fromSparkContext(side.all().context())
          .parallelize(ids, parts)
          .map(b -> readBlock(ranges, si, b, blockRows, n, d, m, sc));
    }
    return side.rows()
        .mapToPair(r -> new Tuple2<>((int) ((offsets[r.file] + r.row) / blockRows), r))
        .partitionBy(new ModPartitioner(parts))
        .mapPartitions(it -> assemble(it, si, offsets, blockRows, n, d, m, fp32, sc));
  }

  /**
   * The blocks in block order, on the driver (for the broadcast). Blocks read by range are read
   * by the driver itself: it holds them all for the broadcast anyway, and reading 150 MB from
   * the file took 0.2 s where collecting them from tasks took ~1 s (n = 100,000, d = 384,
   * local[2]). Other formats come from {@code rdd}.
   */
  RowBlock[] onDriver(JavaRDD<RowBlock> rdd) {
    if (driverBlocks == null) {
      driverBlocks = readOnDriver(rdd); // kept: the prune stage may have asked first
    }
    return driverBlocks;
  }

  private RowBlock[] driverBlocks;

  private RowBlock[] readOnDriver(JavaRDD<RowBlock> rdd) {
    if (!readsRanges()) {
      List<RowBlock> list = new ArrayList<>(rdd.collect());
      list.sort(Comparator.comparingInt(x -> x.block));
      return list.toArray(new RowBlock[0]);
    }
    int blocks = blocks();
    RowBlock[] out = new RowBlock[blocks];
    int threads = Math.max(1, Math.min(Math.min(4, blocks), Runtime.getRuntime().availableProcessors()));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    String path = side.in().spec().path();
    try {
      List<Future<RowBlock>> reads = new ArrayList<>();
      for (int b = 0; b < blocks; b++) {
        int blk = b;
        reads.add(
            pool.submit(
                () -> readBlock(side.in().ranges(), sideIndex, blk, grid.blockRows(), side.n(), side.dim(), metric, scale)));
      }
      for (int b = 0; b < blocks; b++) {
        out[b] = reads.get(b).get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading blocks of " + path, e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      throw new UncheckedIOException("reading blocks of " + path, c instanceof IOException io ? io : new IOException(c));
    } finally {
      pool.shutdownNow();
    }
    return out;
  }

  /** Block {@code b} of one side, read by range. */
  private static RowBlock readBlock(
      RowRangeReader ranges, int sideIndex, int b, int blockRows, long n, int d, Metric metric, double scale)
      throws IOException {
    boolean fp32 = ranges.fp32();
    long start = (long) b * blockRows;
    int rows = (int) Math.min(blockRows, n - start);
    RowBlock blk = RowBlock.allocate(sideIndex, b, start, rows, d, metric, scale, fp32);
    float[] f = fp32 ? new float[rows * d] : null;
    double[] dd = fp32 ? null : new double[rows * d];
    ranges.read(start, rows, f, dd);
    for (int i = 0; i < rows; i++) {
      blk.setRow(i, f, dd, i * d);
    }
    return blk;
  }

  /** The blocks of one partition of the row shuffle, checked to be complete. */
  static Iterator<RowBlock> assemble(
      Iterator<Tuple2<Integer, InputRow>> it,
      int side,
      long[] offsets,
      int blockRows,
      long n,
      int d,
      Metric metric,
      boolean fp32,
      double scale) {
    Map<Integer, RowBlock> byId = new HashMap<>();
    Map<Integer, Integer> filled = new HashMap<>();
    while (it.hasNext()) {
      Tuple2<Integer, InputRow> t = it.next();
      InputRow r = t._2();
      int b = t._1();
      RowBlock blk =
          byId.computeIfAbsent(
              b,
              k -> {
                long start = (long) k * blockRows;
                return RowBlock.allocate(side, k, start, (int) Math.min(blockRows, n - start), d, metric, scale, fp32);
              });
      long idx = offsets[r.file] + r.row;
      blk.setRow((int) (idx - blk.start), r.f, r.d);
      if (!Double.isNaN(r.value)) { // a value column: every row has a finite value (else the input was refused)
        if (blk.values == null) {
          blk.values = new double[blk.rows];
        }
        blk.values[(int) (idx - blk.start)] = r.value;
      }
      filled.merge(b, 1, Integer::sum);
    }
    for (Map.Entry<Integer, RowBlock> e : byId.entrySet()) {
      int got = filled.get(e.getKey());
      if (got != e.getValue().rows) {
        throw new IllegalStateException("block " + e.getKey() + " got " + got + " rows of " + e.getValue().rows);
      }
    }
    return byId.values().iterator();
  }
}
