package io.simpair.cli;

import io.simpair.io.InputFormat;
import io.simpair.io.InputSpec;
import io.simpair.io.OutputCommit;
import io.simpair.kernel.Metric;
import io.simpair.plan.AttentionOptions;
import io.simpair.plan.PruneMode;
import io.simpair.plan.Calibration;
import io.simpair.plan.SearchOptions;
import io.simpair.report.AttentionSweepChart;
import io.simpair.report.HistogramChart;
import io.simpair.result.AttentionReport;
import io.simpair.result.PairsResult;
import io.simpair.result.ReportedPair;
import io.simpair.result.ResultJson;
import io.simpair.result.ScoreCalibration;
import io.simpair.search.AttentionValues;
import io.simpair.spark.PairSearchJob;
import io.simpair.spark.PairTexts;
import io.simpair.spark.PairsConfig;
import io.simpair.spark.TextDisplay;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/** {@code simpair pairs}: the exact pair search; its options, usage and summary. */
final class PairsCommand extends Command<PairsConfig> {

  static final Set<String> OPTIONS =
      Set.of(
          "input", "format", "id-col", "vector-col", "ids", "metric", "block-rows", "output",
          "strategy", "broadcast-limit", "group-blocks", "mode", "input-b", "format-b", "ids-b",
          "id-col-b", "vector-col-b", "top-k", "threshold", "max-pairs", "per-row-top", "limit", "kernel",
          "checkpoint", "text-col", "text-width", "histogram-bins", "thresholds", "beta", "attention-values",
          "attention-head", "prune");
  static final Set<String> FLAGS =
      Set.of("overwrite", "no-progress", "help", "show-text", "histogram", "attention", "beta-sweep");

