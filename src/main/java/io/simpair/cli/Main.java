package io.simpair.cli;

import io.simpair.io.InputException;
import io.simpair.io.InputFormat;
import io.simpair.io.InputSpec;
import io.simpair.io.OutputCommit;
import io.simpair.kernel.Metric;
import io.simpair.spark.JobResult;
import io.simpair.spark.PairSearchJob;
import io.simpair.spark.PairsConfig;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.SparkSession;

/**
 * simpair's command line: parse → validate → session → job → summary → exit code.
 *
 * <p>Exit codes: 0 success; 2 bad arguments or bad input (nothing written); 1 internal failure.
 */
public final class Main {
  private static final Logger LOG = LogManager.getLogger(Main.class);

  static final Set<String> PAIRS_OPTIONS =
      Set.of(
          "input", "format", "id-col", "vector-col", "ids", "metric", "block-rows", "output",
          "strategy", "broadcast-limit", "group-blocks", "mode", "input-b", "format-b", "ids-b",
          "id-col-b", "vector-col-b", "top-k", "threshold", "max-pairs", "per-row-top", "limit", "kernel");
  static final Set<String> PAIRS_FLAGS = Set.of("overwrite", "no-progress", "help");

  static final String USAGE =
      String.join(
          "\n",
          "usage: run-cluster.sh pairs --input PATH --output DIR [options]",
          "       run-cluster.sh scaling (--input PATH | --generate random:d=D) [--sizes N,...] --output DIR",
          "                              [pairs options]   (run 'scaling --help' for details)",
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
          "  --ids FILE            NPY: one id per line (default: 0-based row numbers)",
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
          "                        DIR/threshold.parquet, best first",
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
          "  --kernel K            auto | float | binary (default: auto = the exact popcount kernel",
          "                        when every value is 0 or 1 and the metric is cosine or dot, else",
          "                        fp32; binary fails with exit 2 where it does not apply).",
          "                        Results are the same either way.",
          "",
          "output:",
          "  --output DIR          where result.json is written (atomically)",
          "  --overwrite           replace an existing DIR/result.json",
          "  --no-progress         no progress line while tiles are scored",
          "  --help                this text",
          "",
          "exit codes: 0 ok, 2 bad arguments or input (nothing written), 1 internal error");

  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs the CLI and returns the exit code (tests call this). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      (args.length == 0 ? err : out).println(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    String command = args[0];
    String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
    if (command.equals("scaling")) {
      return ScalingCommand.run(rest, out, err);
    }
    if (!command.equals("pairs")) {
      err.println("simpair: unknown command '" + command + "'\n" + USAGE);
      return 2;
    }
    PairsConfig cfg;
    try {
      Args a = Args.parse(rest, PAIRS_OPTIONS, PAIRS_FLAGS);
      if (a.flag("help")) {
        out.println(USAGE);
        return 0;
      }
      cfg = pairsConfig(a);
    } catch (UsageException e) {
      err.println("simpair: " + e.getMessage() + "\n\n" + USAGE);
      return 2;
    }
    LOG.info("pairs config: {}", cfg);
    SparkSession spark = SparkSession.builder().appName("simpair pairs").getOrCreate();
    try {
      return runPairs(spark, cfg, out, err);
    } finally {
      spark.stop();
    }
  }

  /** Runs the pairs job on a session; returns the exit code. */
  public static int runPairs(SparkSession spark, PairsConfig cfg, PrintStream out, PrintStream err) {
    OutputCommit writer = null;
    try {
      writer = OutputCommit.forResult(spark.sparkContext().hadoopConfiguration(), cfg.output(), cfg.overwrite());
      writer.check();
      JobResult r = new PairSearchJob(cfg).run(spark, writer);
      String path = writer.commit(r.toJson());
      out.println(summary(r, path));
      return 0;
    } catch (Exception e) {
      if (writer != null) {
        writer.abort();
      }
      InputException cause = findInputException(e);
      if (cause != null) {
        err.println("simpair: input error: " + cause.getMessage());
        return 2;
      }
      LOG.error("internal failure", e);
      err.println("simpair: internal error: " + firstLine(e));
      return 1;
    }
  }

