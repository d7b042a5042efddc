package io.simpair.spark;

import io.simpair.io.InputException;
import io.simpair.io.InputSpec;
import io.simpair.io.OutputCommit;
import io.simpair.kernel.Metric;
import io.simpair.plan.CheckpointKey;
import io.simpair.plan.ClusterFacts;
import io.simpair.plan.CostEstimate;
import io.simpair.plan.InputFacts;
import io.simpair.plan.Planner;
import io.simpair.plan.PruneDecision;
import io.simpair.plan.PruneMode;
import io.simpair.plan.SearchOptions;
import io.simpair.plan.SearchPlan;
import io.simpair.result.AttentionReport;
import io.simpair.result.Counts;
import io.simpair.result.PairsResult;
import io.simpair.result.ReportedPair;
import io.simpair.result.RunInfo;
import io.simpair.result.ScoreCalibration;
import io.simpair.result.StageLog;
import io.simpair.result.TableOutput;
import io.simpair.search.AttentionReducer;
import io.simpair.search.CoreRate;
import io.simpair.search.HistogramReducer;
import io.simpair.search.PairCandidate;
import io.simpair.search.ThresholdCountsReducer;
import io.simpair.search.TileReducer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * The exact pair search, as its stages in order: read, validate and check ids of each side →
 * plan → pack blocks → distribute (broadcast or shuffle) → score tiles → threshold and per-row
 * tables → the best pairs' ids.
 *
 * <p>Cost: {@code n(n-1)/2} pair scores ({@code nA · nB} bichromatic), {@code 2 d} flops each,
 * in the tiles of the plan's grid; per task memory {@code O(blockRows · d)} (broadcast) or
 * {@code O(groupBlocks · blockRows · d)} (shuffle). Shuffles: the rows into blocks ({@code O(n
 * d)} bytes, none for NPY); on the shuffle path each block to the {@code G} super-tiles of its
 * row and column ({@code O(G n d)} bytes); threshold and per-row tables are joined with the ids.
 * The {@code n x n} score matrix is never materialised: the reducers keep O(K) per task (top-k),
 * O(K) per row (per-row), or the selected pairs (threshold, at most {@code --max-pairs}).
 */
public final class PairSearchJob {
  private static final Logger LOG = LogManager.getLogger(PairSearchJob.class);
  private final PairsConfig cfg;

  public PairSearchJob(PairsConfig cfg) {
    this.cfg = cfg;
  }

  /** Runs without writing bulky outputs (best pair and top-k only). */
  public PairsResult run(SparkSession spark) {
    return run(spark, null);
  }