  static final String USAGE =
      String.join(
          "\n",
          "usage: run-cluster.sh pairs --input PATH --output DIR [options]",
          "       run-cluster.sh scaling (--input PATH | --generate random:d=D) [--sizes N,...] --output DIR",
          "                              [pairs options]   (run 'scaling --help' for details)",
          "       run-cluster.sh embed --input PATH --output DIR [--embedder minilm|bow|tfidf|hashing]",
          "                              (documents to vectors; run 'embed --help' for details)",
          "       run-cluster.sh dedup --input PATH --output DIR --threshold T [--keep RULE]",
          "                              (near-duplicate groups; run 'dedup --help' for details)",
          "       run-cluster.sh generate --kind K --n N --dim L --output DIR   (hard and easy instances",
          "                              with a known answer; run 'generate --help' for details)",
          "       run-cluster.sh compare --input PATH --methods M,... --budget B,... --output DIR",
          "                              (exact against subquadratic baselines; 'compare --help')",
          "       run-cluster.sh evidence --output DIR   (generate + compare at several n and on a real",
          "                              corpus, one report; 'evidence --help')",
          "       run-cluster.sh JOBFILE [overrides]      (see jobs/)",
          "",
          "Finds the exact most similar pair of rows (input order breaks ties) by scoring all",
          "n(n-1)/2 pairs in tiles; writes DIR/result.json.",
          "",
          "input:",
          "  --input PATH          file or directory; local path or Hadoop URI (file://, hdfs://, s3a://)",
          "  --format FMT          parquet | npy | csv (csv also reads TSV); default: from the extension",
          "  --id-col NAME         Parquet id column (default: id)",
          "  --vector-col NAME     Parquet vector column: array<float>, array<double> or ML Vector",
          "                        (default: vector)",
          "  --ids FILE            NPY only: one id per line (default: 0-based row numbers)",
          "",
          "bichromatic (only pairs a in A, b in B; every input option has a -b twin):",
          "  --input-b PATH        the B side; also --format-b, --ids-b, --id-col-b, --vector-col-b",
          "",
          "search:",
          "  --metric M            cosine | dot | l2 (default: cosine; l2 = smallest Euclidean distance)",
          "  --mode M              most | least (default: most; least = least similar, for l2 the",
          "                        farthest pair)",
          "  --top-k K             the K best pairs overall, best first, in result.json (K <= 1000000)",
          "  --threshold T         every pair at least as similar as T (cosine/dot: score >= T, l2:",
          "                        distance <= T; with --mode least: score <= T / distance >= T),",
          "                        written as Parquet (a, b, score, index_a, index_b) to",
          "                        DIR/threshold.parquet, best first (the log says when T lies",
          "                        outside every score: cosine [-1, 1], l2 >= 0)",
          "  --max-pairs M         --threshold: fail, writing nothing, when more than M pairs",
          "                        qualify (default: 1000000)",
          "  --per-row-top K       every row's K most similar others (bichromatic: each A row's K",
          "                        best in B), Parquet (a, b, score, index_a, index_b, rank) to",
          "                        DIR/per_row.parquet",
          "  --limit N             use only the first N rows of each input (input order)",
          "  --block-rows N        rows per block (default: about 8 MiB of fp32 rows, a power of two",
          "                        in 128..4096, smaller when there are fewer tiles than 2x the cores)",
          "  --strategy S          auto | broadcast | shuffle (default: auto = broadcast the packed",
          "                        blocks when they fit under --broadcast-limit, else shuffle them",
          "                        to a 2-D grid of super-tiles)",
          "  --broadcast-limit SZ  e.g. 512m, 2g (default: 1/5 of min(driver heap, executor memory))",
          "  --group-blocks N      shuffle path: blocks per super-tile group (default: from memory",
          "                        and parallelism)",
          "  --kernel K            auto | float | binary | sparse (default: auto = the exact popcount",
          "                        kernel when every value is 0 or 1 and the metric is cosine or dot,",
          "                        else the sparse kernel when at most 1/32 of the values are",
          "                        non-zero and the dimension is >= 256 (tf-idf, hashed terms), else",
          "                        fp32; binary fails with exit 2 where it does not apply).",
          "                        Results are the same either way.",
          "  --prune P             auto | on | off (default: auto): score every pair first by a",
          "                        proven upper bound from r+1-value sketches of the rows (their top",
          "                        r principal directions and the residual's norm) and at full",
          "                        dimension only the pairs whose bound reaches the floor; the answer",
          "                        is the same. auto prunes the fp32 kernel's searches of at least",
          "                        10 million pairs where a sample of the rows says it cuts the work",
          "                        at least 2x (real embeddings: yes; random or 0/1 rows: no), and",
          "                        logs why; \"prune\" in result.json, counts.pairs_full_dim and",
          "                        counts.pairs_pruned",
          "",
          "output:",
          "  --output DIR          where result.json is written (atomically)",
          "  --overwrite           replace an existing DIR/result.json",
          "  --checkpoint CKPT     keep each finished task's results in CKPT (any Hadoop file system);",
          "                        rerunning the same command after a failure skips the finished",
          "                        tasks (counts.tiles_resumed); a CKPT of other input or options is",
          "                        refused (exit 2, naming what differs)",
          "  --no-progress         no progress line while tiles are scored",
          "  --show-text           the texts of the reported pairs (best, top-k) from the Parquet",
          "                        input's text column: \"text_a\"/\"text_b\" in result.json (whole)",
          "                        and in the summary (cut to --text-width)",
          "  --text-col NAME       --show-text: the text column (default: text)",
          "  --text-width N        --show-text: characters per text in the summary (default: 160);",
          "                        with --threshold the summary also shows the 10 most similar",
          "                        pairs of the table with their texts",
          "  --histogram           the exact histogram of all pair scores, fused into the same tile",
          "                        scan (every pair is re-scored in fp64): \"histogram\" {edges,",
          "                        counts} in result.json and DIR/histogram.png; range: cosine",
          "                        [-1, 1], dot [-|a|max|b|max, |a|max|b|max], l2 [0, |a|max+|b|max]",
          "  --histogram-bins N    bins of --histogram (default: 200; implies --histogram)",
          "  --thresholds T1,T2    the exact number of pairs at or past each threshold, in the same",
          "                        scan: \"threshold_counts\" [{threshold, pairs}] in result.json",
          "",
          "attention (one softmax head over the same tiles, fused into the scan):",
          "  --attention           every row's online softmax statistics over the others (bichromatic:",
          "                        over B) of beta * score: DIR/attention.parquet (id, index,",
          "                        max_score, lse, output, argmax_id, argmax_index, weight_on_argmax,",
          "                        beta) and \"attention\" in result.json (the pair the head reads off,",
          "                        whether it is the exact best pair, the log-sum-exp margin); cosine",
          "                        or dot, float kernel",
          "  --beta B              the temperature (default: 3 ln n); a list B1,B2,... computes all",
          "                        in one pass (\"attention\".\"sweep\" per beta); each in [1e-6, 1e6]",
          "  --beta-sweep          also betas 0.25, 0.5, 1, ..., 64 and 3 ln n, in one pass",
          "  --attention-values V  ones | norm1 | COLUMN: each key row's value: 1, its L1 norm, or a",
          "                        numeric column of a Parquet input or of a CSV input with a header",
          "                        (not part of the vector then; B's in an A-against-B search);",
          "                        a null, non-finite or unparsable value exits 2 naming the row",
          "                        (default: ones)",
          "  --attention-head ov   the paper's orthogonal-vectors head on 0/1 rows (implies",
          "                        --attention, --metric dot, --mode least, values norm1): row i's",
          "                        output A_i = sum_j n^(-3<v_i,v_j>) |v_j|_1 / (sum_j",
          "                        n^(-3<v_i,v_j>) + 1), self term and zero token included; decides",
          "                        \"an orthogonal pair exists\" iff max_i A_i >= 1/(n+1):",
          "                        \"attention_head\" in result.json, beside the exact answer;",
          "                        attention.parquet's output column is then A_i",
          "  --help                this text",
          "",
          "exit codes: 0 ok, 2 bad arguments or input (nothing written), 1 internal error,",
          "            143 or 130 ended by SIGTERM or SIGINT (nothing written)");

