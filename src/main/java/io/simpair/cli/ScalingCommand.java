package io.simpair.cli;

import io.simpair.io.InputFormat;
import io.simpair.io.InputSpec;
import io.simpair.report.ScalingReport;
import io.simpair.report.SweepSizes;
import io.simpair.spark.PairsConfig;
import io.simpair.spark.ScalingJob;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * {@code simpair scaling}: the pairs job on growing prefixes, the fits and the report; its
 * options and usage.
 */
public final class ScalingCommand extends Command<ScalingJob.Config> {

  /** Every pairs option plus the sweep's own. */
  static final Set<String> OPTIONS = union(PairsCommand.OPTIONS, Set.of("generate", "sizes"));

  /** Pairs options that describe an input file and so make no sense with --generate. */
  private static final List<String> INPUT_OPTIONS =
      List.of(
          "input", "format", "id-col", "vector-col", "ids", "input-b", "format-b", "id-col-b",
          "vector-col-b", "ids-b");

  static final String USAGE =
      String.join(
          "\n",
          "usage: run-cluster.sh scaling (--input PATH | --generate random:d=D[,seed=S])",
          "                              [--sizes N1,N2,...] --output DIR [pairs options]",
          "",
          "Runs the pairs job on the first N rows for each size N, checks that the counted pair",
          "scores are n(n-1)/2, fits exponents to pair scores and time on log-log axes, and writes",
          "DIR/scaling.csv, scaling.json, scaling.png, scaling.html (after the whole sweep",
          "succeeded) and DIR/runs/n=N/result.json per size.",
          "",
          "  --input PATH          take each size as a prefix of this input (in input order);",
          "                        a size larger than the input is an error",
          "  --generate SPEC       random:d=D[,seed=S]: one seeded standard Gaussian float32 NPY of",
          "                        the largest size (the rows of generate --kind random), in a",
          "                        temporary directory under DIR (removed afterwards); each size",
          "                        is a prefix (default seed: "
              + ScalingJob.Generate.DEFAULT_SEED
              + ")",
          "  --sizes N1,N2,...     at least " + SweepSizes.MIN_SIZES + " strictly increasing sizes spanning a factor of at",
          "                        least " + SweepSizes.MIN_SPAN + " (5 doublings); default: " + SweepSizes.DEFAULT,
          "  --output DIR          where the files go",
          "  --overwrite           replace existing scaling.* and runs/n=N/result.json",
          "",
          "Every pairs option (--metric, --block-rows, --strategy, ...) applies to each run; see",
          "run-cluster.sh --help. The time exponent is fitted to the '" + ScalingReport.TIME_STAGE + "' stage; the",
          "extrapolation uses the largest run's pair scores per second per core.");

  ScalingCommand() {
    super("scaling", USAGE, OPTIONS, PairsCommand.FLAGS);
  }

  /**
   * Parses the scaling arguments (after the command name) as the CLI does.
   *
   * @throws RuntimeException (a usage error) naming what is wrong
   */
  @Override
  public ScalingJob.Config parse(String[] args) {
    Args a = args(args);
    String generate = a.get("generate");
    if (a.get("limit") != null) {
      throw new UsageException("--limit cannot go with scaling: --sizes sets each run's limit");
    }
    if ((generate == null) == (a.get("input") == null)) {
      throw new UsageException("give exactly one of --input and --generate");
    }
    ScalingJob.Generate gen = null;
    PairsConfig pairs;
    if (generate != null) {
      for (String o : INPUT_OPTIONS) {
        if (a.get(o) != null) {
          throw new UsageException("--" + o + " describes an input file; it cannot go with --generate");
        }
      }
      try {
        gen = ScalingJob.Generate.parse(generate);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
      if (a.get("output") == null) {
        throw new UsageException("--output is required");
      }
      // the job replaces this placeholder with the generated file before any run
      pairs =
          PairsCommand.build(
              PairsCommand.builder(a).input(new InputSpec("generated.npy", InputFormat.NPY, null, null, null)));
    } else {
      pairs = PairsCommand.config(a);
    }
    long[] sizes;
    try {
      sizes = SweepSizes.parse(a.get("sizes", SweepSizes.DEFAULT));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    return new ScalingJob.Config(pairs, sizes, gen);
  }

  @Override
  int execute(SparkSession spark, ScalingJob.Config cfg, PrintStream out, PrintStream err) {
    ScalingReport report = new ScalingJob(cfg).run(spark);
    out.println(report.summary());
    out.print(report.extrapolationTable());
    out.println("files: " + String.join(", ", ScalingJob.OUTPUTS) + " in " + cfg.pairs().output());
    return ExitCodes.OK;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> s = new HashSet<>(a);
    s.addAll(b);
    return Set.copyOf(s);
  }
}