  /**
   * Runs the job on the given session (never builds one). Threshold and per-row tables are
   * staged through {@code commit}, which the caller commits.
   *
   * @throws InputException on bad input (nothing is written)
   * @throws io.simpair.plan.PlanException when the options cannot be planned for this input
   */
  public PairsResult run(SparkSession spark, OutputCommit commit) {
    SearchOptions o = cfg.search();
    if ((o.hasThreshold() || o.perRowTop() > 0 || cfg.attention() != null) && commit == null) {
      throw new IllegalArgumentException("threshold and per-row search need an output commit");
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    ShuffleMeter meter = new ShuffleMeter();
    jsc.sc().addSparkListener(meter);
    List<InputSide> sides = new ArrayList<>();
    try {
      return run(spark, jsc, commit, meter, sides);
    } finally {
      sides.forEach(InputSide::release);
      jsc.sc().removeSparkListener(meter);
    }
  }

  private PairsResult run(
      SparkSession spark, JavaSparkContext jsc, OutputCommit commit, ShuffleMeter meter, List<InputSide> sides) {
    SearchOptions o = cfg.search();
    boolean bi = cfg.bichromatic();
    StageLog log = new StageLog();

    // a value column is read with the keys' rows: the only input's, or B's
    String valueCol = cfg.attention() == null ? null : cfg.attention().valueColumn();
    InputSpec specA = valueCol != null && !bi ? cfg.input().withValueCol(valueCol) : cfg.input();
    InputSide a = InputStage.read(spark, specA, o.metric(), bi ? "-a" : "", bi ? 1 : 2, cfg.limit(), log);
    sides.add(a);
    InputSide b = a;
    if (bi) {
      InputSpec specB = valueCol != null ? cfg.inputB().withValueCol(valueCol) : cfg.inputB();
      b = InputStage.read(spark, specB, o.metric(), "-b", 1, cfg.limit(), log);
      sides.add(b);
      if (a.dim() != b.dim()) {
        throw new InputException(
            "dimension mismatch between the inputs: " + cfg.input().path() + " has " + a.dim() + ", "
                + cfg.inputB().path() + " has " + b.dim());
      }
    }
    long rowsTotal = bi ? a.n() + b.n() : a.n();
    if (cfg.attention() != null && cfg.attention().ovHead()) {
      for (InputSide side : sides) {
        if (side.facts().notBinary() != null) {
          throw new InputException("--attention-head ov needs 0/1 rows: " + side.facts().notBinary());
        }
      }
    }
    optionWarnings(o, bi ? b.n() : a.n() - 1).forEach(LOG::warn);

    Checkpoint ckpt = cfg.checkpoint() == null ? null : openCheckpoint(jsc, a, bi ? b : null);
    SearchPlan plan = plan(jsc, a, bi ? b : null, rowsTotal, ckpt, log);
    AttentionStage.Setup attention = null;
    if (cfg.attention() != null) {
      attention = attentionSetup(a, bi ? b : null, plan);
      plan = plan.withReducer(new AttentionReducer.Spec(attention.betas(), cfg.attention().values(), !bi));
    }
    TaskStore store = ckpt == null ? null : ckpt.store();
    java.util.Set<Integer> finished = ckpt == null ? java.util.Set.of() : ckpt.finished(store, plan.tasks());
    TaskRunner runner = new TaskRunner(store, finished, TestFaults.of(jsc.getConf()));
    LongAccumulator tilesAcc = jsc.sc().longAccumulator("simpair.tiles (progress)");
    LongAccumulator pairsAcc = jsc.sc().longAccumulator("simpair.pairs (progress)");
    Distribution dist;
    long rowShuffleBytes = 0;
    PruneDecision prune = PruneDecision.off("every task came from the checkpoint");
    if (finished.size() == plan.tasks()) {
      LOG.info("checkpoint {}: every task is finished; the answer is assembled from it, nothing is scored", cfg.checkpoint());
      dist = Distribution.fromCheckpoint(jsc, plan, runner, tilesAcc, pairsAcc);
    } else {
      StageLog.Stage s = log.begin("blocks", "pack rows into row blocks (NPY: read by block; else a shuffle by block)");
      jsc.setJobDescription("simpair: pack rows into blocks");
      int parallelism = jsc.defaultParallelism();
      double scale = plan.scan().scale();
      RowBlocks packA = new RowBlocks(a, 0, plan.grid(), o.metric(), scale);
      RowBlocks packB = bi ? new RowBlocks(b, 1, plan.grid(), o.metric(), scale) : null;
      Distribution.Blocks blocks =
          new Distribution.Blocks(packA, packA.rdd(parallelism), packB, bi ? packB.rdd(parallelism) : null, rowsTotal);
      rowShuffleBytes = packA.rowShuffleBytes() + (bi ? packB.rowShuffleBytes() : 0);
      log.end(s, rowsTotal, plan.blocks());
      s.count("bytes_shuffled", rowShuffleBytes);

      PruneStage.Pruned pruned = PruneStage.run(jsc, plan, a, bi ? b : null, blocks, cfg.prune(), log);
      plan = pruned.plan();
      prune = pruned.decision();
      estimate(jsc, plan, a, bi ? b : null, log);
      LOG.info(
          "distribution: {} ({})", plan.strategy().name().toLowerCase(Locale.ROOT), plan.strategyReason());
      dist = Distribution.of(jsc, plan, blocks, log, runner, tilesAcc, pairsAcc);
    }

    ScoringStage.Scored scored = ScoringStage.run(jsc, plan, dist, tilesAcc, pairsAcc, cfg.progress(), log);
    TableOutput threshold = null;
    TableOutput perRow = null;
    AttentionReport attentionReport = null;
    try {
      if (o.hasThreshold()) {
        threshold =
            ThresholdStage.run(spark, commit, scored, o.threshold(), o.maxPairs(), a, b, log, calibration(plan, scored.total()));
      }
      if (o.perRowTop() > 0) {
        perRow = PerRowStage.run(spark, commit, scored, o.perRowTop(), a, b, log);
      }
      if (attention != null) {
        PairCandidate best = scored.total().top.sorted().get(0);
        attentionReport =
            AttentionStage.run(spark, commit, scored, attention, best, plan.scan().units().key(best.score), a, b, log);
      }
    } finally {
      scored.release();
    }

    StageLog.Stage s = log.begin("reduce", "merge the tasks' best pairs and look up their ids");
    jsc.setJobDescription("simpair: look up ids of the best pairs");
    List<PairCandidate> all = scored.total().top.sorted();
    if (all.isEmpty()) {
      throw new IllegalStateException("no pair was scored");
    }
    List<PairCandidate> top = all.subList(0, o.topK() > 0 ? Math.min(o.topK(), all.size()) : 1);
    Map<Long, String> namesA = a.ids().lookup(top.stream().map(p -> p.a).toList());
    Map<Long, String> namesB = b.ids().lookup(top.stream().map(p -> p.b).toList());
    List<ReportedPair> reported = new ArrayList<>();
    for (PairCandidate p : top) {
      reported.add(new ReportedPair(namesA.get(p.a), namesB.get(p.b), p.score, p.a, p.b));
    }
    log.end(s, all.size(), top.size());

    boolean settled = meter.settle(3000);
    Counts counts =
        new Counts(
            rowsTotal,
            plan.blocks(),
            scored.total().counts.tiles,
            scored.total().counts.pairs,
            plan.grid().pairCount(),
            scored.flops(),
            scored.total().counts.exactScored,
            dist.bytesBroadcast(),
            rowShuffleBytes + dist.bytesShuffled(),
            settled ? meter.written() : -1,
            settled ? meter.read() : -1,
            scored.total().tilesResumed,
            plan.scan().prune() == null ? scored.total().counts.pairs : scored.total().counts.fullDim,
            plan.scan().prune() == null ? 0 : scored.total().counts.pruned,
            scored.total().counts.fullDimColumns);
    RunInfo run =
        new RunInfo(
            o.metric().label(),
            o.mode().name().toLowerCase(Locale.ROOT),
            a.n(),
            bi ? b.n() : -1,
            a.dim(),
            cfg.input().path(),
            bi ? cfg.inputB().path() : null,
            a.in().format().label(),
            plan.scan().kernelName());
    return new PairsResult(
        reported.get(0), o.topK() > 0 ? reported : null, run, counts, log, plan, threshold, perRow,
        calibration(plan, scored.total()), attentionReport, pruneJson(cfg.prune(), prune));
  }

  /**
   * The attention pass's temperatures and units: keys per row n - 1 (or |B|); the OV head's n
   * tokens (A against B: the rows of A, each over B's tokens and the zero token, no self term).
   */
  private AttentionStage.Setup attentionSetup(InputSide a, InputSide b, SearchPlan plan) {
    io.simpair.plan.AttentionOptions at = cfg.attention();
    long keys = b == null ? a.n() - 1 : b.n();
    double[] betas = at.resolved(b == null ? a.n() : b.n());
    int shown = at.betas().isEmpty() ? betas.length - 1 : 0; // the given beta, else the default 3 ln n
    LOG.info("attention: beta {} ({} in one pass), values {}{}", betas[shown], betas.length,
        at.valueColumn() != null ? "of column " + at.valueColumn() : at.values().name().toLowerCase(Locale.ROOT),
        at.ovHead() ? ", the OV head" : "");
    return new AttentionStage.Setup(betas, shown, plan.scan().units().toKernel(1.0), keys, at.ovHead() ? a.n() : 0, b == null,
        at.values().name().toLowerCase(Locale.ROOT), at.valueColumn());
  }

  /** result.json's {@code "prune"}. */
  static Map<String, Object> pruneJson(PruneMode mode, PruneDecision d) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("mode", mode.name().toLowerCase(Locale.ROOT));
    m.put("pruned", d.prune());
    m.put("rank", d.rank());
    m.put("energy", d.energy());
    m.put("reason", d.reason());
    if (d.prune()) {
      m.put("bound_slack", d.bound().slack());
    }
    if (d.rank() > 0) {
      m.put("sample_full_dim_share", d.sampleFullDim());
      m.put("modelled_gain", d.estimatedGain());
    }
    return m;
  }

