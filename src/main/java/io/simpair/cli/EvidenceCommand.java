package io.simpair.cli;

import io.simpair.io.InputSpec;
import io.simpair.report.CompareReport;
import io.simpair.spark.CompareJob;
import io.simpair.spark.EvidenceJob;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/** {@code simpair evidence}: generate the hard instances, compare on them and on a real corpus. */
final class EvidenceCommand extends Command<EvidenceJob.Config> {

  static final Set<String> OPTIONS = Set.of("sizes", "real", "methods", "budget", "output", "top-k", "seed");
  static final Set<String> FLAGS = Set.of("overwrite", "help");

  static final String USAGE =
      String.join(
          "\n",
          "usage: run-cluster.sh evidence --output DIR [--sizes N1,N2,...] [--real PATH]",
          "                               [--methods ...] [--budget B1,B2,...]",
          "",
          "At each size N generates ov-lsd (least similar, L = the smallest with N^2 (3/4)^L <= 1/128),",
          "ov-bichromatic-msd (N x N, the same L) and clustered (d=64) into DIR/data/<kind>-n<N>/, runs",
          "compare on each and on the real corpus, and writes DIR/evidence.json (every comparison,",
          "plus per family and method how often the true best was found), evidence.png and",
          "evidence.html; each comparison's table goes to the log.",
          "",
          "  --sizes N1,N2,...     default 1000,2000,4000",
          "  --real PATH           an embedded corpus (any pairs input), compared in --mode most",
          "  --methods, --budget, --top-k, --seed   as for compare (default: every method, " + CompareCommand.DEFAULT_BUDGETS + ")",
          "  --overwrite           replace existing data and report files",
          "  --help                this text");

  EvidenceCommand() {
    super("evidence", USAGE, OPTIONS, FLAGS);
  }

  @Override
  EvidenceJob.Config parse(String[] args) {
    Args a = args(args);
    a.require("output");
    List<Long> sizes = new ArrayList<>();
    for (String s : a.get("sizes", "1000,2000,4000").split(",", -1)) {
      try {
        long n = Long.parseLong(s.trim());
        if (n < 2 || n > 1 << 20) {
          throw new NumberFormatException();
        }
        sizes.add(n);
      } catch (NumberFormatException e) {
        throw new UsageException("--sizes needs whole numbers between 2 and 1048576, got '" + s + "'");
      }
    }
    List<String> methods = CompareCommand.methods(a);
    long seed = CompareCommand.seed(a, CompareJob.DEFAULT_SEED);
    InputSpec real = a.get("real") == null ? null : new InputSpec(a.get("real"), null, null, null, null);
    return new EvidenceJob.Config(sizes.stream().mapToLong(Long::longValue).toArray(), real, methods,
        CompareCommand.budgets(a.get("budget", CompareCommand.DEFAULT_BUDGETS)), a.get("output"), a.flag("overwrite"),
        a.intValue("top-k", CompareJob.DEFAULT_K, 1, 10_000), seed);
  }

  @Override
  int execute(SparkSession spark, EvidenceJob.Config cfg, PrintStream out, PrintStream err) {
    for (CompareReport r : new EvidenceJob(cfg).run(spark)) {
      out.print(r.table());
    }
    out.println("files: " + String.join(", ", EvidenceJob.OUTPUTS) + " in " + cfg.output());
    return ExitCodes.OK;
  }
}
