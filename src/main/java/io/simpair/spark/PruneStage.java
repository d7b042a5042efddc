package io.simpair.spark;

import io.simpair.io.RowRangeReader;
import io.simpair.kernel.Metric;
import io.simpair.plan.PruneDecision;
import io.simpair.plan.PruneMode;
import io.simpair.plan.SearchPlan;
import io.simpair.result.StageLog;
import io.simpair.search.Projections;
import io.simpair.search.RowBlock;
import io.simpair.search.ScanSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * The {@code prune} stage: a sample of rows read in the executors (NPY: runs of rows straight
 * from the files; else every k-th row of the validated input), their second-moment matrix summed
 * there by {@code treeAggregate}, its eigen decomposition on the driver ({@link Projections}),
 * and the decision ({@link PruneDecision}) from a pruned scan of the sample's pairs.
 *
 * <p>Cost: {@code O(S d²)} for the matrix of {@code S <=} {@link #SAMPLE_ROWS} rows, {@code O(d³)}
 * for the decomposition, a plain scan of the {@code S² / 2} sample pairs (a floor to start from:
 * their K best are pairs of the input) and a pruned scan of {@link #DECIDE_ROWS}² / 2 pairs per
 * rank tried.
 */
final class PruneStage {
  private static final Logger LOG = LogManager.getLogger(PruneStage.class);
  /** Rows (of both sides) whose second moments give the projection. */
  static final int SAMPLE_ROWS = 4096;
  /** Rows (of both sides) whose pairs decide whether and at which rank to prune. */
  static final int DECIDE_ROWS = 1536;
  /** NPY: the sample is read in runs of this many consecutive rows. */
  private static final int RUN = 32;

  private PruneStage() {}

  /** The plan with its scan pruned or not, and the decision. */
  record Pruned(SearchPlan plan, PruneDecision decision) {}

  static Pruned run(
      JavaSparkContext jsc, SearchPlan plan, InputSide a, InputSide b, Distribution.Blocks blocks, PruneMode mode,
      StageLog log) {
    ScanSpec spec = plan.scan();
    String no = PruneDecision.precheck(mode, spec, plan.grid().pairCount());
    if (no != null) {
      if (mode == PruneMode.ON) {
        LOG.warn("--prune on: not pruned, {}", no);
      }
      LOG.info("prune: off ({})", no);
      return new Pruned(plan, PruneDecision.off(no));
    }
    StageLog.Stage s = log.begin("prune", "sample rows, their principal directions, and whether the bound pays");
    jsc.setJobDescription("simpair: sample rows for the pruning bound");
    int d = spec.dim();
    long total = a.n() + (b == null ? 0 : b.n());
    long t0 = System.nanoTime();
    if (plan.broadcast()) {
      // the driver holds every block for the broadcast anyway: sample them where they are
      List<RowBlock> pieces = new ArrayList<>(driverSample(blocks.packA().onDriver(blocks.a()), share(a.n(), total)));
      if (b != null) {
        pieces.addAll(driverSample(blocks.packB().onDriver(blocks.b()), share(b.n(), total)));
      }
      double[] gram = new double[d * d];
      for (RowBlock p : pieces) {
        Projections.addGram(p.kernel(), p.rows, d, gram);
      }
      return decide(plan, spec, b != null, pieces, gram, mode, s, log, t0);
    }
    JavaRDD<RowBlock> sample = sample(jsc, a, 0, share(a.n(), total), spec);
    if (b != null) {
      sample = sample.union(sample(jsc, b, 1, share(b.n(), total), spec));
    }
    sample = sample.persist(StorageLevel.MEMORY_ONLY());
    try {
      double[] gram =
          sample
              .mapPartitions(it -> {
                double[] g = new double[d * d]; // one matrix a partition: the pieces may be single rows
                while (it.hasNext()) {
                  RowBlock blk = it.next();
                  Projections.addGram(blk.kernel(), blk.rows, d, g);
                }
                return java.util.List.of(g).iterator();
              })
              .treeAggregate(new double[d * d], PruneStage::add, PruneStage::add, 2);
      return decide(plan, spec, b != null, new ArrayList<>(sample.collect()), gram, mode, s, log, t0);
    } finally {
      sample.unpersist(false);
    }
  }

  /** The decision from the sample's pieces and their second moments; ends the stage. */
  private static Pruned decide(
      SearchPlan plan, ScanSpec spec, boolean bi, List<RowBlock> pieces, double[] gram, PruneMode mode, StageLog.Stage s,
      StageLog log, long t0) {
    int d = spec.dim();
    pieces.sort(Comparator.comparingInt((RowBlock x) -> x.side).thenComparingLong(x -> x.start));
    long t1 = System.nanoTime();
    // the decomposition runs beside the plain scan of the sample that gives the floor
    java.util.concurrent.CompletableFuture<Projections.Eigen> eigen =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> Projections.eigen(gram, d, PruneDecision.maxRank(d)));
    long t2 = System.nanoTime();
    RowBlock sa = decideBlock(pieces, 0, spec, !bi ? DECIDE_ROWS : DECIDE_ROWS / 2);
    RowBlock sb = !bi ? null : decideBlock(pieces, 1, spec, DECIDE_ROWS / 2);
    RowBlock fa = decideBlock(pieces, 0, spec, !bi ? SAMPLE_ROWS : SAMPLE_ROWS / 2);
    RowBlock fb = !bi ? null : decideBlock(pieces, 1, spec, SAMPLE_ROWS / 2);
    PruneDecision dec = PruneDecision.decide(mode, spec, sa, sb, fa, fb, eigen::join);
    long t3 = System.nanoTime();
    LOG.info("prune: {} ({}); sample and second moments {} s, eigen decomposition and decision {} s",
        dec.prune() ? "on, r = " + dec.rank() : "off", dec.reason(), seconds(t1 - t0), seconds(t3 - t2));
    log.end(s, pieces.stream().mapToLong(x -> x.rows).sum(), dec.prune() ? dec.rank() : 0);
    s.count("rank", dec.rank()).count("energy", round(dec.energy())).count("modelled_gain", round(dec.estimatedGain()));
    SearchPlan out = dec.prune() ? plan.withScan(dec.spec()) : plan;
    return new Pruned(out, dec);
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.2f", nanos / 1e9);
  }

  private static double round(double x) {
    return Math.round(x * 1e4) / 1e4;
  }

  private static double share(long n, long total) {
    return (double) n / total;
  }

  private static double[] add(double[] x, double[] y) {
    for (int k = 0; k < x.length; k++) {
      x[k] += y[k];
    }
    return x;
  }

  /**
   * About {@code share * SAMPLE_ROWS} rows of one side, as small blocks read in the executors;
   * each piece's {@code start} is its first row's input index.
   */
  private static JavaRDD<RowBlock> sample(JavaSparkContext jsc, InputSide side, int si, double share, ScanSpec spec) {
    long n = side.n();
    int want = (int) Math.max(1, Math.min(n, Math.round(share * SAMPLE_ROWS)));
    int d = side.dim();
    Metric metric = spec.metric();
    double scale = spec.scale();
    if (side.in().readsRanges(d)) {
      RowRangeReader ranges = side.in().ranges();
      int runs = (int) Math.max(1, Math.min(want / RUN, n / RUN));
      int len = (int) Math.min(n, Math.max(RUN, want / runs));
      List<Long> firsts = new ArrayList<>();
      for (int k = 0; k < runs; k++) {
        firsts.add(Math.min(n - len, (long) ((double) k * n / runs)));
      }
      return jsc.parallelize(firsts, Math.max(1, Math.min(runs, jsc.defaultParallelism())))
          .map(first -> {
            boolean fp32 = ranges.fp32();
            RowBlock blk = RowBlock.allocate(si, 0, first, len, d, metric, scale, fp32);
            float[] f = fp32 ? new float[len * d] : null;
            double[] dd = fp32 ? null : new double[len * d];
            ranges.read(first, len, f, dd);
            for (int i = 0; i < len; i++) {
              blk.setRow(i, f, dd, i * d);
            }
            return blk;
          });
    }
    long[] offsets = side.offsets();
    long stride = Math.max(1, n / want);
    return side.rows()
        .filter(r -> (offsets[r.file] + r.row) % stride == 0)
        .map(r -> {
          RowBlock blk = RowBlock.allocate(si, 0, offsets[r.file] + r.row, 1, d, metric, scale, r.f != null);
          blk.setRow(0, r.f, r.d);
          return blk;
        });
  }

  /** About {@code share * SAMPLE_ROWS} rows of the driver's blocks, every k-th row, one piece a block. */
  private static List<RowBlock> driverSample(RowBlock[] blocks, double share) {
    long n = 0;
    for (RowBlock blk : blocks) {
      n += blk.rows;
    }
    long want = Math.max(1, Math.min(n, Math.round(share * SAMPLE_ROWS)));
    long stride = Math.max(1, n / want);
    List<RowBlock> out = new ArrayList<>();
    for (RowBlock blk : blocks) {
      int first = (int) ((stride - blk.start % stride) % stride);
      int take = first >= blk.rows ? 0 : (blk.rows - 1 - first) / (int) stride + 1;
      if (take == 0) {
        continue;
      }
      RowBlock p = RowBlock.allocate(blk.side, blk.block, blk.start + first, take, blk.dim, blk.metric, blk.scale, blk.exactF != null);
      for (int i = 0; i < take; i++) {
        p.setRow(i, blk.exactF, blk.exactD, (first + i * (int) stride) * blk.dim);
      }
      out.add(p);
    }
    return out;
  }

  /** One block of about {@code rows} sample rows of side {@code si}, evenly over its pieces. */
  private static RowBlock decideBlock(List<RowBlock> pieces, int si, ScanSpec spec, int rows) {
    List<RowBlock> mine = pieces.stream().filter(x -> x.side == si).toList();
    long have = mine.stream().mapToLong(x -> x.rows).sum();
    long step = Math.max(1, have / rows);
    int take = (int) Math.min(rows, (have + step - 1) / step);
    boolean fp32 = mine.get(0).exactF != null;
    RowBlock out = RowBlock.allocate(si, 0, 0, take, spec.dim(), spec.metric(), spec.scale(), fp32);
    long k = 0;
    int i = 0;
    for (RowBlock p : mine) {
      for (int r = 0; r < p.rows && i < take; r++, k++) {
        if (k % step == 0) {
          out.setRow(i++, p.exactF, p.exactD, r * spec.dim());
        }
      }
    }
    if (i < take) {
      throw new IllegalStateException(String.format(Locale.ROOT, "sample of %d rows filled %d of %d", have, i, take));
    }
    return out;
  }
}
