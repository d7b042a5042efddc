package io.simpair.spark;

import io.simpair.generate.GeneratorSpec;
import io.simpair.generate.Instance;
import io.simpair.generate.Kind;
import io.simpair.io.InputFormat;
import io.simpair.io.InputSpec;
import io.simpair.io.NpyWriter;
import io.simpair.io.OutputCommit;
import io.simpair.plan.SearchOptions;
import io.simpair.result.PairsResult;
import io.simpair.result.ReportedPair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code generate} job: the executors generate an {@link Instance} by row ranges (every row
 * depends on the seed and its index only, so the files do not depend on the partitioning), the
 * driver streams the rows into {@code a.npy} (and {@code b.npy}) or Spark writes {@code
 * a.parquet}; then {@code answer.json} with the planted pair and its score. All files are
 * committed together or not at all.
 */
public final class GenerateJob {
  private static final Logger LOG = LogManager.getLogger(GenerateJob.class);
  public static final String ANSWER = "answer.json";
  /** Above this expected count of other orthogonal pairs the planted one is not unique w.h.p. */
  public static final double UNIQUE_LIMIT = 0.01;
  /** --verify: how many least similar pairs the exact search lists, at most. */
  static final int VERIFY_TOP = 1000;

  /**
   * @param spec what to generate
   * @param output the output directory
   * @param format npy or parquet
   * @param overwrite replace existing files
   * @param verify run the exact search on the generated files and report what it finds
   * @param partitions row ranges (0: twice the default parallelism)
   */
  public record Config(GeneratorSpec spec, String output, InputFormat format, boolean overwrite, boolean verify, int partitions) {}

  /** What the job wrote: the answer document and where the files are. */
  public record Outcome(Map<String, Object> answer, List<String> files, List<String> warnings) {}

  private final Config cfg;

  public GenerateJob(Config cfg) {
    this.cfg = cfg;
  }

  /** The file name of a side (0 = a, 1 = b) in a format. */
  public static String fileName(int side, InputFormat format) {
    return (side == 0 ? "a" : "b") + (format == InputFormat.PARQUET ? ".parquet" : ".npy");
  }

  public Outcome run(SparkSession spark) {
    Instance inst = new Instance(cfg.spec());
    Kind kind = cfg.spec().kind();
    int sides = kind.bichromatic() ? 2 : 1;
    List<String> names = new ArrayList<>();
    for (int s = 0; s < sides; s++) {
      names.add(fileName(s, cfg.format()));
    }
    List<String> guarded = new ArrayList<>(names);
    guarded.add(ANSWER);
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    OutputCommit commit = new OutputCommit(conf, cfg.output(), cfg.overwrite(), guarded);
    commit.check();
    List<String> warnings = new ArrayList<>();
    if (kind.orthogonalVectors() && inst.expectedOtherOrthogonal() > UNIQUE_LIMIT) {
      String w = String.format(Locale.ROOT,
          "%s: n^2 (1-p^2)^L = %.3g expected orthogonal pairs besides the planted one is not << 1;"
              + " raise --dim (L) or --p, or pass --verify to list them", kind.label(), inst.expectedOtherOrthogonal());
      LOG.warn(w);
      warnings.add(w);
    }
    try {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      int parts = cfg.partitions() > 0 ? cfg.partitions() : 2 * jsc.defaultParallelism();
      List<String> staged = new ArrayList<>();
      for (int s = 0; s < sides; s++) {
        String path = commit.stage(names.get(s));
        staged.add(path);
        jsc.setJobDescription("simpair generate: " + names.get(s));
        JavaRDD<float[]> rows = rows(jsc, inst, s, parts);
        if (cfg.format() == InputFormat.PARQUET) {
          writeParquet(spark, rows, path);
        } else {
          writeNpy(conf, rows, path, inst.rows(s), inst.width(s));
        }
        LOG.info("generated {} x {} rows of {} into {}", inst.rows(s), inst.width(s), kind.label(), names.get(s));
      }
      Map<String, Object> answer = answer(spark, inst, staged);
      commit.putJson(ANSWER, answer);
      commit.commit();
      List<String> files = new ArrayList<>();
      for (String n : guarded) {
        files.add(commit.finalPath(n));
      }
      return new Outcome(answer, files, warnings);
    } catch (IOException e) {
      commit.abort();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      commit.abort();
      throw e;
    }
  }

  /** The rows of a side, generated by the executors in {@code parts} contiguous ranges. */
  static JavaRDD<float[]> rows(JavaSparkContext jsc, Instance inst, int side, int parts) {
    long n = inst.rows(side);
    int p = (int) Math.max(1, Math.min(parts, n));
    List<long[]> ranges = new ArrayList<>();
    for (int k = 0; k < p; k++) {
      ranges.add(new long[] {n * k / p, n * (k + 1) / p});
    }
    return jsc.parallelize(ranges, p).mapPartitions(it -> rangeRows(inst, side, it));
  }

  private static Iterator<float[]> rangeRows(Instance inst, int side, Iterator<long[]> ranges) {
    List<float[]> out = new ArrayList<>();
    while (ranges.hasNext()) {
      long[] r = ranges.next();
      for (long i = r[0]; i < r[1]; i++) {
        out.add(inst.row(side, i));
      }
    }
    return out.iterator();
  }

