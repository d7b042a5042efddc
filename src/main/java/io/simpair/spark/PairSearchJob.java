package io.simpair.spark;

import io.simpair.io.EmbeddingSource;
import io.simpair.io.InputException;
import io.simpair.io.InputRow;
import io.simpair.io.LoadedInput;
import io.simpair.kernel.Metric;
import io.simpair.kernel.RoundingBound;
import io.simpair.kernel.SimilarityProvider;
import io.simpair.kernel.SimilaritySupport;
import io.simpair.plan.TileGrid;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * The exact most-similar-pair job: read → validate → index → block → score tiles → reduce.
 *
 * <p>Cost: {@code n(n-1)/2} pair scores, {@code n(n-1) d} flops, in {@code B(B+1)/2} tiles of
 * {@code blockRows²} pairs (B blocks); per task memory {@code O(blockRows · d)} (broadcast) or
 * {@code O(groupBlocks · blockRows · d)} (shuffle). Shuffles: one of the rows into blocks
 * ({@code O(n d)} bytes), and on the shuffle path one that replicates each block to the
 * {@code G} super-tiles of its row and column ({@code O(G n d)} bytes, G = number of block
 * groups). Never materialises the {@code n x n} score matrix.
 */
public final class PairSearchJob {
  private static final Logger LOG = LogManager.getLogger(PairSearchJob.class);
  /** Kernel rows per block target: about this many bytes. */
  static final long BLOCK_TARGET_BYTES = 8L << 20;

  private final PairsConfig cfg;

  public PairSearchJob(PairsConfig cfg) {
    this.cfg = cfg;
  }

  /**
   * Runs the job on the given session (never builds one).
   *
   * @throws InputException on bad input (nothing is written)
   */
  public JobResult run(SparkSession spark) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Metric metric = cfg.metric();
    StageLog log = new StageLog();
    int parallelism = jsc.defaultParallelism();

    // ---- read
    StageLog.Stage s = log.begin("read", "list the input and read headers");
    jsc.setJobDescription("simpair: list input");
    LoadedInput in = EmbeddingSource.open(spark, cfg.input());
    log.end(s, in.files().size(), in.files().size());
    s.count("files", in.files().size()).count("format", in.format().label());

    // ---- validate
    s = log.begin("validate", "read every row; check values, dimensions and norms");
    jsc.setJobDescription("simpair: read and validate rows");
    JavaRDD<InputRow> rows = in.rows().persist(StorageLevel.MEMORY_AND_DISK());
    int files = in.files().size();
    JavaRDD<InputRow> all = rows;
    RowStats st = rows.treeAggregate(new RowStats(metric, files), RowStats::add, RowStats::merge);
    checkStats(in, st);
    long n = st.count;
    int d = st.dim0;
    long[] offsets = new long[files];
    for (int i = 1; i < files; i++) {
      offsets[i] = offsets[i - 1] + st.perFile[i - 1];
    }
    log.end(s, n, n);
    s.count("rows", n).count("dimension", d).count("max_norm", st.maxNorm);
    LOG.info("validated {} rows of dimension {} from {} file(s)", n, d, files);

    // ---- ids
    s = log.begin("ids", "check that ids are unique");
    jsc.setJobDescription("simpair: check ids");
    IdColumn ids = IdColumn.of(jsc, in, rows, offsets, n);
    ids.checkUnique(in, rows, offsets);
    log.end(s, n, n);

    if (cfg.limit() > 0 && cfg.limit() < n) {
      // a prefix in input order (the scaling sweep); the whole input was validated above
      long limit = cfg.limit();
      rows = rows.filter(r -> offsets[r.file] + r.row < limit);
      LOG.info("using the first {} of {} rows (--limit)", limit, n);
      n = limit;
      if (n < 2) {
        throw new InputException("--limit " + limit + " leaves fewer than 2 rows");
      }
    }

    // ---- plan
    s = log.begin("plan", "cut rows into blocks and tiles");
    int blockRows = cfg.blockRows() > 0 ? cfg.blockRows() : autoBlockRows(d, n, parallelism);
    TileGrid grid = TileGrid.triangular(n, blockRows);
    int scaleExp = metric == Metric.COSINE || st.maxNorm == 0 ? 0 : Math.getExponent(st.maxNorm) + 1;
    double scale = Math.scalb(1.0, -scaleExp);
    double maxKernelNorm = (metric == Metric.COSINE ? 1.0 : st.maxNorm * scale) * (1 + 1e-6);
    double maxBias = metric == Metric.L2 ? maxKernelNorm * maxKernelNorm / 2 : 0;
    double delta = RoundingBound.delta(d, maxKernelNorm, maxBias);
    SimilaritySupport support = SimilarityProvider.get();
    LOG.info("plan: {}; kernel {} ({}); fp32 rounding bound delta={}", grid, support.name(), SimilarityProvider.reason(), delta);
    log.end(s, n, grid.tileCount());
    s.count("block_rows", blockRows).count("blocks", grid.blocksA()).count("tiles", grid.tileCount());