  PairsCommand() {
    super("pairs", USAGE, OPTIONS, FLAGS);
  }

  @Override
  PairsConfig parse(String[] args) {
    return config(args(args));
  }

  @Override
  int execute(SparkSession spark, PairsConfig cfg, PrintStream out, PrintStream err) throws Exception {
    OutputCommit commit = OutputCommit.forResult(spark.sparkContext().hadoopConfiguration(), cfg.output(), cfg.overwrite());
    try {
      commit.check();
      if (cfg.text() != null) {
        PairTexts.check(spark, cfg);
      }
      PairsResult r = new PairSearchJob(cfg).run(spark, commit);
      Map<String, Map<String, String>> texts = cfg.text() == null ? null : PairTexts.lookup(spark, cfg, r);
      if (r.calibration() != null && r.calibration().hasHistogram()) {
        commit.put(HISTOGRAM_PNG, HistogramChart.png(r.calibration().edges(), r.calibration().counts(), r.run().metric(),
            "Scores of all " + r.counts().pairsScored() + " pairs", r.calibration().thresholds()));
      }
      if (r.attention() != null && r.attention().sweep().size() > 1) {
        commit.put(ATTENTION_PNG, sweepChart(r.attention(), r.run().documents()));
      }
      String path = commit.commit(texts == null ? ResultJson.of(r) : ResultJson.of(r, texts));
      out.println(summary(r, path));
      if (texts != null) {
        out.print(textSummary(r.top() != null ? r.top() : List.of(r.best()), texts, cfg.text()));
        if (r.threshold() != null && r.threshold().count() > 0) {
          // --mode least writes the table least similar first; the head printed is the most similar
          List<ReportedPair> head = PairTexts.tableHead(spark, r.threshold().path(), THRESHOLD_SHOWN);
          out.println("threshold pairs (the " + head.size() + " most similar of " + r.threshold().count() + "):");
          out.print(textSummary(head, PairTexts.lookup(spark, cfg, head), cfg.text()));
        }
      }
      return ExitCodes.OK;
    } catch (Exception e) {
      commit.abort();
      throw e;
    }
  }

  /** The beta sweep's picture in the output directory (with more than one beta). */
  static final String ATTENTION_PNG = "attention_sweep.png";

