package io.simpair.spark;

import io.simpair.baseline.Baseline;
import io.simpair.baseline.LowDim;
import io.simpair.baseline.PairProblem;
import io.simpair.baseline.Performer;
import io.simpair.baseline.ScoredPairs;
import io.simpair.baseline.SimHash;
import io.simpair.io.InputException;
import io.simpair.io.InputSpec;
import io.simpair.io.OutputCommit;
import io.simpair.plan.SearchOptions;
import io.simpair.report.CompareChart;
import io.simpair.report.CompareReport;
import io.simpair.report.CompareRun;
import io.simpair.result.PairsResult;
import io.simpair.result.ReportedPair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code compare} job: the exact pairs job (the truth, and the method "exact") and the
 * subquadratic baselines on the same input, each held to a budget of exactly scored pairs per
 * query row and counted; writes compare.json, compare.png and compare.html.
 *
 * <p>simhash, performer and lowdim run on the driver over the collected unit rows; brp-lsh and
 * minhash are MLlib's joins. Their seconds are wall time of each method alone.
 */
public final class CompareJob {
  private static final Logger LOG = LogManager.getLogger(CompareJob.class);
  public static final List<String> METHODS = List.of("exact", "simhash", "brp-lsh", "minhash", "performer", "lowdim");
  public static final List<String> OUTPUTS = List.of("compare.json", "compare.png", "compare.html");
  public static final int DEFAULT_K = 10;
  public static final long DEFAULT_SEED = 7;

  /**
   * @param input A (or the only set)
   * @param inputB B, or null
   * @param least the least similar pair instead of the most similar
   * @param methods the methods, among {@link #METHODS}
   * @param budgets exactly scored pairs per query row, each >= 1
   * @param output the output directory
   * @param overwrite replace existing outputs
   * @param k recall of the true top k
   * @param seed the methods' seed
   */
  public record Config(
      InputSpec input, InputSpec inputB, boolean least, List<String> methods, int[] budgets, String output, boolean overwrite,
      int k, long seed) {
    public Config {
      methods = List.copyOf(methods);
      budgets = budgets.clone();
      for (String m : methods) {
        if (!METHODS.contains(m)) {
          throw new IllegalArgumentException("unknown method '" + m + "'; methods: " + String.join(",", METHODS));
        }
      }
      for (int b : budgets) {
        if (b < 1) {
          throw new IllegalArgumentException("a budget must be at least 1 pair per row, got " + b);
        }
      }
    }

    @Override
    public String toString() {
      return "CompareJob.Config[input=" + input + ", inputB=" + inputB + ", least=" + least + ", methods=" + methods
          + ", budgets=" + Arrays.toString(budgets) + ", output=" + output + ", k=" + k + ", seed=" + seed + "]";
    }
  }

  private final Config cfg;

  public CompareJob(Config cfg) {
    this.cfg = cfg;
  }

  /** Compares and writes the three files; returns the report. */
  public CompareReport run(SparkSession spark) {
    OutputCommit commit = new OutputCommit(spark.sparkContext().hadoopConfiguration(), cfg.output(), cfg.overwrite(), OUTPUTS);
    commit.check();
    try {
      CompareReport r = compare(spark, cfg.input().path());
      LOG.info("\n{}", r.table());
      write(commit, "compare", r.toJson(), List.of(r), "simpair compare: " + cfg.input().path());
      return r;
    } catch (RuntimeException e) {
      commit.abort();
      throw e;
    }
  }

  /** Writes NAME.json (the value), NAME.png and NAME.html of the reports, all or none. */
  static void write(OutputCommit commit, String name, Object json, List<CompareReport> reports, String title) {
    try {
      commit.putJson(name + ".json", json);
      commit.put(name + ".png", CompareChart.png(reports));
      commit.put(name + ".html", CompareReport.html(title, reports, name + ".png").getBytes(StandardCharsets.UTF_8));
      commit.commit();
    } catch (IOException e) {
      commit.abort();
      throw new UncheckedIOException(e);
    }
  }

  /** Runs every method; writes nothing. */
  public CompareReport compare(SparkSession spark, String name) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    jsc.setJobDescription("simpair compare: read " + cfg.input().path());
    float[][] a = DriverRows.load(spark, cfg.input());
    float[][] b = cfg.inputB() == null ? null : DriverRows.load(spark, cfg.inputB());
    if (b != null && b[0].length != a[0].length) {
      throw new InputException("dimension mismatch between the inputs: " + cfg.input().path() + " has " + a[0].length + ", "
          + cfg.inputB().path() + " has " + b[0].length);
    }
    if (b == null && a.length < 2) {
      throw new InputException(cfg.input().path() + ": one row has no pair");
    }
    PairProblem problem = PairProblem.of(a, b, cfg.least());
    int k = (int) Math.min(cfg.k(), problem.allPairs());

