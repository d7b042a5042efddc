package io.simpair.spark;

import io.simpair.io.EmbeddingSource;
import io.simpair.io.InputException;
import io.simpair.io.InputRow;
import io.simpair.io.InputSpec;
import io.simpair.io.LoadedInput;
import io.simpair.io.OutputCommit;
import io.simpair.io.PairTableWriter;
import io.simpair.io.RowRangeReader;
import io.simpair.kernel.BinaryScore;
import io.simpair.kernel.BinaryScorerProvider;
import io.simpair.kernel.Metric;
import io.simpair.kernel.RoundingBound;
import io.simpair.kernel.SimilarityProvider;
import io.simpair.kernel.SimilaritySupport;
import io.simpair.plan.TileGrid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * The exact pair search: read → validate → plan → block → score tiles → reduce → write.
 *
 * <p>Cost: {@code n(n-1)/2} pair scores ({@code nA · nB} bichromatic), {@code 2 d} flops each,
 * in the tiles of a {@link TileGrid}; per task memory {@code O(blockRows · d)} (broadcast) or
 * {@code O(groupBlocks · blockRows · d)} (shuffle). Shuffles: the rows into blocks ({@code O(n
 * d)} bytes); on the shuffle path each block to the {@code G} super-tiles of its row and column
 * ({@code O(G n d)} bytes); threshold and per-row outputs are joined with the ids. The {@code n
 * x n} score matrix is never materialised: the fused reducers keep O(K) per task (top-k), O(K)
 * per row (per-row), or the selected pairs (threshold, at most {@code --max-pairs}).
 */
public final class PairSearchJob {
  private static final Logger LOG = LogManager.getLogger(PairSearchJob.class);
  /** Kernel rows per block target: about this many bytes. */
  static final long BLOCK_TARGET_BYTES = 8L << 20;
  /** Output names under the output directory. */
  public static final String THRESHOLD_OUT = "threshold.parquet";

  public static final String PER_ROW_OUT = "per_row.parquet";

  private final PairsConfig cfg;

  public PairSearchJob(PairsConfig cfg) {
    this.cfg = cfg;
  }

  /** One input side after validation. */
  static final class Side {
    LoadedInput in;
    JavaRDD<InputRow> all;
    JavaRDD<InputRow> rows;
    RowStats stats;
    long[] offsets;
    long n;
    int dim;
    IdColumn ids;
  }

  /** Runs without writing bulky outputs (best pair and top-k only). */
  public JobResult run(SparkSession spark) {
    return run(spark, null);
  }