  /** The weight on the true partner against beta, betas ascending. */
  static byte[] sweepChart(AttentionReport at, long n) {
    List<AttentionReport.Sweep> sw = new java.util.ArrayList<>(at.sweep());
    sw.sort(java.util.Comparator.comparingDouble(AttentionReport.Sweep::beta));
    double[] b = sw.stream().mapToDouble(AttentionReport.Sweep::beta).toArray();
    double[] w = sw.stream().mapToDouble(AttentionReport.Sweep::weightOnPartner).toArray();
    return AttentionSweepChart.png("Softmax weight on the best pair's partner, n = " + n,
        Map.of("this run", new AttentionSweepChart.Line(b, w, at.beta())));
  }

  /** The histogram's picture in the output directory. */
  static final String HISTOGRAM_PNG = "histogram.png";

  /** The printed summary: the best pair, the counts, the tables written, the stage table. */
  static String summary(PairsResult r, String path) {
    StringBuilder sb = new StringBuilder();
    String metric = r.run().metric();
    sb.append(
        String.format(
            Locale.ROOT,
            "best pair: a=%s b=%s %s=%.17g  (rows %d and %d)%n",
            r.best().a(),
            r.best().b(),
            metric.equals("l2") ? "distance" : metric,
            r.best().score(),
            r.best().indexA(),
            r.best().indexB()));
    sb.append(
        String.format(
            Locale.ROOT,
            "documents=%d dimension=%d blocks=%s tiles=%s pairs_scored=%s flops=%s certified=%s%n",
            r.run().documents(),
            r.run().dimension(),
            r.counts().blocks(),
            r.counts().tiles(),
            r.counts().pairsScored(),
            r.counts().flops(),
            true));
    if (r.top() != null) {
      sb.append("top-k: ").append(r.top().size()).append(" pairs in result.json (\"pairs\")").append('\n');
    }
    if (r.threshold() != null) {
      sb.append("threshold: ").append(r.threshold().count()).append(" pairs -> ").append(r.threshold().path()).append('\n');
    }
    if (r.perRow() != null) {
      sb.append("per-row top ").append(r.perRow().parameter()).append(": ").append(r.perRow().count())
          .append(" rows -> ").append(r.perRow().path()).append('\n');
    }
    if (r.calibration() != null) {
      sb.append(calibrationSummary(r.calibration()));
    }
    if (r.attention() != null) {
      sb.append(attentionSummary(r.attention()));
    }
    sb.append(r.stages().table());
    sb.append("result: ").append(path);
    return sb.toString();
  }