  /**
   * What an option cannot do as it seems to ask (it is still honoured), for the log: a per-row K
   * above the other rows' count, a threshold outside every score of the metric.
   *
   * @param others the other rows each row of A has (|B|, or n - 1)
   */
  static List<String> optionWarnings(SearchOptions o, long others) {
    List<String> w = new ArrayList<>();
    if (o.perRowTop() > others) {
      w.add(String.format(Locale.ROOT,
          "--per-row-top %d is more than the %d other rows each row has: every row lists all %d of them",
          o.perRowTop(), others, others));
    }
    boolean outside =
        o.hasThreshold()
            && (o.metric() == Metric.COSINE ? Math.abs(o.threshold()) > 1 : o.metric() == Metric.L2 && o.threshold() < 0);
    if (outside) {
      w.add(String.format(Locale.ROOT,
          "--threshold %s lies outside every %s score (%s): it selects all pairs or none",
          o.threshold(), o.metric().label(), o.metric() == Metric.COSINE ? "cosines are in [-1, 1]" : "distances are >= 0"));
    }
    return w;
  }

  /** The {@code plan} stage: the grid, scale, rounding bound, kernel and distribution. */
  private SearchPlan plan(
      JavaSparkContext jsc, InputSide a, InputSide b, long rowsTotal, Checkpoint ckpt, StageLog log) {
    StageLog.Stage s = log.begin("plan", "cut rows into blocks and tiles");
    InputFacts factsB = b == null ? null : b.facts();
    ClusterFacts cluster = new ClusterFacts(jsc.defaultParallelism(), memoryBudget(jsc));
    if (ckpt != null) {
      cluster = ckpt.cluster(cluster);
    }
    SearchPlan plan = Planner.plan(cfg.search(), a.facts(), factsB, cluster, cfg.calibration());
    if (ckpt != null) {
      ckpt.begin(plan, cluster);
    }
    LOG.info(
        "plan: {}; kernel {} ({}; {}); fp32 rounding bound delta={}",
        plan.grid(),
        plan.scan().kernelName(),
        plan.kernel().reason(),
        plan.scan().providerReason(),
        plan.scan().delta());
    log.end(s, rowsTotal, plan.grid().tileCount());
    s.count("block_rows", plan.blockRows()).count("blocks", plan.blocks()).count("tiles", plan.grid().tileCount());
    return plan;
  }

