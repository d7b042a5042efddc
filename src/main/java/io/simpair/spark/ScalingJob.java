package io.simpair.spark;

import io.simpair.generate.GeneratorSpec;
import io.simpair.generate.Instance;
import io.simpair.generate.Kind;
import io.simpair.io.EmbeddingSource;
import io.simpair.io.InputException;
import io.simpair.io.InputFormat;
import io.simpair.io.InputSpec;
import io.simpair.io.NpyWriter;
import io.simpair.io.OutputCommit;
import io.simpair.report.ScalingChart;
import io.simpair.report.ScalingReport;
import io.simpair.report.ScalingRun;
import io.simpair.report.SweepSizes;
import io.simpair.result.Counts;
import io.simpair.result.PairsResult;
import io.simpair.result.ResultJson;
import io.simpair.result.RunInfo;
import io.simpair.result.StageLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code scaling} job: runs {@link PairSearchJob} on growing prefixes of one input (or of
 * one generated data set), checks that the counted pair scores follow {@code n(n-1)/2}, fits
 * exponents to work and time, and writes scaling.csv, scaling.json, scaling.png and scaling.html
 * into the output directory, plus each run's result.json under {@code runs/n=<size>/}.
 *
 * <p>Cost: the sum over sizes of one pairs run, dominated by the largest ({@code Σ n_i(n_i-1)/2}
 * pair scores, under {@code 4/3} of the largest run's for doubling sizes), plus one untimed
 * warm-up run at the smallest size. Every run reads and validates the whole input before
 * taking its prefix, so read time does not shrink with the size. With {@code --input}, one extra
 * pass counts the rows before the sweep starts.
 */
public final class ScalingJob {
  private static final Logger LOG = LogManager.getLogger(ScalingJob.class);
  /** The files the sweep writes into the output directory, all or none. */
  public static final List<String> OUTPUTS =
      List.of("scaling.csv", "scaling.json", "scaling.png", "scaling.html");

  /**
   * {@code --generate random:d=D[,seed=S]}: standard Gaussian float32 rows.
   *
   * @param dimension D, at least 1
   * @param seed S (default {@value #DEFAULT_SEED})
   */
  public record Generate(int dimension, long seed) implements java.io.Serializable {
    public static final long DEFAULT_SEED = 42;

    /**
     * Parses {@code random:d=384} or {@code random:d=384,seed=7}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Generate parse(String spec) {
      String bad = "--generate must look like random:d=384[,seed=7], got '" + spec + "'";
      if (!spec.startsWith("random:")) {
        throw new IllegalArgumentException(bad);
      }
      Integer d = null;
      long seed = DEFAULT_SEED;
      for (String kv : spec.substring("random:".length()).split(",", -1)) {
        int eq = kv.indexOf('=');
        if (eq < 0) {
          throw new IllegalArgumentException(bad);
        }
        String k = kv.substring(0, eq).trim();
        String v = kv.substring(eq + 1).trim();
        try {
          if (k.equals("d") && d == null) {
            d = Integer.parseInt(v);
          } else if (k.equals("seed")) {
            seed = Long.parseLong(v);
          } else {
            throw new IllegalArgumentException(bad);
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(bad);
        }
      }
      if (d == null || d < 1 || d > 1 << 16) {
        throw new IllegalArgumentException("--generate needs d between 1 and 65536: " + spec);
      }
      return new Generate(d, seed);
    }

    @Override
    public String toString() {
      return "random:d=" + dimension + ",seed=" + seed;
    }
  }

  /**
   * The parameters of a sweep.
   *
   * @param pairs the pairs options every run uses; its output is the sweep's directory, its
   *     input is ignored when {@code generate} is set
   * @param sizes the sizes, checked by {@link SweepSizes#check}
   * @param generate what to generate, or null to take prefixes of {@code pairs.input()}
   */
  public record Config(PairsConfig pairs, long[] sizes, Generate generate) {
    public Config {
      sizes = sizes.clone();
      SweepSizes.check(sizes);
    }

    @Override
    public long[] sizes() {
      return sizes.clone();
    }

    @Override
    public String toString() {
      return "ScalingJob.Config[sizes="
          + Arrays.toString(sizes)
          + ", source="
          + (generate != null ? generate : pairs.input())
          + ", pairs="
          + pairs
          + "]";
    }
  }

  private final Config cfg;

  public ScalingJob(Config cfg) {
    this.cfg = cfg;
  }

  /** Where the run of one size writes its result.json. */
  public static String runDir(String output, long size) {
    return new Path(new Path(output, "runs"), "n=" + size).toString();
  }

  /**
   * Runs the sweep on the given session and writes its files; returns the report.
   *
   * @throws InputException on bad input or outputs that exist without --overwrite (checked
   *     before the first run; nothing of the sweep's own files is written)
   * @throws IllegalStateException when a run's pair count is not the closed form
   */
  public ScalingReport run(SparkSession spark) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    PairsConfig base = cfg.pairs();
    long[] sizes = cfg.sizes();
    long largest = sizes[sizes.length - 1];
    Path dir = new Path(base.output());
    boolean overwrite = base.overwrite();
    OutputCommit outputs = new OutputCommit(conf, base.output(), overwrite, OUTPUTS);
    outputs.check();
    List<OutputCommit> writers = new ArrayList<>();
    for (long n : sizes) {
      OutputCommit w = OutputCommit.forResult(conf, runDir(base.output(), n), overwrite);
      w.check();
      writers.add(w);
    }

    Path tmp = null;
    boolean ok = false;
    try {
      String source;
      if (cfg.generate() != null) {
        tmp = new Path(dir, ".simpair-scaling-" + UUID.randomUUID());
        Path file = new Path(tmp, "random-" + largest + "x" + cfg.generate().dimension() + ".npy");
        writeGaussianNpy(tmp.getFileSystem(conf), file, largest, cfg.generate());
        base = base.withInput(new InputSpec(file.toString(), InputFormat.NPY, null, null, null), base.output());
        source = "generated " + cfg.generate();
      } else {
        jsc.setJobDescription("simpair scaling: count input rows");
        long rows = EmbeddingSource.open(spark, base.input()).rows().count();
        if (largest > rows) {
          throw new InputException(
              base.input().path() + ": has " + rows + " rows, fewer than the largest --sizes value " + largest);
        }
        source = "prefixes of " + base.input().path();
      }
      int cores = jsc.defaultParallelism();
      LOG.info("scaling sweep: sizes {} of {}, {} cores", Arrays.toString(sizes), source, cores);

      // JIT and Spark's first-job set-up would otherwise inflate the smallest run and flatten
      // the time exponent; this run is not measured or written
      long t0 = System.nanoTime();
      new PairSearchJob(base.bestAndTopOnly().withLimit(sizes[0])).run(spark);
      LOG.info("warm-up run at n={} took {} s (not measured)", sizes[0], secs(System.nanoTime() - t0));

      List<ScalingRun> runs = new ArrayList<>();
      int dimension = 0;
      String metric = base.metric().label();
      for (int i = 0; i < sizes.length; i++) {
        long n = sizes[i];
        PairsConfig c = base.withLimit(n).withInput(base.input(), runDir(base.output(), n));
        long start = System.nanoTime();
        PairsResult r = new PairSearchJob(c).run(spark, writers.get(i));
        double wall = (System.nanoTime() - start) / 1e9;
        if (r.run().documents() != n) {
          throw new IllegalStateException("run for size " + n + " used " + r.run().documents() + " documents");
        }
        long expected = expectedPairs(r);
        long scored = r.counts().pairsScored();
        if (scored != expected) {
          throw new IllegalStateException(
              "run for size " + n + " scored " + scored + " pairs; the closed form says " + expected);
        }
        writers.get(i).commit(ResultJson.of(r));
        dimension = r.run().dimension();
        runs.add(toRun(r, expected, wall, "runs/n=" + n + "/" + OutputCommit.RESULT));
        LOG.info(
            String.format(
                Locale.ROOT,
                "scaling n=%d: %d pair scores (= closed form), score stage %.3f s, run %.3f s",
                n,
                scored,
                r.stages().stages().stream().filter(s -> s.name.equals(ScalingReport.TIME_STAGE)).mapToDouble(s -> s.seconds).sum(),
                wall));
      }
      ScalingReport report = new ScalingReport(runs, cores, dimension, metric, source);
      writeOutputs(outputs, report);
      LOG.info("{}", report.summary());
      LOG.info("extrapolation:\n{}", report.extrapolationTable());
      ok = true;
      return report;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (tmp != null) {
        try {
          tmp.getFileSystem(conf).delete(tmp, true);
        } catch (IOException e) {
          LOG.warn("could not remove the generated data in {}: {}", tmp, e.toString());
        }
      }
      if (!ok) {
        for (OutputCommit w : writers) {
          w.abort();
        }
        outputs.abort();
      }
    }
  }

  /** {@code n(n-1)/2}, or {@code n·m} when the run is bichromatic. */
  static long expectedPairs(PairsResult r) {
    RunInfo run = r.run();
    return run.bichromatic() ? ScalingRun.pairsOf(run.documents(), run.documentsB()) : ScalingRun.pairsOf(run.documents());
  }

  static ScalingRun toRun(PairsResult r, long expected, double wall, String resultPath) {
    List<ScalingRun.Stage> stages = new ArrayList<>();
    for (StageLog.Stage s : r.stages().stages()) {
      stages.add(new ScalingRun.Stage(s.name, s.seconds, s.itemsIn, s.itemsOut));
    }
    Counts c = r.counts();
    return new ScalingRun(
        r.run().documents(),
        expected,
        c.blocks(),
        c.tiles(),
        c.pairsScored(),
        c.flops(),
        c.bytesBroadcast(),
        c.bytesShuffled(),
        wall,
        stages,
        resultPath);
  }

  /** Commits the sweep's four files: written under temporary names, then renamed into place. */
  static void writeOutputs(OutputCommit outputs, ScalingReport report) throws IOException {
    outputs.put("scaling.csv", report.toCsv().getBytes(StandardCharsets.UTF_8));
    outputs.putJson("scaling.json", report.toJson());
    outputs.put("scaling.png", ScalingChart.png(report));
    outputs.put("scaling.html", report.toHtml("scaling.png").getBytes(StandardCharsets.UTF_8));
    outputs.commit();
  }

  /**
   * Writes {@code n × d} standard Gaussian float32 values as one NPY (format 1.0, C order,
   * little-endian): the rows of {@code generate --kind random} with the same seed and dimension,
   * streamed so the driver never holds the matrix. Row i depends on the seed and i only, so
   * smaller sizes are prefixes of the largest.
   */
  static void writeGaussianNpy(FileSystem fs, Path file, long n, Generate g) throws IOException {
    int d = g.dimension();
    // rows do not depend on the instance's size; 2 is the smallest a random instance may have
    Instance rows = new Instance(new GeneratorSpec(Kind.RANDOM, Math.max(2, n), 0, d, GeneratorSpec.DEFAULT_P, g.seed(),
        GeneratorSpec.DEFAULT_MARGIN));
    long t0 = System.nanoTime();
    try (NpyWriter out = NpyWriter.create(fs, file, n, d)) {
      for (long i = 0; i < n; i++) {
        out.writeRow(rows.row(0, i));
      }
    }
    LOG.info("generated {} x {} Gaussian rows (seed {}) in {} s: {}", n, d, g.seed(), secs(System.nanoTime() - t0), file);
  }

  private static String secs(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
  }
}