  static String firstLine(Throwable e) {
    String m = e.getClass().getSimpleName() + ": " + e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** A task-side InputException arrives wrapped in a SparkException. */
  private static InputException findInputException(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InputException ie) {
        return ie;
      }
    }
    return null;
  }

  static String summary(JobResult r, String path) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "best pair: a=%s b=%s %s=%.17g  (rows %d and %d)%n",
            r.idA,
            r.idB,
            r.metric.equals("l2") ? "distance" : r.metric,
            r.score,
            r.indexA,
            r.indexB));
    sb.append(
        String.format(
            Locale.ROOT,
            "documents=%d dimension=%d blocks=%s tiles=%s pairs_scored=%s flops=%s certified=%s%n",
            r.documents,
            r.dimension,
            r.counts.get("blocks"),
            r.counts.get("tiles"),
            r.counts.get("pairs_scored"),
            r.counts.get("flops"),
            r.info.get("certified")));
    if (r.info.get("pairs") instanceof java.util.List<?> top) {
      sb.append("top-k: ").append(top.size()).append(" pairs in result.json (\"pairs\")").append('\n');
    }
    if (r.info.get("threshold") instanceof java.util.Map<?, ?> t) {
      sb.append("threshold: ").append(t.get("pairs")).append(" pairs -> ").append(t.get("path")).append('\n');
    }
    if (r.info.get("per_row") instanceof java.util.Map<?, ?> t) {
      sb.append("per-row top ").append(t.get("k")).append(": ").append(t.get("rows")).append(" rows -> ")
          .append(t.get("path")).append('\n');
    }
    sb.append(r.stages.table());
    sb.append("result: ").append(path);
    return sb.toString();
  }

  static PairsConfig pairsConfig(Args a) {
    String input = a.get("input");
    if (input == null) {
      throw new UsageException("--input is required");
    }
    String output = a.get("output");
    if (output == null) {
      throw new UsageException("--output is required");
    }
    InputFormat format = null;
    if (a.get("format") != null) {
      format = InputFormat.parse(a.get("format"));
      if (format == null) {
        throw new UsageException("--format must be parquet, npy or csv, got '" + a.get("format") + "'");
      }
    }
    Metric metric = Metric.parse(a.get("metric", "cosine"));
    if (metric == null) {
      throw new UsageException("--metric must be cosine, dot or l2, got '" + a.get("metric") + "'");
    }
    PairsConfig.Strategy strategy =
        a.enumValue("strategy", PairsConfig.Strategy.AUTO, PairsConfig.Strategy.class);
    if (a.get("ids") != null && format != null && format != InputFormat.NPY) {
      throw new UsageException("--ids is for NPY input only");
    }
    InputSpec inputB = null;
    if (a.get("input-b") != null) {
      InputFormat formatB = null;
      if (a.get("format-b") != null) {
        formatB = InputFormat.parse(a.get("format-b"));
        if (formatB == null) {
          throw new UsageException("--format-b must be parquet, npy or csv, got '" + a.get("format-b") + "'");
        }
      }
      inputB = new InputSpec(a.get("input-b"), formatB, a.get("id-col-b"), a.get("vector-col-b"), a.get("ids-b"));
    } else {
      for (String k : new String[] {"format-b", "ids-b", "id-col-b", "vector-col-b"}) {
        if (a.get(k) != null) {
          throw new UsageException("--" + k + " needs --input-b");
        }
      }
    }
    PairsConfig.Mode mode = a.enumValue("mode", PairsConfig.Mode.MOST, PairsConfig.Mode.class);
    double threshold = Double.NaN;
    if (a.get("threshold") != null) {
      try {
        threshold = Double.parseDouble(a.get("threshold").trim());
      } catch (NumberFormatException e) {
        threshold = Double.NaN;
      }
      if (!Double.isFinite(threshold)) {
        throw new UsageException("--threshold needs a finite number, got '" + a.get("threshold") + "'");
      }
    }
    PairsConfig.Kernel kernel =
        a.enumValue("kernel", PairsConfig.Kernel.AUTO, PairsConfig.Kernel.class);
    if (a.get("max-pairs") != null && a.get("threshold") == null) {
      throw new UsageException("--max-pairs goes with --threshold");
    }
    return new PairsConfig(
        new InputSpec(input, format, a.get("id-col"), a.get("vector-col"), a.get("ids")),
        metric,
        a.intValue("block-rows", 0, 1, 1 << 16),
        output,
        a.flag("overwrite"),
        strategy,
        a.bytesValue("broadcast-limit", 0),
        a.intValue("group-blocks", 0, 1, 1 << 20),
        !a.flag("no-progress"),
        mode,
        inputB,
        a.intValue("top-k", 0, 1, 1_000_000),
        threshold,
        a.intValue("max-pairs", (int) PairsConfig.DEFAULT_MAX_PAIRS, 1, Integer.MAX_VALUE - 1),
        a.intValue("per-row-top", 0, 1, 10_000),
        a.intValue("limit", 0, 2, Integer.MAX_VALUE),
        kernel);
  }
}
