package io.simpair.cli;

import io.simpair.generate.GeneratorSpec;
import io.simpair.generate.Kind;
import io.simpair.io.InputFormat;
import io.simpair.spark.GenerateJob;
import java.io.PrintStream;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/** {@code simpair generate}: hard and easy instances with a known answer; options and usage. */
final class GenerateCommand extends Command<GenerateJob.Config> {

  static final Set<String> OPTIONS = Set.of("kind", "n", "n-b", "dim", "p", "seed", "output", "format", "margin", "partitions");
  static final Set<String> FLAGS = Set.of("verify", "overwrite", "help");

  static final String USAGE =
      String.join(
          "\n",
          "usage: run-cluster.sh generate --kind K --n N [--n-b M] --dim L [--p P] --seed S --output DIR",
          "                               [--format npy|parquet] [--margin X] [--verify]",
          "",
          "Generates an instance with a known answer in the executors, by row ranges (the same",
          "files for a seed whatever the partitioning), into DIR/a.npy (DIR/b.npy for the",
          "bichromatic kind; a.parquet/b.parquet with --format parquet, columns id and vector)",
          "and DIR/answer.json {a, b, index_a, index_b, score, kind, params, mode, ...}.",
          "",
          "kinds (" + Kind.labels() + "):",
          "  random               standard Gaussian rows; nothing is planted, answer.json holds the",
          "                       exact search's most similar pair",
          "  clustered            rows = one of about sqrt(N) Gaussian centres + P x Gaussian noise",
          "                       (default P " + GeneratorSpec.DEFAULT_NOISE + "); one exact duplicate pair planted (cosine 1)",
          "  planted              Gaussian rows; one pair at cosine sqrt(2 ln(pairs/1e-6)/L) + X (the",
          "                       union bound every other pair stays under with probability",
          "                       1 - 1e-6, plus --margin X, default " + GeneratorSpec.DEFAULT_MARGIN + "), 1 when that reaches 1",
          "  ov-lsd               0/1 rows, bits 1 with probability P (default " + GeneratorSpec.DEFAULT_P + "), no zero row;",
          "                       one planted orthogonal pair: the least similar, cosine 0",
          "  ov-bichromatic-msd   the 3-slot gadget of an OV instance of N A rows and M B rows:",
          "                       a.npy holds g(a) (3L values, |g|^2 = L), b.npy h(b) (|h|^2 = 2L); the",
          "                       most similar A x B pair is the planted one, cosine exactly 1/sqrt(2),",
          "                       every other at most (L-1)/(sqrt(2) L)",
          "  ov-msd               the monochromatic form of the same OV instance: one a.npy of N+M",
          "                       rows, (a,1,0) then (b,0,1); its only cosine-0 pairs are orthogonal",
          "                       A x B pairs, so the planted pair is found with --mode least",
          "The OV kinds write only 0s and 1s, which the pairs job scores with its popcount kernel.",
          "They warn when the expected count of other orthogonal pairs, pairs x (1-P^2)^L, exceeds",
          "" + GenerateJob.UNIQUE_LIMIT + ".",
          "",
          "  --n N / --n-b M       rows (of A / of B; M defaults to N)",
          "  --dim L               dimension (of the OV bits before any encoding)",
          "  --seed S              the seed (default 42)",
          "  --verify              run the exact search on the files written and put into answer.json",
          "                        whether its best is the planted pair, and every other pair as good",
          "                        (for the OV kinds: every other orthogonal pair, up to 1000)",
          "  --partitions K        row ranges generated in parallel (default: twice the cores)",
          "  --overwrite           replace existing files",
          "  --help                this text",
          "",
          "exit codes: 0 ok, 2 bad arguments (nothing written), 1 internal error");

  GenerateCommand() {
    super("generate", USAGE, OPTIONS, FLAGS);
  }

  @Override
  GenerateJob.Config parse(String[] args) {
    Args a = args(args);
    a.require("kind", "n", "dim", "output");
    Kind kind = Kind.parse(a.get("kind"));
    if (kind == null) {
      throw new UsageException("--kind must be one of " + Kind.labels() + ", got '" + a.get("kind") + "'");
    }
    int n = a.intValue("n", 0, 1, Integer.MAX_VALUE);
    boolean twoSets = kind.bichromatic() || kind == Kind.OV_MSD;
    if (a.get("n-b") != null && !twoSets) {
      throw new UsageException("--n-b goes with ov-bichromatic-msd and ov-msd only");
    }
    int nB = twoSets ? a.intValue("n-b", n, 1, Integer.MAX_VALUE) : 0;
    int dim = a.intValue("dim", 0, 1, 1 << 16);
    double p = number(a, "p", kind == Kind.CLUSTERED ? GeneratorSpec.DEFAULT_NOISE : GeneratorSpec.DEFAULT_P);
    double margin = number(a, "margin", GeneratorSpec.DEFAULT_MARGIN);
    if (a.get("margin") != null && kind != Kind.PLANTED) {
      throw new UsageException("--margin goes with --kind planted only");
    }
    if (a.get("p") != null && !(kind.orthogonalVectors() || kind == Kind.CLUSTERED)) {
      throw new UsageException("--p goes with the OV kinds (bit probability) and clustered (noise) only");
    }
    long seed = CompareCommand.seed(a, 42);
    InputFormat format = InputFormat.parse(a.get("format", "npy"));
    if (format != InputFormat.NPY && format != InputFormat.PARQUET) {
      throw new UsageException("--format must be npy or parquet, got '" + a.get("format") + "'");
    }
    GeneratorSpec spec;
    try {
      spec = new GeneratorSpec(kind, n, nB, dim, p, seed, margin);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    return new GenerateJob.Config(spec, a.get("output"), format, a.flag("overwrite"), a.flag("verify"), a.intValue("partitions", 0, 1, 1 << 20));
  }

  static double number(Args a, String name, double dflt) {
    String v = a.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      double x = Double.parseDouble(v.trim());
      if (Double.isFinite(x)) {
        return x;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--" + name + " needs a finite number, got '" + v + "'");
  }

  @Override
  int execute(SparkSession spark, GenerateJob.Config cfg, PrintStream out, PrintStream err) {
    GenerateJob.Outcome o = new GenerateJob(cfg).run(spark);
    for (String w : o.warnings()) {
      err.println("simpair: warning: " + w);
    }
    out.println("answer: " + o.answer());
    out.println("files: " + String.join(", ", o.files()));
    return ExitCodes.OK;
  }
}