    jsc.setJobDescription("simpair compare: exact");
    long t0 = System.nanoTime();
    PairsResult exact = exact(spark, k);
    double exactSeconds = (System.nanoTime() - t0) / 1e9;
    List<ReportedPair> trueTop = exact.top() != null ? exact.top() : List.of(exact.best());
    Set<Long> truth = new HashSet<>();
    for (ReportedPair p : trueTop) {
      truth.add(key(problem, (int) p.indexA(), (int) p.indexB()));
    }
    ReportedPair best = exact.best();
    List<CompareRun> runs = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    if (cfg.methods().contains("exact")) {
      runs.add(new CompareRun("exact", 0, exact.counts().pairsScored(), exactSeconds, true, best.score(), 1.0,
          "the pairs job: all " + problem.allPairs() + " pairs, " + exact.plan().kernel().name() + " kernel"));
    }
    boolean binary = binary(a) && (b == null || binary(b));
    for (String m : cfg.methods()) {
      if (m.equals("exact")) {
        continue;
      }
      if (m.equals("minhash") && !binary) {
        notes.add("minhash skipped: MinHashLSH works on sets, the input is not 0/1");
        continue;
      }
      for (int budget : cfg.budgets()) {
        jsc.setJobDescription("simpair compare: " + m + " budget " + budget);
        ScoredPairs out = new ScoredPairs(problem);
        long s0 = System.nanoTime();
        String params = runMethod(spark, m, problem, budget, out);
        double secs = (System.nanoTime() - s0) / 1e9;
        runs.add(outcome(m, budget, secs, params, out, problem, best, truth, k));
        LOG.info("compare {} budget {}: {} pairs scored in {} s", m, budget, out.count(), secs);
      }
    }
    return new CompareReport(name, a.length, b == null ? a.length : b.length, a[0].length, cfg.least() ? "least" : "most",
        best.a(), best.b(), best.score(), k, problem.allPairs(), runs, notes);
  }

  private String runMethod(SparkSession spark, String m, PairProblem problem, int budget, ScoredPairs out) {
    switch (m) {
      case "brp-lsh":
        return MllibLsh.brp(spark, problem, budget, cfg.seed(), out).parameters();
      case "minhash":
        return MllibLsh.minhash(spark, problem, budget, cfg.seed(), out).parameters();
      default:
        return baseline(m).run(problem, budget, cfg.seed(), out);
    }
  }

  static Baseline baseline(String m) {
    switch (m) {
      case "simhash":
        return new SimHash();
      case "performer":
        return new Performer();
      case "lowdim":
        return new LowDim();
      default:
        throw new IllegalArgumentException(m);
    }
  }

  static CompareRun outcome(String m, int budget, double secs, String params, ScoredPairs out, PairProblem problem,
      ReportedPair best, Set<Long> truth, int k) {
    List<ScoredPairs.Pair> top = out.top(k);
    boolean found = false;
    double bestScore = Double.NaN;
    if (!top.isEmpty()) {
      ScoredPairs.Pair p = top.get(0);
      bestScore = p.score();
      found = key(problem, p.i(), p.j()) == key(problem, (int) best.indexA(), (int) best.indexB())
          || Math.abs(p.score() - best.score()) <= 1e-12;
    }
    int hit = 0;
    for (ScoredPairs.Pair p : top) {
      hit += truth.contains(key(problem, p.i(), p.j())) ? 1 : 0;
    }
    return new CompareRun(m, budget, out.count(), secs, found, bestScore, truth.isEmpty() ? 0 : hit / (double) truth.size(), params);
  }

  private static long key(PairProblem p, int i, int j) {
    if (p.monochromatic() && j < i) {
      int t = i;
      i = j;
      j = t;
    }
    return ((long) i << 32) | j;
  }

  private PairsResult exact(SparkSession spark, int k) {
    PairsConfig.Builder b = PairsConfig.builder().input(cfg.input()).output(cfg.output())
        .mode(cfg.least() ? SearchOptions.Mode.LEAST : SearchOptions.Mode.MOST).progress(false);
    if (k > 1) {
      b.topK(k);
    }
    if (cfg.inputB() != null) {
      b.inputB(cfg.inputB());
    }
    return new PairSearchJob(b.build()).run(spark);
  }

  private static boolean binary(float[][] x) {
    for (float[] row : x) {
      for (float v : row) {
        if (v != 0f && v != 1f) {
          return false;
        }
      }
    }
    return true;
  }
}