    // ---- blocks
    s = log.begin("blocks", "pack rows into row blocks (shuffle by block)");
    jsc.setJobDescription("simpair: pack rows into blocks");
    boolean fp32 = in.fp32();
    int blockParts = (int) Math.min(grid.blocksA(), Math.max(parallelism, n * d * 8 / (64L << 20) + 1));
    JavaRDD<RowBlock> blocks =
        rows.mapToPair(r -> new Tuple2<>((int) ((offsets[r.file] + r.row) / blockRows), r))
            .partitionBy(new ModPartitioner(blockParts))
            .mapPartitions(it -> buildBlocks(it, offsets, grid, d, metric, fp32, scale));
    long blockBytes = 0;
    for (int b = 0; b < grid.blocksA(); b++) {
      blockBytes += (long) grid.blockSizeA(b) * d * (fp32 ? 8 : 12) + grid.blockSizeA(b) * 8L;
    }
    long rowShuffleBytes = n * d * (fp32 ? 4L : 8L);
    log.end(s, n, grid.blocksA());
    s.count("blocks", grid.blocksA()).count("bytes_shuffled", rowShuffleBytes);

    // ---- distribute and score
    PairsConfig.Strategy strategy = cfg.strategy();
    long limit = cfg.broadcastLimitBytes() > 0 ? cfg.broadcastLimitBytes() : defaultBroadcastLimit(jsc);
    String why;
    if (strategy == PairsConfig.Strategy.AUTO) {
      strategy = blockBytes <= limit ? PairsConfig.Strategy.BROADCAST : PairsConfig.Strategy.SHUFFLE;
      why =
          String.format(
              "packed blocks are %s, %s the broadcast limit %s",
              bytes(blockBytes), blockBytes <= limit ? "within" : "over", bytes(limit));
    } else {
      why = "forced by --strategy " + strategy.name().toLowerCase();
    }
    LOG.info("distribution: {} ({})", strategy.name().toLowerCase(), why);
    LongAccumulator tilesAcc = jsc.sc().longAccumulator("simpair.tiles (progress)");
    LongAccumulator pairsAcc = jsc.sc().longAccumulator("simpair.pairs (progress)");
    double tolerance = 2 * delta;
    TaskResult total;
    StageLog.Stage dist;
    s = null;
    if (strategy == PairsConfig.Strategy.BROADCAST) {
      dist = log.begin("broadcast", "collect blocks and broadcast them to every executor");
      jsc.setJobDescription("simpair: collect blocks for broadcast");
      List<RowBlock> list = new ArrayList<>(blocks.collect());
      list.sort(Comparator.comparingInt(b -> b.block));
      RowBlock[] arr = list.toArray(new RowBlock[0]);
      Broadcast<RowBlock[]> bc = jsc.broadcast(arr);
      long bytes = Arrays.stream(arr).mapToLong(RowBlock::payloadBytes).sum();
      log.end(dist, n, arr.length);
      dist.count("bytes_broadcast", bytes);
      int tasks = taskCount(grid, d, parallelism);
      List<int[][]> taskTiles = new ArrayList<>();
      for (List<int[]> t : grid.balancedTasks(tasks)) {
        taskTiles.add(t.toArray(new int[0][]));
      }
      s = log.begin("score", "score tiles with the fused kernel; re-score near-best pairs in fp64");
      jsc.setJobDescription("simpair: score " + grid.tileCount() + " tiles in " + taskTiles.size() + " tasks (broadcast)");
      try (Progress p = progress(grid, tilesAcc, pairsAcc)) {
        total =
            jsc.parallelize(taskTiles, taskTiles.size())
                .map(t -> scoreTiles(t, bc.value(), bc.value(), metric, d, tolerance, tilesAcc, pairsAcc))
                .reduce(TaskResult::merge);
      }
      s.count("tasks", taskTiles.size());
    } else {
      int g = cfg.groupBlocks() > 0 ? cfg.groupBlocks() : autoGroupBlocks(grid, jsc, parallelism, blockBytes);
      TileGrid.SuperGrid sg = grid.superGrid(g);
      dist = log.begin("replicate", "ship each block to the super-tiles of its row and column (shuffle)");
      log.end(dist, grid.blocksA(), (long) grid.blocksA() * sg.replicationA());
      dist.count("super_tiles", sg.superTileCount()).count("group_blocks", g)
          .count("replication", sg.replicationA()).count("bytes_shuffled", blockBytes * sg.replicationA());
      LOG.info("shuffle path: {}", sg);
      s = log.begin("score", "replicate blocks, score tiles with the fused kernel; re-score near-best pairs in fp64");
      jsc.setJobDescription("simpair: replicate blocks and score " + grid.tileCount() + " tiles in " + sg.superTileCount() + " super-tiles (shuffle)");
      JavaPairRDD<Integer, RowBlock> placed =
          blocks
              .flatMapToPair(
                  b -> {
                    List<Tuple2<Integer, RowBlock>> out = new ArrayList<>();
                    for (int t : sg.superTilesForA(b.block)) {
                      out.add(new Tuple2<>(t, b));
                    }
                    return out.iterator();
                  })
              .partitionBy(new ModPartitioner(sg.superTileCount()));
      try (Progress p = progress(grid, tilesAcc, pairsAcc)) {
        total =
            placed
                .mapPartitionsWithIndex(
                    (part, it) -> {
                      Map<Integer, RowBlock> byId = new HashMap<>();
                      while (it.hasNext()) {
                        RowBlock b = it.next()._2();
                        byId.put(b.block, b);
                      }
                      List<int[]> tiles = sg.tilesOf(part);
                      RowBlock[] lookup = new RowBlock[grid.blocksA()];
                      for (Map.Entry<Integer, RowBlock> e : byId.entrySet()) {
                        lookup[e.getKey()] = e.getValue();
                      }
                      return List.of(
                              scoreTiles(tiles.toArray(new int[0][]), lookup, lookup, metric, d, tolerance, tilesAcc, pairsAcc))
                          .iterator();
                    },
                    true)
                .reduce(TaskResult::merge);
      }
      s.count("tasks", sg.superTileCount());
    }
    if (total.tiles != grid.tileCount() || total.pairs != grid.pairCount()) {
      throw new IllegalStateException(
          String.format(
              "count check failed: scored %d tiles / %d pairs, the plan says %d / %d",
              total.tiles, total.pairs, grid.tileCount(), grid.pairCount()));
    }
    long flops = 2 * total.pairs * (long) d;
    log.end(s, grid.tileCount(), total.tiles);
    s.count("tiles", total.tiles).count("pairs_scored", total.pairs).count("flops", flops)
        .count("rows_rescored_fp32", total.rowsRescored).count("pairs_rescored_fp64", total.exactScored)
        .count("task_seconds", total.seconds)
        .count("pairs_per_second", s.seconds > 0 ? total.pairs / s.seconds : 0);

