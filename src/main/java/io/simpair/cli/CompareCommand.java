package io.simpair.cli;

import io.simpair.io.InputSpec;
import io.simpair.plan.SearchOptions;
import io.simpair.report.CompareReport;
import io.simpair.spark.CompareJob;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/** {@code simpair compare}: the exact job against subquadratic baselines; options and usage. */
final class CompareCommand extends Command<CompareJob.Config> {

  static final Set<String> OPTIONS = Set.of("input", "input-b", "format", "format-b", "ids", "ids-b", "mode", "methods", "budget",
      "output", "top-k", "seed");
  static final Set<String> FLAGS = Set.of("overwrite", "help");
  static final String DEFAULT_BUDGETS = "8,32,128";

  static final String USAGE =
      String.join(
          "\n",
          "usage: run-cluster.sh compare --input PATH [--input-b PATH] [--mode most|least]",
          "                              --methods exact,simhash,brp-lsh,minhash,performer,lowdim",
          "                              --budget B1,B2,... --output DIR",
          "",
          "Runs each method on the same input (cosine) and reports, per method and budget: the",
          "pairs scored exactly (counted), wall seconds, whether it returned the true best pair, its",
          "best score, and its recall of the true top k (the exact pairs job gives the truth).",
          "Writes DIR/compare.json, compare.png (recall against pairs scored per row), compare.html",
          "and prints the table.",
          "",
          "methods (each held to the budget: at most B exactly scored pairs per query row):",
          "  exact       the pairs job: every pair, the right answer by construction",
          "  simhash     sign random projections, 8 bands of r bits, r the smallest whose collisions",
          "              stay within 4B per row (counted on the data); colliding",
          "              rows ranked by Hamming distance, the B closest scored",
          "  brp-lsh     MLlib BucketedRandomProjectionLSH.approxSimilarityJoin on unit rows, 8 hash",
          "              tables, the largest bucketLength whose collisions stay within B per row",
          "  minhash     MLlib MinHashLSH (64 tables) on the sets of ones (0/1 input only), banded as",
          "              8 bands of r tables (r the smallest within 4x the budget), candidates ranked by",
          "              agreeing tables, the B best scored",
          "  performer   FAVOR+ positive random features (m=256, beta=2) estimating exp(beta cos); each",
          "              row's B heaviest approximate attention weights scored",
          "  lowdim      Gaussian projection to 16 dimensions, exhaustive search there, each row's B",
          "              best re-scored (quadratic, a constant factor cheaper)",
          "--mode least runs every method against the negated B side (cos(a,-b) = -cos(a,b)); minhash",
          "against B's complements.",
          "",
          "  --input PATH / --input-b PATH   as for pairs (npy, parquet, csv; --format, --ids and -b twins)",
          "  --budget B1,B2,...    pairs per query row (default " + DEFAULT_BUDGETS + ")",
          "  --top-k K             recall of the true top K (default " + CompareJob.DEFAULT_K + ")",
          "  --seed S              the methods' seed (default " + CompareJob.DEFAULT_SEED + ")",
          "  --overwrite           replace existing compare.* files",
          "  --help                this text",
          "",
          "exit codes: 0 ok, 2 bad arguments or input (nothing written), 1 internal error");

  CompareCommand() {
    super("compare", USAGE, OPTIONS, FLAGS);
  }

  @Override
  CompareJob.Config parse(String[] args) {
    Args a = args(args);
    a.require("input", "output");
    SearchOptions.Mode mode = a.enumValue("mode", SearchOptions.Mode.MOST, SearchOptions.Mode.class);
    List<String> methods = methods(a);
    int[] budgets = budgets(a.get("budget", DEFAULT_BUDGETS));
    long seed = seed(a, CompareJob.DEFAULT_SEED);
    InputSpec in = new InputSpec(a.get("input"), PairsCommand.format(a, "format"), null, null, a.get("ids"));
    InputSpec inB = a.get("input-b") == null ? null : new InputSpec(a.get("input-b"), PairsCommand.format(a, "format-b"), null, null, a.get("ids-b"));
    return new CompareJob.Config(in, inB, mode == SearchOptions.Mode.LEAST, methods, budgets, a.get("output"), a.flag("overwrite"),
        a.intValue("top-k", CompareJob.DEFAULT_K, 1, 10_000), seed);
  }

  /** --methods: known names, each once, in the order given (default: all). */
  static List<String> methods(Args a) {
    List<String> methods = new ArrayList<>();
    for (String m : a.get("methods", String.join(",", CompareJob.METHODS)).split(",", -1)) {
      String t = m.trim();
      if (!CompareJob.METHODS.contains(t)) {
        throw new UsageException("--methods: unknown method '" + t + "'; choose from " + String.join(",", CompareJob.METHODS));
      }
      if (methods.contains(t)) {
        throw new UsageException("--methods names " + t + " twice");
      }
      methods.add(t);
    }
    return methods;
  }

  /** --seed as a whole number. */
  static long seed(Args a, long dflt) {
    String v = a.get("seed", Long.toString(dflt));
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("--seed needs a whole number, got '" + v + "'");
    }
  }

  static int[] budgets(String list) {
    String[] parts = list.split(",", -1);
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        out[i] = 0;
      }
      if (out[i] < 1) {
        throw new UsageException("--budget needs whole numbers >= 1 separated by commas, got '" + parts[i] + "'");
      }
    }
    return out;
  }

  @Override
  int execute(SparkSession spark, CompareJob.Config cfg, PrintStream out, PrintStream err) {
    CompareReport r = new CompareJob(cfg).run(spark);
    out.print(r.table());
    out.println("files: " + String.join(", ", CompareJob.OUTPUTS) + " in " + cfg.output());
    return ExitCodes.OK;
  }
}