  /**
   * Logs the cost estimate and warns of every setting that will spill or cannot fit, before
   * the scoring stage: the per-core rate is measured on the driver with this plan's kernel.
   */
  private void estimate(JavaSparkContext jsc, SearchPlan plan, InputSide a, InputSide b, StageLog log) {
    StageLog.Stage s = log.begin("estimate", "measure one core's rate; predict scoring time and memory");
    // about 1% of the scoring at a nominal 100 GFLOP/s, between 20 and 300 ms
    double flops = 2.0 * plan.grid().pairCount() * plan.scan().dim();
    long budget = (long) Math.max(20e6, Math.min(300e6, flops / 1e11 * 0.01 * 1e9));
    double density = plan.scan().sparse() ? Math.max(a.facts().density(), b == null ? 0 : b.facts().density()) : 1;
    // the plain kernel's rate: a pruned scan's depends on the floors of the whole input
    double rate = CoreRate.measure(plan.scan().withPrune(null), Math.min(256, plan.blockRows()), budget, density);
    int cores = jsc.defaultParallelism();
    int perJvm = jsc.sc().isLocal() ? cores : jsc.getConf().getInt("spark.executor.cores", 1);
    CostEstimate e =
        CostEstimate.of(
            plan, cfg.search(), a.facts(), b == null ? null : b.facts(),
            new ClusterFacts(cores, memoryBudget(jsc)), perJvm, rate);
    LOG.info(e.describe());
    if (plan.scan().sparse()) {
      LOG.info("(sparse kernel: the rate was measured on random rows of the input's density, {}; the real one "
          + "follows how many non-zeros the rows share, and the calibration's cold JIT can put it many times too low)",
          String.format(java.util.Locale.ROOT, "%.3f%%", 100 * density));
    }
    e.warnings().forEach(LOG::warn);
    log.end(s, plan.grid().tileCount(), plan.tasks());
    s.count("pairs_per_core_second", rate).count("estimated_seconds", e.seconds()).count("held_bytes", e.heldBytes());
  }

