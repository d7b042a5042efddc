package io.simpair.spark;

import io.simpair.generate.GeneratorSpec;
import io.simpair.generate.Kind;
import io.simpair.io.InputFormat;
import io.simpair.io.InputSpec;
import io.simpair.io.OutputCommit;
import io.simpair.report.CompareReport;
import io.simpair.report.CompareRun;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code evidence} job: generates the OV instances (ov-lsd, ov-bichromatic-msd) and an easy
 * clustered one at each size, keeps them under {@code DIR/data/}, runs {@link CompareJob} on
 * each and on a real embedded corpus, and writes one report: evidence.json (every comparison, and
 * per method and family how often it found the true best), evidence.png and evidence.html.
 */
public final class EvidenceJob {
  private static final Logger LOG = LogManager.getLogger(EvidenceJob.class);
  public static final List<String> OUTPUTS = List.of("evidence.json", "evidence.png", "evidence.html");
  /** clustered instances' dimension. */
  static final int CLUSTERED_DIM = 64;

  /**
   * @param sizes the n of every generated instance
   * @param real a real corpus, or null
   * @param methods the methods
   * @param budgets the budgets
   * @param output the output directory
   * @param overwrite replace existing files (data and report)
   * @param k recall of the true top k
   * @param seed the seed of generators and methods
   */
  public record Config(long[] sizes, InputSpec real, List<String> methods, int[] budgets, String output, boolean overwrite, int k,
      long seed) {
    @Override
    public String toString() {
      return "EvidenceJob.Config[sizes=" + Arrays.toString(sizes) + ", real=" + real + ", methods=" + methods + ", budgets="
          + Arrays.toString(budgets) + ", output=" + output + ", k=" + k + ", seed=" + seed + "]";
    }
  }

  private final Config cfg;

  public EvidenceJob(Config cfg) {
    this.cfg = cfg;
  }

  /**
   * OV dimension for n rows: the smallest L with n² (3/4)^L <= 1/128 at p = 1/2, so that another
   * orthogonal pair than the planted one is unlikely.
   */
  public static int ovDimension(long n) {
    return (int) Math.ceil((2 * Math.log((double) n) / Math.log(2) + 7) / -(Math.log(0.75) / Math.log(2)));
  }

  public List<CompareReport> run(SparkSession spark) {
    OutputCommit commit = new OutputCommit(spark.sparkContext().hadoopConfiguration(), cfg.output(), cfg.overwrite(), OUTPUTS);
    commit.check();
    try {
      List<CompareReport> reports = new ArrayList<>();
      for (long n : cfg.sizes()) {
        int l = ovDimension(n);
        reports.add(generated(spark, new GeneratorSpec(Kind.OV_LSD, n, 0, l, 0.5, cfg.seed(), GeneratorSpec.DEFAULT_MARGIN)));
        reports.add(generated(spark, new GeneratorSpec(Kind.OV_BICHROMATIC_MSD, n, n, l, 0.5, cfg.seed(), GeneratorSpec.DEFAULT_MARGIN)));
        reports.add(generated(spark, new GeneratorSpec(Kind.CLUSTERED, n, 0, CLUSTERED_DIM, GeneratorSpec.DEFAULT_NOISE, cfg.seed(),
            GeneratorSpec.DEFAULT_MARGIN)));
      }
      if (cfg.real() != null) {
        CompareJob.Config c = new CompareJob.Config(cfg.real(), null, false, cfg.methods(), cfg.budgets(), cfg.output(), true, cfg.k(),
            cfg.seed());
        CompareReport r = new CompareJob(c).compare(spark, cfg.real().path());
        LOG.info("\n{}", r.table());
        reports.add(r);
      }
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("summary", summary(reports));
      List<Object> all = new ArrayList<>();
      for (CompareReport r : reports) {
        all.add(r.toJson());
      }
      json.put("datasets", all);
      CompareJob.write(commit, "evidence", json, reports, "simpair evidence: exact search against subquadratic baselines");
      return reports;
    } catch (RuntimeException e) {
      commit.abort();
      throw e;
    }
  }

  private CompareReport generated(SparkSession spark, GeneratorSpec spec) {
    String name = spec.kind().label() + "-n" + spec.n();
    String dir = new Path(new Path(cfg.output(), "data"), name).toString();
    GenerateJob.Outcome g = new GenerateJob(new GenerateJob.Config(spec, dir, InputFormat.NPY, cfg.overwrite(), false, 0)).run(spark);
    InputSpec a = new InputSpec(new Path(dir, "a.npy").toString(), InputFormat.NPY, null, null, null);
    InputSpec b = spec.kind().bichromatic() ? new InputSpec(new Path(dir, "b.npy").toString(), InputFormat.NPY, null, null, null) : null;
    boolean least = "least".equals(g.answer().get("mode"));
    CompareJob.Config c = new CompareJob.Config(a, b, least, cfg.methods(), cfg.budgets(), dir, true, cfg.k(), cfg.seed());
    CompareReport r = new CompareJob(c).compare(spark, spec.kind().orthogonalVectors() ? name + " (L=" + spec.dim() + ")" : name);
    List<String> notes = new ArrayList<>(r.notes());
    boolean same = r.trueA().equals(g.answer().get("a")) && r.trueB().equals(g.answer().get("b"));
    notes.add("the exact job's best pair " + (same ? "is" : "is NOT") + " the planted pair " + g.answer().get("a") + "|"
        + g.answer().get("b") + " of answer.json");
    notes.addAll(g.warnings());
    r = new CompareReport(r.name(), r.rowsA(), r.rowsB(), r.dim(), r.mode(), r.trueA(), r.trueB(), r.trueScore(), r.k(), r.allPairs(),
        r.runs(), notes);
    LOG.info("\n{}", r.table());
    return r;
  }

  /** Per family (OV instances, easy and real data) and method: runs that found the true best. */
  static Map<String, Object> summary(List<CompareReport> reports) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String family : List.of("ov", "easy")) {
      Map<String, Object> byMethod = new LinkedHashMap<>();
      for (CompareReport r : reports) {
        boolean ov = r.name().startsWith("ov-");
        if (ov != family.equals("ov")) {
          continue;
        }
        for (CompareRun run : r.runs()) {
          @SuppressWarnings("unchecked")
          Map<String, Object> m = (Map<String, Object>) byMethod.computeIfAbsent(run.method(), x -> new LinkedHashMap<>(
              Map.of("runs", 0, "found_best", 0, "recall_sum", 0.0)));
          m.put("runs", (int) m.get("runs") + 1);
          m.put("found_best", (int) m.get("found_best") + (run.foundBest() ? 1 : 0));
          m.put("recall_sum", (double) m.get("recall_sum") + run.recallAtK());
        }
      }
      for (Object v : byMethod.values()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        m.put("mean_recall_at_k", (double) m.remove("recall_sum") / (int) m.get("runs"));
      }
      out.put(family.equals("ov") ? "ov_instances" : "clustered_and_real", byMethod);
    }
    return out;
  }
}