  /** The attention head's pair, margin, sweep and OV decision, as summary lines. */
  static String attentionSummary(AttentionReport at) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT,
        "attention (beta=%.6g): a=%s b=%s equals_exact=%s max_lse_gap=%.6g <= ln(n)/beta=%.6g: %s -> %s%n",
        at.beta(), at.a(), at.b(), at.equalsExact(), at.maxLseGap(), at.lnNOverBeta(), at.marginOk(), at.table().path()));
    if (at.sweep().size() > 1) {
      for (AttentionReport.Sweep s : at.sweep()) {
        sb.append(String.format(Locale.ROOT, "  beta=%-10.6g weight on the partner %.6f%s%n", s.beta(), s.weightOnPartner(),
            s.decision() == null ? "" : "  decision " + s.decision() + (s.decisionRight() ? " (right)" : " (wrong)")));
      }
      sb.append("  -> ").append(ATTENTION_PNG).append('\n');
    }
    if (at.head() != null) {
      AttentionReport.Head h = at.head();
      sb.append(String.format(Locale.ROOT,
          "OV head: decision=%s (max output %.6g vs 1/(n+1)=%.6g, %d rows fire), exact=%s%n",
          h.decision(), h.maxOutput(), h.threshold(), h.rowsFiring(), h.exact()));
    }
    return sb.toString();
  }

  /** The threshold counts and the histogram's extent, as summary lines. */
  static String calibrationSummary(ScoreCalibration c) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < c.thresholds().size(); i++) {
      sb.append(String.format(Locale.ROOT, "pairs at threshold %s: %d%n", c.thresholds().get(i), c.pairs()[i]));
    }
    if (c.hasHistogram()) {
      sb.append(String.format(Locale.ROOT, "histogram: %d bins over [%s, %s], %d pairs -> \"histogram\" and %s%n",
          c.counts().length, c.edges()[0], c.edges()[c.counts().length], c.total(), HISTOGRAM_PNG));
    }
    return sb.toString();
  }

  /** {@code --show-text --threshold}: threshold pairs printed with their texts. */
  static final int THRESHOLD_SHOWN = 10;

  /** {@code --show-text}: the reported pairs with their texts, each cut to the width. */
  static String textSummary(List<ReportedPair> pairs, Map<String, Map<String, String>> texts, TextDisplay t) {
    StringBuilder sb = new StringBuilder();
    int rank = 0;
    for (ReportedPair p : pairs) {
      rank++;
      sb.append(String.format(Locale.ROOT, "#%d  %.6f  %s | %s%n", rank, p.score(), p.a(), p.b()));
      sb.append("    a: ").append(t.cut(String.valueOf(texts.get("a").get(p.a())))).append('\n');
      sb.append("    b: ").append(t.cut(String.valueOf(texts.get("b").get(p.b())))).append('\n');
    }
    return sb.toString();
  }

  /** The config from parsed options; every check of the pairs options is here or in the builder. */
  static PairsConfig config(Args a) {
    if (a.get("input") == null) {
      throw new UsageException("--input is required");
    }
    if (a.get("output") == null) {
      throw new UsageException("--output is required");
    }
    return build(builder(a));
  }

  /** Builds, turning the builder's complaint into a usage error. */
  static PairsConfig build(PairsConfig.Builder b) {
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** A builder with every pairs option in {@code a} applied ({@code --input} only when given). */
  static PairsConfig.Builder builder(Args a) {
    InputFormat format = format(a, "format");
    if (a.get("ids") != null && format != null && format != InputFormat.NPY) {
      throw new UsageException("--ids is for NPY input only");
    }
    Metric metric = Metric.parse(a.get("metric", "cosine"));
    if (metric == null) {
      throw new UsageException("--metric must be cosine, dot or l2, got '" + a.get("metric") + "'");
    }
    PairsConfig.Builder b =
        PairsConfig.builder()
            .metric(metric)
            .output(a.get("output"))
            .overwrite(a.flag("overwrite"))
            .progress(!a.flag("no-progress"))
            .strategy(a.enumValue("strategy", SearchOptions.Strategy.AUTO, SearchOptions.Strategy.class))
            .mode(a.enumValue("mode", SearchOptions.Mode.MOST, SearchOptions.Mode.class))
            .kernel(a.enumValue("kernel", SearchOptions.Kernel.AUTO, SearchOptions.Kernel.class))
            .prune(a.enumValue("prune", PruneMode.AUTO, PruneMode.class))
            .blockRows(a.intValue("block-rows", 0, 1, 1 << 16))
            .broadcastLimitBytes(a.bytesValue("broadcast-limit", 0))
            .groupBlocks(a.intValue("group-blocks", 0, 1, 1 << 20))
            .topK(a.intValue("top-k", 0, 1, 1_000_000))
            .perRowTop(a.intValue("per-row-top", 0, 1, 10_000))
            .limit(a.intValue("limit", 0, 2, Integer.MAX_VALUE))
            .checkpoint(a.get("checkpoint"));
    if (a.flag("show-text")) {
      b.text(new TextDisplay(a.get("text-col", TextDisplay.DEFAULT_COLUMN), a.intValue("text-width", TextDisplay.DEFAULT_WIDTH, 8, 1 << 20)));
    } else if (a.get("text-col") != null || a.get("text-width") != null) {
      throw new UsageException("--" + (a.get("text-col") != null ? "text-col" : "text-width") + " goes with --show-text");
    }
    if (a.get("input") != null) {
      b.input(new InputSpec(a.get("input"), format, a.get("id-col"), a.get("vector-col"), a.get("ids")));
    }
    if (a.get("input-b") != null) {
      b.inputB(new InputSpec(a.get("input-b"), format(a, "format-b"), a.get("id-col-b"), a.get("vector-col-b"), a.get("ids-b")));
    } else {
      for (String k : new String[] {"format-b", "ids-b", "id-col-b", "vector-col-b"}) {
        if (a.get(k) != null) {
          throw new UsageException("--" + k + " needs --input-b");
        }
      }
    }
    if (a.get("threshold") != null) {
      double t;
      try {
        t = Double.parseDouble(a.get("threshold").trim());
      } catch (NumberFormatException e) {
        t = Double.NaN;
      }
      if (!Double.isFinite(t)) {
        throw new UsageException("--threshold needs a finite number, got '" + a.get("threshold") + "'");
      }
      b.threshold(t);
    }
    if (a.get("max-pairs") != null) {
      b.maxPairs(a.intValue("max-pairs", 0, 1, Integer.MAX_VALUE - 1));
    }
    b.calibration(calibration(a));
    b.attention(attention(a, b));
    return b;
  }

  /** {@code --attention}, {@code --beta}, {@code --beta-sweep}, {@code --attention-values}, {@code --attention-head}; null when off. */
  static AttentionOptions attention(Args a, PairsConfig.Builder b) {
    boolean ov = false;
    if (a.get("attention-head") != null) {
      if (!a.get("attention-head").equals("ov")) {
        throw new UsageException("--attention-head must be ov, got '" + a.get("attention-head") + "'");
      }
      ov = true;
    }
    boolean on = ov || a.flag("attention");
    if (!on) {
      for (String k : new String[] {"beta", "attention-values"}) {
        if (a.get(k) != null) {
          throw new UsageException("--" + k + " goes with --attention or --attention-head");
        }
      }
      if (a.flag("beta-sweep")) {
        throw new UsageException("--beta-sweep goes with --attention or --attention-head");
      }
      return null;
    }
    AttentionValues values = AttentionValues.ONES;
    String column = null;
    String v = a.get("attention-values");
    if (v != null) {
      if (v.equals("ones") || v.equals("norm1")) {
        values = v.equals("ones") ? AttentionValues.ONES : AttentionValues.NORM1;
      } else if (v.isBlank()) {
        throw new UsageException("--attention-values needs ones, norm1 or a column name");
      } else {
        values = AttentionValues.COLUMN;
        column = v;
      }
    }
    if (ov) {
      if (v != null && values != AttentionValues.NORM1) {
        throw new UsageException("--attention-head ov takes the L1 norms as values, not --attention-values " + v);
      }
      values = AttentionValues.NORM1;
      String metric = a.get("metric");
      String mode = a.get("mode");
      if ((metric != null && !metric.equals("dot")) || (mode != null && !mode.equals("least"))) {
        throw new UsageException("--attention-head ov scores inner products, least first: it needs --metric dot --mode least (the default with it)");
      }
      b.metric(Metric.DOT).mode(SearchOptions.Mode.LEAST);
    }
    List<Double> betas = thresholdList(a, "beta");
    for (double x : betas) {
      if (!(x >= 1e-6 && x <= 1e6)) {
        throw new UsageException("--beta must lie in [1e-6, 1e6], got " + x);
      }
    }
    return new AttentionOptions(betas, a.flag("beta-sweep"), values, column, ov);
  }

  /** {@code --histogram}, {@code --histogram-bins}, {@code --thresholds}. */
  static Calibration calibration(Args a) {
    int bins = a.flag("histogram") || a.get("histogram-bins") != null
        ? a.intValue("histogram-bins", Calibration.DEFAULT_BINS, 1, 1_000_000)
        : 0;
    return new Calibration(bins, thresholdList(a, "thresholds"));
  }

  /** A comma-separated list of finite numbers, or an empty list when the option is absent. */
  static List<Double> thresholdList(Args a, String option) {
    List<Double> out = new java.util.ArrayList<>();
    if (a.get(option) == null) {
      return out;
    }
    for (String part : a.get(option).split(",", -1)) {
      double t;
      try {
        t = Double.parseDouble(part.trim());
      } catch (NumberFormatException e) {
        t = Double.NaN;
      }
      if (!Double.isFinite(t)) {
        throw new UsageException("--" + option + " needs finite numbers separated by commas, got '" + part + "'");
      }
      out.add(t);
    }
    return out;
  }

  /** An input format option, or null when absent. */
  static InputFormat format(Args a, String option) {
    if (a.get(option) == null) {
      return null;
    }
    InputFormat f = InputFormat.parse(a.get(option));
    if (f == null) {
      throw new UsageException("--" + option + " must be parquet, npy or csv, got '" + a.get(option) + "'");
    }
    return f;
  }
}