  private static void writeNpy(Configuration conf, JavaRDD<float[]> rows, String path, long n, int width) throws IOException {
    Path p = new Path(path);
    try (NpyWriter w = NpyWriter.create(p.getFileSystem(conf), p, n, width)) {
      Iterator<float[]> it = rows.toLocalIterator();
      while (it.hasNext()) {
        w.writeRow(it.next());
      }
    }
  }

  /** Parquet with the columns the pairs job reads by default: id (the row number) and vector. */
  private static void writeParquet(SparkSession spark, JavaRDD<float[]> rows, String path) {
    StructType schema = new StructType()
        .add("id", DataTypes.StringType, false)
        .add("vector", DataTypes.createArrayType(DataTypes.FloatType, false), false);
    JavaRDD<Row> table = rows.zipWithIndex().map(t -> {
      Float[] boxed = new Float[t._1().length];
      for (int k = 0; k < boxed.length; k++) {
        boxed[k] = t._1()[k];
      }
      return RowFactory.create(Long.toString(t._2()), boxed);
    });
    spark.createDataFrame(table, schema).write().parquet(path);
  }

  /** answer.json: the planted pair (or, for random, the exact search's best) and its score. */
  private Map<String, Object> answer(SparkSession spark, Instance inst, List<String> staged) {
    Kind kind = cfg.spec().kind();
    Map<String, Object> m = new LinkedHashMap<>();
    boolean least = inst.least();
    PairsResult exact = null;
    if (!inst.planted() || cfg.verify()) {
      exact = exactSearch(spark, inst, staged, least, inst.planted() ? VERIFY_TOP : 1);
    }
    if (inst.planted()) {
      m.put("a", Long.toString(inst.indexA()));
      m.put("b", Long.toString(inst.indexB()));
      m.put("index_a", inst.indexA());
      m.put("index_b", inst.indexB());
      m.put("score", inst.plantedScore());
    } else {
      ReportedPair best = exact.best();
      m.put("a", best.a());
      m.put("b", best.b());
      m.put("index_a", best.indexA());
      m.put("index_b", best.indexB());
      m.put("score", best.score());
    }
    m.put("kind", kind.label());
    m.put("params", cfg.spec().params());
    m.put("mode", least ? "least" : "most");
    m.put("metric", "cosine");
    m.put("planted", inst.planted());
    m.put("source", inst.planted() ? "planted" : "exact search (nothing is planted in random data)");
    if (kind.orthogonalVectors()) {
      m.put("expected_other_orthogonal", inst.expectedOtherOrthogonal());
    }
    if (kind == Kind.PLANTED) {
      m.put("planted_target", inst.plantedTarget());
    }
    if (kind == Kind.CLUSTERED) {
      m.put("clusters", inst.clusters());
    }
    if (cfg.verify() && inst.planted()) {
      m.put("verify", verify(inst, exact));
    }
    return m;
  }

  /**
   * --verify: the exact search's best against the planted pair, and every other pair scoring at
   * least as well as the planted one (for the OV kinds, every other orthogonal pair).
   */
  static Map<String, Object> verify(Instance inst, PairsResult exact) {
    double planted = inst.plantedScore();
    boolean least = inst.least();
    List<List<Long>> others = new ArrayList<>();
    List<ReportedPair> listed = exact.top() != null ? exact.top() : List.of(exact.best());
    for (ReportedPair p : listed) {
      boolean asGood = least ? p.score() <= planted : p.score() >= planted;
      boolean isPlanted = p.indexA() == inst.indexA() && p.indexB() == inst.indexB();
      if (asGood && !isPlanted) {
        others.add(List.of(p.indexA(), p.indexB()));
      }
    }
    ReportedPair best = exact.best();
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("best_is_planted", best.indexA() == inst.indexA() && best.indexB() == inst.indexB());
    v.put("best", Map.of("index_a", best.indexA(), "index_b", best.indexB(), "score", best.score()));
    v.put("other_pairs_as_good", others);
    v.put("pairs_listed", listed.size());
    v.put("pairs_scored", exact.counts().pairsScored());
    if (listed.size() > 1) {
      ReportedPair runnerUp = listed.get(1);
      v.put("runner_up_score", runnerUp.score());
    }
    if (!others.isEmpty()) {
      LOG.warn("--verify: {} other pairs score as well as the planted one: {}", others.size(),
          others.subList(0, Math.min(20, others.size())));
    } else {
      LOG.info("--verify: the planted pair is the unique best of {} pairs scored", exact.counts().pairsScored());
    }
    return v;
  }

  /** The pairs job on the staged files (cosine; least similar for the LSD kinds). */
  private PairsResult exactSearch(SparkSession spark, Instance inst, List<String> staged, boolean least, int topK) {
    InputFormat f = cfg.format();
    PairsConfig.Builder b = PairsConfig.builder()
        .input(new InputSpec(staged.get(0), f, null, null, null))
        .output(new Path(cfg.output(), ".simpair-verify").toString())
        .mode(least ? SearchOptions.Mode.LEAST : SearchOptions.Mode.MOST)
        .progress(false);
    long pairs = staged.size() > 1 ? inst.rows(0) * inst.rows(1) : inst.rows(0) * (inst.rows(0) - 1) / 2;
    if (topK > 1) {
      b.topK((int) Math.min(topK, pairs));
    }
    if (staged.size() > 1) {
      b.inputB(new InputSpec(staged.get(1), f, null, null, null));
    }
    JavaSparkContext.fromSparkContext(spark.sparkContext()).setJobDescription("simpair generate: exact search");
    return new PairSearchJob(b.build()).run(spark);
  }
}