  /** The checkpoint of {@code --checkpoint}, checked against this run's input and options. */
  private Checkpoint openCheckpoint(JavaSparkContext jsc, InputSide a, InputSide b) {
    org.apache.hadoop.conf.Configuration conf = jsc.hadoopConfiguration();
    CheckpointKey key =
        CheckpointKey.of(
            cfg.search(),
            cfg.limit(),
            InputFingerprint.of(conf, a.in().files()),
            cfg.input().idsFile() == null ? null : InputFingerprint.of(conf, cfg.input().idsFile()),
            b == null ? null : InputFingerprint.of(conf, b.in().files()),
            b == null || cfg.inputB().idsFile() == null ? null : InputFingerprint.of(conf, cfg.inputB().idsFile()));
    if (cfg.calibration().histogram()) {
      key = key.with("--histogram-bins", Integer.toString(cfg.calibration().histogramBins()));
    }
    if (!cfg.calibration().thresholds().isEmpty()) {
      key = key.with("--thresholds", cfg.calibration().thresholds().toString());
    }
    if (cfg.attention() != null) { // the tasks hold the statistics of these temperatures and values
      io.simpair.plan.AttentionOptions at = cfg.attention();
      key = key.with("--attention", at.betas() + (at.sweep() ? " sweep" : "") + " values "
          + (at.valueColumn() != null ? "column " + at.valueColumn() : at.values().name().toLowerCase(Locale.ROOT))
          + (at.ovHead() ? " head ov" : ""));
    }
    return Checkpoint.open(conf, cfg.checkpoint(), key);
  }

  /** The histogram and threshold counts the tasks summed, with the plan's edges; null when not asked. */
  static ScoreCalibration calibration(SearchPlan plan, TaskResult total) {
    double[] edges = null;
    for (TileReducer.Spec s : plan.scan().reducers()) {
      if (s instanceof HistogramReducer.Spec h) {
        edges = h.edges();
      }
    }
    boolean thresholds = total.thresholdCounts != null;
    if (edges == null && !thresholds) {
      return null;
    }
    List<Double> ts = new ArrayList<>();
    for (TileReducer.Spec s : plan.scan().reducers()) {
      if (s instanceof ThresholdCountsReducer.Spec c) {
        for (double k : c.keys()) {
          ts.add(plan.scan().units().key(k)); // the key of a key is the score again
        }
      }
    }
    boolean larger = plan.scan().metric().largerIsBetter() != plan.scan().least();
    return new ScoreCalibration(
        edges, edges == null ? null : total.histogram, ts, thresholds ? total.thresholdCounts : new long[0], larger);
  }

  /** One fifth of the smaller of driver heap and executor memory. */
  static long memoryBudget(JavaSparkContext jsc) {
    long heap = Runtime.getRuntime().maxMemory();
    long exec = jsc.sc().isLocal() ? heap : jsc.getConf().getSizeAsBytes("spark.executor.memory", "1g");
    return Math.min(heap, exec) / 5;
  }
}