    // ---- result
    s = log.begin("reduce", "look up the ids of the best pair");
    jsc.setJobDescription("simpair: look up ids of the best pair");
    PairCandidate best = total.best;
    String[] names = ids.lookup(best.a, best.b);
    log.end(s, 2, 2);
    all.unpersist(false);

    JobResult r = new JobResult();
    r.idA = names[0];
    r.idB = names[1];
    r.indexA = best.a;
    r.indexB = best.b;
    r.score = best.score;
    r.metric = metric.label();
    r.documents = n;
    r.dimension = d;
    r.counts.put("documents", n);
    r.counts.put("blocks", grid.blocksA());
    r.counts.put("tiles", total.tiles);
    r.counts.put("pairs_scored", total.pairs);
    r.counts.put("pairs_expected", grid.pairCount());
    r.counts.put("flops", flops);
    r.counts.put("pairs_rescored_fp64", total.exactScored);
    r.counts.put("bytes_broadcast", dist.counts.getOrDefault("bytes_broadcast", 0L));
    r.counts.put(
        "bytes_shuffled",
        rowShuffleBytes + (long) dist.counts.getOrDefault("bytes_shuffled", 0L));
    r.info.put("certified", true);
    r.info.put("rounding_bound", delta);
    r.info.put("kernel_scale", scale);
    r.info.put("block_rows", blockRows);
    r.info.put("strategy", strategy.name().toLowerCase());
    r.info.put("strategy_reason", why);
    r.info.put("kernel", support.name());
    r.info.put("input", cfg.input().path());
    r.info.put("format", in.format().label());
    r.stages = log;
    return r;
  }

  private Progress progress(TileGrid grid, LongAccumulator tiles, LongAccumulator pairs) {
    if (!cfg.progress()) {
      return null;
    }
    return new Progress("score", grid.tileCount(), tiles::value, pairs::value, System.err);
  }

  /** Turns the validation aggregate into the first error, in input order, if any. */
  static void checkStats(LoadedInput in, RowStats st) {
    String problem = null;
    if (st.problem != null) {
      problem = in.describe(st.pFile, st.pRow, st.pLine, st.pId) + ": " + st.problem;
    }
    if (st.dim1 >= 0
        && (st.problem == null || InputRow.compareKeys(st.file1, st.row1, st.pFile, st.pRow) < 0)) {
      problem =
          in.describe(st.file1, st.row1, st.line1, st.id1)
              + ": dimension mismatch: "
              + st.dim1
              + " values, expected "
              + st.dim0
              + " (the dimension of "
              + in.describe(st.file0, st.row0, st.line0, null)
              + ")";
    }
    if (problem != null) {
      throw new InputException(problem);
    }
    if (st.count < 2) {
      throw new InputException(
          in.spec().path() + ": fewer than 2 rows (found " + st.count + "); a pair needs two");
    }
  }

  static Iterator<RowBlock> buildBlocks(
      Iterator<Tuple2<Integer, InputRow>> it,
      long[] offsets,
      TileGrid grid,
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
              b, k -> RowBlock.allocate(k, grid.blockStart(k), grid.blockSizeA(k), d, metric, fp32));
      long idx = offsets[r.file] + r.row;
      blk.setRow((int) (idx - blk.start), r.f, r.d, metric, scale);
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

  static TaskResult scoreTiles(
      int[][] tiles,
      RowBlock[] sideA,
      RowBlock[] sideB,
      Metric metric,
      int d,
      double tolerance,
      LongAccumulator tilesAcc,
      LongAccumulator pairsAcc) {
    long t0 = System.nanoTime();
    TileEvaluator ev = new TileEvaluator(SimilarityProvider.get(), metric, d, tolerance);
    for (int[] t : tiles) {
      long before = ev.pairs;
      ev.score(sideA[t[0]], sideB[t[1]]);
      tilesAcc.add(1);
      pairsAcc.add(ev.pairs - before);
    }
    return TaskResult.of(ev, (System.nanoTime() - t0) / 1e9);
  }

  /**
   * The default rows per block: about {@link #BLOCK_TARGET_BYTES} of fp32 kernel rows, a power
   * of two between 128 and 4096, halved while there would be fewer tiles than twice the
   * parallelism.
   */
  public static int autoBlockRows(int d, long n, int parallelism) {
    int br = Integer.highestOneBit((int) Math.max(1, BLOCK_TARGET_BYTES / (4L * d)));
    br = Math.max(128, Math.min(4096, br));
    while (br > 128) {
      long b = (n + br - 1) / br;
      if (b * (b + 1) / 2 >= 2L * parallelism) {
        break;
      }
      br /= 2;
    }
    return br;
  }

  /** Tasks for the broadcast path: ~0.3 TFLOP each, at least 2 per core, at most 16 per core. */
  static int taskCount(TileGrid grid, int d, int parallelism) {
    double flops = 2.0 * grid.pairCount() * d;
    long t = (long) Math.ceil(flops / 3e11);
    t = Math.max(2L * parallelism, Math.min(16L * parallelism, t));
    return (int) Math.min(t, grid.tileCount());
  }

  static long defaultBroadcastLimit(JavaSparkContext jsc) {
    long heap = Runtime.getRuntime().maxMemory();
    long exec = jsc.sc().isLocal() ? heap : jsc.getConf().getSizeAsBytes("spark.executor.memory", "1g");
    return Math.min(heap, exec) / 5;
  }

  static int autoGroupBlocks(TileGrid grid, JavaSparkContext jsc, int parallelism, long blockBytes) {
    int blocks = grid.blocksA();
    long per = Math.max(1, blockBytes / blocks);
    long budget = defaultBroadcastLimit(jsc);
    int byMemory = (int) Math.max(1, budget / (2 * per));
    // at least ~2 super-tiles per core: G(G+1)/2 >= 2p
    int minGroups = (int) Math.ceil((Math.sqrt(1 + 16.0 * parallelism) - 1) / 2);
    int byParallelism = (int) Math.max(1, (blocks + minGroups - 1) / minGroups);
    return Math.min(byMemory, byParallelism);
  }

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
    return String.format(java.util.Locale.ROOT, "%.1f %s", v, u[i]);
  }

  /** Sends key k to partition k mod n. */
  static final class ModPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int parts;

    ModPartitioner(int parts) {
      this.parts = parts;
    }

    @Override
    public int numPartitions() {
      return parts;
    }

    @Override
    public int getPartition(Object key) {
      return Math.floorMod((Integer) key, parts);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ModPartitioner m && m.parts == parts;
    }

    @Override
    public int hashCode() {
      return parts;
    }
  }
}