  /**
   * Runs the job on the given session (never builds one). Threshold and per-row outputs are
   * staged through {@code writer}, which the caller commits.
   *
   * @throws InputException on bad input (nothing is written)
   */
  public JobResult run(SparkSession spark, OutputCommit writer) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    StageLog log = new StageLog();
    int parallelism = jsc.defaultParallelism();
    ShuffleMeter meter = new ShuffleMeter();
    jsc.sc().addSparkListener(meter);
    try {
      return run(spark, jsc, writer, log, parallelism, meter);
    } finally {
      jsc.sc().removeSparkListener(meter);
    }
  }

  private JobResult run(
      SparkSession spark,
      JavaSparkContext jsc,
      OutputCommit writer,
      StageLog log,
      int parallelism,
      ShuffleMeter meter) {
    Metric metric = cfg.metric();
    boolean least = cfg.mode() == PairsConfig.Mode.LEAST;
    boolean bi = cfg.bichromatic();
    if ((!Double.isNaN(cfg.threshold()) || cfg.perRowTop() > 0) && writer == null) {
      throw new IllegalArgumentException("threshold and per-row search need an output writer");
    }

    Side a = prepare(spark, jsc, cfg.input(), bi ? "-a" : "", log);
    Side b = bi ? prepare(spark, jsc, cfg.inputB(), "-b", log) : a;
    if (bi && a.dim != b.dim) {
      throw new InputException(
          "dimension mismatch between the inputs: "
              + cfg.input().path()
              + " has "
              + a.dim
              + ", "
              + cfg.inputB().path()
              + " has "
              + b.dim);
    }
    int d = a.dim;

    // ---- plan
    StageLog.Stage s = log.begin("plan", "cut rows into blocks and tiles");
    long nTotal = bi ? a.n + b.n : a.n;
    int blockRows =
        cfg.blockRows() > 0
            ? cfg.blockRows()
            : autoBlockRows(d, bi ? Math.max(a.n, b.n) : a.n, parallelism, bi);
    TileGrid grid = bi ? TileGrid.rectangular(a.n, b.n, blockRows) : TileGrid.triangular(a.n, blockRows);
    double maxNorm = Math.max(a.stats.maxNorm, b.stats.maxNorm);
    int scaleExp = metric == Metric.COSINE || maxNorm == 0 ? 0 : Math.getExponent(maxNorm) + 1;
    double scale = Math.scalb(1.0, -scaleExp);
    double maxKernelNorm = (metric == Metric.COSINE ? 1.0 : maxNorm * scale) * (1 + 1e-6);
    double maxBias = metric == Metric.L2 ? maxKernelNorm * maxKernelNorm / 2 : 0;
    double delta = RoundingBound.delta(d, maxKernelNorm, maxBias);
    SimilaritySupport support = SimilarityProvider.get();
    KernelChoice choice = chooseKernel(a, b);
    boolean binary = choice.binary();
    String kernelReason = choice.reason();
    String kernelName =
        binary
            ? BinaryScorerProvider.newScorer(d, binaryScore(metric)).name()
            : support.name();
    LOG.info(
        "plan: {}; kernel {} ({}; {}); fp32 rounding bound delta={}",
        grid,
        kernelName,
        kernelReason,
        binary ? BinaryScorerProvider.reason() : SimilarityProvider.reason(),
        delta);
    log.end(s, nTotal, grid.tileCount());
    s.count("block_rows", blockRows)
        .count("blocks", grid.blocksA() + (bi ? grid.blocksB() : 0))
        .count("tiles", grid.tileCount());

    // ---- blocks
    s = log.begin("blocks", "pack rows into row blocks (NPY: read by block; else a shuffle by block)");
    jsc.setJobDescription("simpair: pack rows into blocks");
    JavaRDD<RowBlock> blocksA = packBlocks(a, 0, grid, parallelism, metric, scale);
    JavaRDD<RowBlock> blocksB = bi ? packBlocks(b, 1, grid, parallelism, metric, scale) : null;
    long blockBytes = packedBytes(a, d) + (bi ? packedBytes(b, d) : 0);
    long rowShuffleBytes = rowShuffleBytes(a, d) + (bi ? rowShuffleBytes(b, d) : 0);
    log.end(s, nTotal, grid.blocksA() + (bi ? grid.blocksB() : 0));
    s.count("bytes_shuffled", rowShuffleBytes);

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
      why = "forced by --strategy " + strategy.name().toLowerCase(Locale.ROOT);
    }
    LOG.info("distribution: {} ({})", strategy.name().toLowerCase(Locale.ROOT), why);
    LongAccumulator tilesAcc = jsc.sc().longAccumulator("simpair.tiles (progress)");
    LongAccumulator pairsAcc = jsc.sc().longAccumulator("simpair.pairs (progress)");
    TileEvaluator.Reducers want =
        new TileEvaluator.Reducers(
            Math.max(1, cfg.topK()),
            Double.isNaN(cfg.threshold()) ? Double.NaN : TileEvaluator.key(metric, least, cfg.threshold()),
            (int) Math.min(Integer.MAX_VALUE - 1, cfg.maxPairs()),
            cfg.perRowTop(),
            !bi);
    ScoreSpec spec = new ScoreSpec(metric, least, scale, d, delta, want, bi, binary);
    JavaRDD<ScoreOut> scored;
    StageLog.Stage dist;
    String tasksNote;
    if (strategy == PairsConfig.Strategy.BROADCAST) {
      dist = log.begin("broadcast", "collect blocks (NPY: the driver reads them) and broadcast them");
      jsc.setJobDescription("simpair: collect blocks for broadcast");
      RowBlock[] arrA = blocksForBroadcast(a, 0, blocksA, grid, metric, scale);
      RowBlock[] arrB = bi ? blocksForBroadcast(b, 1, blocksB, grid, metric, scale) : arrA;
      Broadcast<RowBlock[]> bcA = jsc.broadcast(arrA);
      Broadcast<RowBlock[]> bcB = bi ? jsc.broadcast(arrB) : bcA;
      long bytes = Arrays.stream(arrA).mapToLong(RowBlock::payloadBytes).sum()
          + (bi ? Arrays.stream(arrB).mapToLong(RowBlock::payloadBytes).sum() : 0);
      log.end(dist, nTotal, arrA.length + (bi ? arrB.length : 0));
      dist.count("bytes_broadcast", bytes);
      List<int[][]> taskTiles = new ArrayList<>();
      for (List<int[]> t : grid.balancedTasks(taskCount(grid, d, parallelism))) {
        taskTiles.add(t.toArray(new int[0][]));
      }
      tasksNote = taskTiles.size() + " tasks (broadcast)";
      scored =
          jsc.parallelize(taskTiles, taskTiles.size())
              .flatMap(t -> scoreTiles(t, bcA.value(), bcB.value(), spec, tilesAcc, pairsAcc));
    } else {
      int g = cfg.groupBlocks() > 0 ? cfg.groupBlocks() : autoGroupBlocks(grid, jsc, parallelism, blockBytes);
      TileGrid.SuperGrid sg = grid.superGrid(g);
      dist = log.begin("replicate", "ship each block to the super-tiles that need it (shuffle)");
      long replicated = (long) grid.blocksA() * sg.replicationA();
      log.end(dist, grid.blocksA() + (bi ? grid.blocksB() : 0), replicated);
      dist.count("super_tiles", sg.superTileCount())
          .count("group_blocks", g)
          .count("replication", sg.replicationA())
          .count("bytes_shuffled", bi ? packedBytes(a, d) * sg.replicationA()
              + packedBytes(b, d) * (sg.superTileCount() / Math.max(1, sg.replicationA()))
              : blockBytes * sg.replicationA());
      LOG.info("shuffle path: {}", sg);
      tasksNote = sg.superTileCount() + " super-tiles (shuffle)";
      JavaPairRDD<Integer, RowBlock> placed =
          blocksA.flatMapToPair(blk -> place(blk, sg.superTilesForA(blk.block)));
      if (bi) {
        placed = placed.union(blocksB.flatMapToPair(blk -> place(blk, sg.superTilesForB(blk.block))));
      }
      int blocksInA = grid.blocksA();
      int blocksInB = grid.blocksB();
      scored =
          placed
              .partitionBy(new ModPartitioner(sg.superTileCount()))
              .mapPartitionsWithIndex(
                  (part, it) -> {
                    RowBlock[] sideA = new RowBlock[blocksInA];
                    RowBlock[] sideB = bi ? new RowBlock[blocksInB] : sideA;
                    while (it.hasNext()) {
                      RowBlock blk = it.next()._2();
                      (blk.side == 0 ? sideA : sideB)[blk.block] = blk;
                    }
                    int[][] tiles = sg.tilesOf(part).toArray(new int[0][]);
                    return scoreTiles(tiles, sideA, sideB, spec, tilesAcc, pairsAcc);
                  },
                  true);
    }
    s = log.begin("score", "score tiles with the fused kernel; re-score near-best pairs in fp64");
    jsc.setJobDescription("simpair: score " + grid.tileCount() + " tiles in " + tasksNote);
    scored = scored.persist(StorageLevel.MEMORY_AND_DISK());
    TaskResult total;
    try (Progress p = progress(grid, tilesAcc, pairsAcc)) {
      total =
          scored
              .filter(o -> o.kind == ScoreOut.SUMMARY)
              .map(o -> o.summary)
              .reduce(TaskResult::merge);
    }
    if (pairsAcc.value() != total.pairs) {
      // the accumulators feed the progress line; a retried or recomputed task adds twice
      LOG.warn(
          "progress accumulator counted {} pairs, the task results {} (task retries or recomputation)",
          pairsAcc.value(),
          total.pairs);
    }
    if (total.tiles != grid.tileCount() || total.pairs != grid.pairCount()) {
      throw new IllegalStateException(
          String.format(
              "count check failed: scored %d tiles / %d pairs, the plan says %d / %d",
              total.tiles, total.pairs, grid.tileCount(), grid.pairCount()));
    }
    long flops = 2 * total.pairs * (long) d;
    log.end(s, grid.tileCount(), total.tiles);
    s.count("tiles", total.tiles)
        .count("pairs_scored", total.pairs)
        .count("flops", flops)
        .count("rows_rescored_fp32", total.rowsRescored)
        .count("pairs_rescored_fp64", total.exactScored)
        .count("task_seconds", total.seconds)
        .count("pairs_per_second", s.seconds > 0 ? total.pairs / s.seconds : 0);

    JobResult r = new JobResult();
    // ---- threshold pairs (streamed from the tasks to Parquet, never collected)
    if (!Double.isNaN(cfg.threshold())) {
      if (total.thresholdCount > cfg.maxPairs()) {
        scored.unpersist(false);
        throw new InputException(
            String.format(
                Locale.ROOT,
                "--threshold %s selects %d pairs, more than --max-pairs %d; raise --max-pairs or"
                    + " tighten the threshold (nothing was written)",
                cfg.threshold(),
                total.thresholdCount,
                cfg.maxPairs()));
      }
      s = log.begin("threshold", "join the selected pairs with their ids and write Parquet");
      jsc.setJobDescription("simpair: write " + total.thresholdCount + " threshold pairs");
      JavaRDD<PairCandidate> pairs = scored.filter(o -> o.kind == ScoreOut.THRESHOLD).map(o -> o.pair);
      String path = PairTableWriter.writeBestFirst(spark, writer, THRESHOLD_OUT, withIds(pairs, a, b));
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("value", cfg.threshold());
      t.put("pairs", total.thresholdCount);
      t.put("path", path);
      r.info.put("threshold", t);
      log.end(s, total.thresholdCount, total.thresholdCount);
    }
    // ---- per-row top K (merged per row across tasks by a shuffle, then written)
    if (cfg.perRowTop() > 0) {
      s = log.begin("per_row", "merge per-row neighbours across tasks and write Parquet");
      jsc.setJobDescription("simpair: merge and write per-row top " + cfg.perRowTop());
      JavaRDD<PairCandidate> nn =
          scored
              .filter(o -> o.kind == ScoreOut.PER_ROW)
              .mapToPair(o -> new Tuple2<>(o.row, o.heap))
              .reduceByKey(PairHeap::merge)
              .flatMap(t -> t._2().sorted().iterator());
      // rows of A are the "a" side; a row's neighbours come from B (bichromatic) or A
      long rows = nn.map(p -> p.a).distinct().count();
      String path = PairTableWriter.writePerRow(spark, writer, PER_ROW_OUT, withIds(nn, a, b));
      Map<String, Object> pr = new LinkedHashMap<>();
      pr.put("k", cfg.perRowTop());
      pr.put("rows", rows);
      pr.put("path", path);
      r.info.put("per_row", pr);
      log.end(s, rows, rows);
    }
    scored.unpersist(false);

    // ---- best pair / top-k ids
    s = log.begin("reduce", "merge the tasks' best pairs and look up their ids");
    jsc.setJobDescription("simpair: look up ids of the best pairs");
    List<PairCandidate> top = total.top.sorted();
    if (top.isEmpty()) {
      throw new IllegalStateException("no pair was scored");
    }
    int keep = cfg.topK() > 0 ? Math.min(cfg.topK(), top.size()) : 1;
    top = top.subList(0, keep);
    Map<Long, String> namesA = a.ids.lookup(top.stream().map(p -> p.a).toList());
    Map<Long, String> namesB = b.ids.lookup(top.stream().map(p -> p.b).toList());
    log.end(s, total.top.size(), keep);
    a.all.unpersist(false);
    if (bi) {
      b.all.unpersist(false);
    }

    PairCandidate best = top.get(0);
    r.idA = namesA.get(best.a);
    r.idB = namesB.get(best.b);
    r.indexA = best.a;
    r.indexB = best.b;
    r.score = best.score;
    r.metric = metric.label();
    r.documents = a.n;
    r.dimension = d;
    r.counts.put("documents", nTotal);
    r.counts.put("blocks", grid.blocksA() + (bi ? grid.blocksB() : 0));
    r.counts.put("tiles", total.tiles);
    r.counts.put("pairs_scored", total.pairs);
    r.counts.put("pairs_expected", grid.pairCount());
    r.counts.put("flops", flops);
    r.counts.put("pairs_rescored_fp64", total.exactScored);
    r.counts.put("bytes_broadcast", dist.counts.getOrDefault("bytes_broadcast", 0L));
    r.counts.put("bytes_shuffled", rowShuffleBytes + (long) dist.counts.getOrDefault("bytes_shuffled", 0L));
    if (meter.settle(3000)) {
      r.counts.put("spark_shuffle_write_bytes", meter.written());
      r.counts.put("spark_shuffle_read_bytes", meter.read());
    }
    r.info.put("mode", cfg.mode().name().toLowerCase(Locale.ROOT));
    if (bi) {
      r.info.put("documents_b", b.n);
    }
    if (cfg.topK() > 0) {
      List<Map<String, Object>> list = new ArrayList<>();
      for (PairCandidate p : top) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("a", namesA.get(p.a));
        e.put("b", namesB.get(p.b));
        e.put("score", p.score);
        e.put("index_a", p.a);
        e.put("index_b", p.b);
        list.add(e);
      }
      r.info.put("pairs", list);
    }
    r.info.put("certified", true);
    r.info.put("rounding_bound", delta);
    r.info.put("kernel_scale", scale);
    r.info.put("block_rows", blockRows);
    r.info.put("strategy", strategy.name().toLowerCase(Locale.ROOT));
    r.info.put("strategy_reason", why);
    r.info.put("kernel", kernelName);
    r.info.put("kernel_reason", kernelReason);
    r.info.put("input", cfg.input().path());
    if (bi) {
      r.info.put("input_b", cfg.inputB().path());
    }
    r.info.put("format", a.in.format().label());
    r.stages = log;
    return r;
  }

  /** Reads, validates, indexes and checks the ids of one side. */
  private Side prepare(SparkSession spark, JavaSparkContext jsc, InputSpec spec, String suffix, StageLog log) {
    Metric metric = cfg.metric();
    StageLog.Stage s = log.begin("read" + suffix, "list the input and read headers");
    jsc.setJobDescription("simpair: list input " + spec.path());
    Side side = new Side();
    side.in = EmbeddingSource.open(spark, spec);
    int files = side.in.files().size();
    log.end(s, files, files);
    s.count("files", files).count("format", side.in.format().label());

    s = log.begin("validate" + suffix, "read every row; check values, dimensions and norms");
    jsc.setJobDescription("simpair: read and validate rows of " + spec.path());
    // NPY blocks are read again straight from the files (packBlocks), so its rows are not
    // cached: caching 100,000 x 384 rows held ~150 MB in the block manager for nothing.
    side.all = side.in.ranges() != null
        ? side.in.rows()
        : side.in.rows().persist(StorageLevel.MEMORY_AND_DISK());
    // One level up to 64 partitions (a second level is a shuffle stage of its own); two above,
    // where merging every partition's per-file counts on the driver would get large.
    int depth = side.all.getNumPartitions() <= 64 ? 1 : 2;
    RowStats st =
        side.all.treeAggregate(new RowStats(metric, files), RowStats::add, RowStats::merge, depth);
    checkStats(side.in, st, cfg.bichromatic() ? 1 : 2);
    side.stats = st;
    side.n = st.count;
    side.dim = st.dim0;
    long[] offsets = new long[files];
    for (int i = 1; i < files; i++) {
      offsets[i] = offsets[i - 1] + st.perFile[i - 1];
    }
    side.offsets = offsets;
    log.end(s, side.n, side.n);
    s.count("rows", side.n).count("dimension", side.dim).count("max_norm", st.maxNorm);
    LOG.info("validated {} rows of dimension {} from {} file(s) of {}", side.n, side.dim, files, spec.path());

    s = log.begin("ids" + suffix, "check that ids are unique");
    jsc.setJobDescription("simpair: check ids of " + spec.path());
    side.ids = IdColumn.of(jsc, side.in, side.all, offsets, side.n);
    side.ids.checkUnique(side.in, side.all, offsets);
    log.end(s, side.n, side.n);

    side.rows = side.all;
    if (cfg.limit() > 0 && cfg.limit() < side.n) {
      // a prefix in input order (the scaling sweep); the whole input was validated above
      long limit = cfg.limit();
      side.rows = side.all.filter(r -> offsets[r.file] + r.row < limit);
      LOG.info("using the first {} of {} rows of {} (--limit)", limit, side.n, spec.path());
      side.n = limit;

    }
    return side;
  }

  private static JavaRDD<RowBlock> packBlocks(
      Side side, int sideIndex, TileGrid grid, int parallelism, Metric metric, double scale) {
    int blockRows = grid.blockRows();
    long[] offsets = side.offsets;
    int d = side.dim;
    boolean fp32 = side.in.fp32();
    long n = side.n;
    int blocks = (int) ((n + blockRows - 1) / blockRows);
    int parts = (int) Math.min(blocks, Math.max(parallelism, n * d * 8 / (64L << 20) + 1));
    RowRangeReader npy = side.in.ranges();
    if (readsBlocksDirectly(side, d)) {
      // NPY: each task reads its blocks' row ranges straight from the files, no row shuffle
      List<Integer> ids = new ArrayList<>();
      for (int b = 0; b < blocks; b++) {
        ids.add(b);
      }
      return JavaSparkContext.fromSparkContext(side.all.context())
          .parallelize(ids, parts)
          .map(b -> readNpyBlock(npy, sideIndex, b, blockRows, n, d, metric, scale));
    }
    return side.rows
        .mapToPair(r -> new Tuple2<>((int) ((offsets[r.file] + r.row) / blockRows), r))
        .partitionBy(new ModPartitioner(parts))
        .mapPartitions(it -> buildBlocks(it, sideIndex, offsets, blockRows, n, d, metric, fp32, scale));
  }

  /** Block {@code b} of one side, read straight from its NPY file(s). */
  private static RowBlock readNpyBlock(
      RowRangeReader npy, int sideIndex, int b, int blockRows, long n, int d, Metric metric, double scale)
      throws IOException {
    boolean fp32 = npy.fp32();
    long start = (long) b * blockRows;
    int rows = (int) Math.min(blockRows, n - start);
    RowBlock blk = RowBlock.allocate(sideIndex, b, start, rows, d, metric, scale, fp32);
    float[] f = fp32 ? new float[rows * d] : null;
    double[] dd = fp32 ? null : new double[rows * d];
    npy.read(start, rows, f, dd);
    for (int i = 0; i < rows; i++) {
      blk.setRow(i, f, dd, i * d);
    }
    return blk;
  }

  /**
   * The blocks to broadcast. NPY blocks are read by the driver itself: it holds them all for the
   * broadcast anyway, and reading 150 MB from the file took 0.2 s where collecting them from
   * tasks took ~1 s (n = 100,000, d = 384, local[2]). Other formats come from the block RDD.
   */
  private static RowBlock[] blocksForBroadcast(
      Side side, int sideIndex, JavaRDD<RowBlock> rdd, TileGrid grid, Metric metric, double scale) {
    if (!readsBlocksDirectly(side, side.dim)) {
      return collectSorted(rdd);
    }
    int blockRows = grid.blockRows();
    int blocks = sideIndex == 0 ? grid.blocksA() : grid.blocksB();
    RowBlock[] out = new RowBlock[blocks];
    int threads = Math.max(1, Math.min(Math.min(4, blocks), Runtime.getRuntime().availableProcessors()));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<RowBlock>> reads = new ArrayList<>();
      for (int b = 0; b < blocks; b++) {
        int blk = b;
        reads.add(pool.submit(
            () -> readNpyBlock(side.in.ranges(), sideIndex, blk, blockRows, side.n, side.dim, metric, scale)));
      }
      for (int b = 0; b < blocks; b++) {
        out[b] = reads.get(b).get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading blocks of " + side.in.spec().path(), e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      throw new UncheckedIOException("reading blocks of " + side.in.spec().path(),
          c instanceof IOException io ? io : new IOException(c));
    } finally {
      pool.shutdownNow();
    }
    return out;
  }

  /** Payload of the shuffle that moves one side's rows into blocks (none when read from NPY). */
  private static long rowShuffleBytes(Side side, int d) {
    return readsBlocksDirectly(side, d) ? 0 : side.n * d * (side.in.fp32() ? 4L : 8L);
  }

  private static boolean readsBlocksDirectly(Side side, int d) {
    return side.in.readsRanges(d);
  }

  /** Array payload of one side's shipped blocks (original values and norms; kernel rows are derived where used). */
  private static long packedBytes(Side side, int d) {
    return side.n * d * (side.in.fp32() ? 4L : 8L) + side.n * 8L;
  }

  private static RowBlock[] collectSorted(JavaRDD<RowBlock> blocks) {
    List<RowBlock> list = new ArrayList<>(blocks.collect());
    list.sort(Comparator.comparingInt(x -> x.block));
    return list.toArray(new RowBlock[0]);
  }

  private static Iterator<Tuple2<Integer, RowBlock>> place(RowBlock blk, int[] targets) {
    List<Tuple2<Integer, RowBlock>> out = new ArrayList<>(targets.length);
    for (int t : targets) {
      out.add(new Tuple2<>(t, blk));
    }
    return out.iterator();
  }

  /** Joins pairs (global indices) with the ids of both sides, as rows (a, b, score, index_a, index_b, key). */
  private static JavaRDD<Row> withIds(JavaRDD<PairCandidate> pairs, Side a, Side b) {
    JavaPairRDD<Long, PairCandidate> byA = pairs.mapToPair(p -> new Tuple2<>(p.a, p));
    JavaPairRDD<Long, Tuple2<PairCandidate, String>> withA = a.ids.attach(byA);
    JavaPairRDD<Long, Tuple2<PairCandidate, String>> byB =
        withA.mapToPair(t -> new Tuple2<>(t._2()._1().b, t._2()));
    return b.ids.attach(byB)
        .map(
            t -> {
              PairCandidate p = t._2()._1()._1();
              return RowFactory.create(t._2()._1()._2(), t._2()._2(), p.score, p.a, p.b, p.key);
            });
  }


  private Progress progress(TileGrid grid, LongAccumulator tiles, LongAccumulator pairs) {
    if (!cfg.progress()) {
      return null;
    }
    return new Progress("score", grid.tileCount(), tiles::value, pairs::value, System.err);
  }

  /** Turns the validation aggregate into the first error, in input order, if any. */
  static void checkStats(LoadedInput in, RowStats st, int minRows) {
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
    if (st.count < minRows) {
      throw new InputException(
          in.spec().path()
              + (minRows == 2
                  ? ": fewer than 2 rows (found " + st.count + "); a pair needs two"
                  : ": no rows"));
    }
  }

  static Iterator<RowBlock> buildBlocks(
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
      filled.merge(b, 1, Integer::sum);
    }
    for (Map.Entry<Integer, RowBlock> e : byId.entrySet()) {
      int got = filled.get(e.getKey());
      if (got != e.getValue().rows) {
        throw new IllegalStateException(
            "block " + e.getKey() + " got " + got + " rows of " + e.getValue().rows);
      }
    }
    return byId.values().iterator();
  }

  /** What every tile task needs besides its blocks. */
  record ScoreSpec(
      Metric metric,
      boolean least,
      double scale,
      int dim,
      double delta,
      TileEvaluator.Reducers want,
      boolean bichromatic,
      boolean binary)
      implements java.io.Serializable {}

  static BinaryScore binaryScore(Metric metric) {
    return metric == Metric.COSINE ? BinaryScore.COSINE : BinaryScore.INNER_PRODUCT;
  }

  /** Which kernel scores the tiles, and why ("binary: ..." or "float: ...", for result.json). */
  record KernelChoice(boolean binary, String reason) {}

  /**
   * The kernel for this search. --kernel binary where the popcount kernel does not apply is a
   * usage error (exit 2), with the first value that is not 0 or 1 named.
   */
  private KernelChoice chooseKernel(Side a, Side b) {
    String whyNot = null;
    if (cfg.metric() == Metric.L2) {
      whyNot = "the popcount kernel scores cosine and dot only (not l2)";
    } else if (a.dim > BinaryScore.MAX_BITS) {
      whyNot = "dimension " + a.dim + " is above the popcount kernel's " + BinaryScore.MAX_BITS;
    }
    Side nb = !a.stats.binary() ? a : !b.stats.binary() ? b : null;
    String notBinary =
        nb == null
            ? null
            : nb.in.describe(nb.stats.nbFile, nb.stats.nbRow, nb.stats.nbLine, null)
                + " has the value " + nb.stats.nbValue + " at position " + nb.stats.nbPos;
    switch (cfg.kernel()) {
      case FLOAT:
        return new KernelChoice(false, "float: --kernel float");
      case BINARY:
        if (notBinary != null) {
          throw new InputException("--kernel binary needs every value to be 0 or 1, but " + notBinary);
        }
        if (whyNot != null) {
          throw new InputException("--kernel binary: " + whyNot);
        }
        return new KernelChoice(true, "binary: --kernel binary");
      default:
        if (notBinary != null) {
          return new KernelChoice(false, "float: not a 0/1 input");
        }
        return whyNot != null
            ? new KernelChoice(false, "float: a 0/1 input, but " + whyNot)
            : new KernelChoice(true, "binary: every value is 0 or 1 (exact popcount kernel)");
    }
  }

  static Iterator<ScoreOut> scoreTiles(
      int[][] tiles,
      RowBlock[] sideA,
      RowBlock[] sideB,
      ScoreSpec spec,
      LongAccumulator tilesAcc,
      LongAccumulator pairsAcc) {
    long t0 = System.nanoTime();
    TileEvaluator ev =
        new TileEvaluator(
            SimilarityProvider.get(),
            spec.binary() ? BinaryScorerProvider.newScorer(spec.dim(), binaryScore(spec.metric())) : null,
            spec.metric(), spec.least(), spec.scale(), spec.dim(), spec.delta(), spec.want());
    for (int[] t : tiles) {
      long before = ev.pairs;
      ev.score(sideA[t[0]], sideB[t[1]], !spec.bichromatic() && t[0] == t[1]);
      tilesAcc.add(1);
      pairsAcc.add(ev.pairs - before);
    }
    List<ScoreOut> out = new ArrayList<>();
    out.add(ScoreOut.summary(TaskResult.of(ev, (System.nanoTime() - t0) / 1e9)));
    for (Map.Entry<Long, PairHeap> e : ev.perRow.entrySet()) {
      out.add(ScoreOut.perRow(e.getKey(), e.getValue()));
    }
    for (PairCandidate p : ev.thresholdPairs) {
      out.add(ScoreOut.threshold(p));
    }
    return out.iterator();
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

  static long defaultBroadcastLimit(JavaSparkContext jsc) {
    long heap = Runtime.getRuntime().maxMemory();
    long exec = jsc.sc().isLocal() ? heap : jsc.getConf().getSizeAsBytes("spark.executor.memory", "1g");
    return Math.min(heap, exec) / 5;
  }

  static int autoGroupBlocks(TileGrid grid, JavaSparkContext jsc, int parallelism, long blockBytes) {
    int blocks = Math.max(grid.blocksA(), grid.blocksB());
    long per = Math.max(1, blockBytes / (grid.blocksA() + (grid.bichromatic() ? grid.blocksB() : 0)));
    long budget = defaultBroadcastLimit(jsc);
    int byMemory = (int) Math.max(1, budget / (2 * per));
    // at least ~2 super-tiles per core: G(G+1)/2 >= 2p (or G² >= 2p bichromatic)
    int minGroups =
        grid.bichromatic()
            ? (int) Math.ceil(Math.sqrt(2.0 * parallelism))
            : (int) Math.ceil((Math.sqrt(1 + 16.0 * parallelism) - 1) / 2);
    int byParallelism = Math.max(1, (blocks + minGroups - 1) / minGroups);
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
    return String.format(Locale.ROOT, "%.1f %s", v, u[i]);
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
