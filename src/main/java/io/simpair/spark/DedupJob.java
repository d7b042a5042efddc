package io.simpair.spark;

import static org.apache.spark.sql.functions.col;

import io.simpair.io.InputException;
import io.simpair.io.OutputCommit;
import io.simpair.report.DedupHtml;
import io.simpair.report.HistogramChart;
import io.simpair.result.DedupSummary;
import io.simpair.result.PairsResult;
import io.simpair.result.ScoreCalibration;
import io.simpair.result.StageLog;
import io.simpair.search.ScoreUnits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Near-duplicate removal, exact at the threshold: read the documents (every column) → the pairs
 * job's threshold join with the histogram fused into its scan, the pairs streamed to Parquet →
 * groups ({@link Grouping}: components, star, or matches in REF) → groups, kept and removed
 * tables → dedup.html, histogram.png, and dedup.json last. A dry run stops after the counts per
 * threshold.
 *
 * <p>Cost: the pair search's {@code n(n-1)/2} scores (each re-scored in fp64 for the
 * histogram), then O(pairs + n) shuffled per grouping step; components take one GraphX superstep
 * per step of a component's diameter.
 */
public final class DedupJob {
  public static final String JSON = "dedup.json";
  public static final String HTML = "dedup.html";
  public static final String PNG = "histogram.png";
  private final DedupConfig cfg;
  private List<DedupHtml.Group> largest = List.of();

  public DedupJob(DedupConfig cfg) {
    this.cfg = cfg;
  }

  /** The largest groups with their texts, as dedup.html shows them (after {@link #run}; empty for a dry run). */
  public List<DedupHtml.Group> largestGroups() {
    return largest;
  }

  /** The guarded names of a dedup output directory. */
  public static List<String> guarded() {
    return List.of(JSON, HTML, PNG, ThresholdStage.OUT, DedupTables.GROUPS, DedupTables.KEPT, DedupTables.REMOVED);
  }

  /**
   * Runs on the given session; stages every output through {@code commit} and commits it
   * (dedup.json last).
   *
   * @throws InputException on bad input (nothing is written)
   */
  public DedupSummary run(SparkSession spark, OutputCommit commit) throws java.io.IOException {
    PairsConfig p = cfg.pairs();
    Dataset<Row> docs = DocumentTable.read(spark, p.input()).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> docsB = cfg.incremental() ? DocumentTable.read(spark, p.inputB()).persist(StorageLevel.MEMORY_AND_DISK()) : docs;
    try {
      return run(spark, commit, docs, docsB);
    } finally {
      docs.unpersist(false);
      docsB.unpersist(false);
    }
  }

  private DedupSummary run(SparkSession spark, OutputCommit commit, Dataset<Row> docs, Dataset<Row> docsB)
      throws java.io.IOException {
    PairsConfig p = cfg.pairs();
    if (!cfg.incremental()) {
      cfg.keep().check(docs, cfg.textCol(), p.input().path());
    }
    if (!cfg.dryRun()) {
      for (String c : DocumentTable.inputColumns(docs)) {
        if (DedupTables.ADDED.contains(c)) {
          throw new InputException(p.input().path() + ": has a column '" + c
              + "', a name the dedup tables add (" + String.join(", ", DedupTables.ADDED) + "); rename it first");
        }
      }
    }

    PairsResult r = new PairSearchJob(p).run(spark, commit);
    StageLog log = r.stages();
    ScoreCalibration cal = r.calibration();
    Column key = p.metric().largerIsBetter() ? col("score") : org.apache.spark.sql.functions.negate(col("score"));
    Dataset<Row> pairs = spark.read().parquet(commit.stagedPath(ThresholdStage.OUT)).withColumn("_key", key);
    Grouping grouping = cfg.incremental()
        ? new ReferenceMatching()
        : cfg.mode() == DedupConfig.GroupMode.STAR ? new StarGrouping() : new ComponentGrouping();
    Dataset<Row> ranks = cfg.incremental() ? null : ranks(spark, docs);
    Map<String, String> outputs = new LinkedHashMap<>();
    long documentsB = cfg.incremental() ? r.run().documentsB() : -1;
    String keep = cfg.incremental() ? "none (--input-b: REF is kept)" : cfg.keep().toString();
    String mode = cfg.incremental() ? "reference" : cfg.mode().label();
    long pairCount = r.threshold().count();

    if (cfg.dryRun()) {
      StageLog.Stage s = log.begin("groups", "group the pairs at each threshold (dry run)");
      long[] groups = new long[cfg.thresholds().size()];
      for (int i = 0; i < groups.length; i++) {
        double k = ScoreUnits.key(p.metric(), false, cfg.thresholds().get(i));
        Dataset<Row> at = pairs.filter(col("_key").geq(k));
        groups[i] = grouping.assign(spark, at, docs, ranks).select(Grouping.GROUP_ID).distinct().count();
      }
      log.end(s, pairCount, groups.length);
      commit.discard(ThresholdStage.OUT);
      putPng(commit, cal, p.metric().label(), cfg.thresholds(), outputs);
      DedupSummary sum = new DedupSummary(r.run().documents(), documentsB, pairCount, -1, -1, -1, cfg.threshold(),
          mode, keep, p.metric().label(), true, log, cal, groups, p.input().path(),
          cfg.incremental() ? p.inputB().path() : null, outputs);
      commit.putJson(JSON, sum.toJson());
      commit.commit();
      return sum;
    }

    StageLog.Stage s = log.begin("group", "group the documents linked by pairs (" + mode + ")");
    spark.sparkContext().setJobDescription("simpair: dedup groups (" + mode + ")");
    Dataset<Row> assigned = grouping.assign(spark, pairs, docs, ranks).persist(StorageLevel.MEMORY_AND_DISK());
    long inGroups = assigned.count();
    log.end(s, pairCount, inGroups);

    s = log.begin("tables", "write groups, kept and removed documents in input order");
    spark.sparkContext().setJobDescription("simpair: dedup tables");
    DedupTables.Written w = DedupTables.write(commit, docs, assigned, pairs, cfg.incremental());
    log.end(s, r.run().documents(), w.removed());
    s.count("groups", w.groups()).count("removed", w.removed()).count("largest_group", w.largestGroup());
    for (String name : List.of(ThresholdStage.OUT, DedupTables.GROUPS, DedupTables.KEPT, DedupTables.REMOVED)) {
      outputs.put(name, commit.finalPath(name));
    }

    s = log.begin("report", "collect the largest groups and borderline pairs for dedup.html");
    largest = DedupReport.largestGroups(w, docs, docsB, cfg.textCol(), cfg.incremental());
    List<DedupHtml.Pair> border = DedupReport.borderline(pairs, docs, docsB, cfg.textCol());
    log.end(s, w.groups(), largest.size());
    putPng(commit, cal, p.metric().label(), List.of(cfg.threshold()), outputs);

    DedupSummary sum = new DedupSummary(r.run().documents(), documentsB, pairCount, w.groups(), w.removed(),
        w.largestGroup(), cfg.threshold(), mode, keep, p.metric().label(), false, log, cal, null,
        p.input().path(), cfg.incremental() ? p.inputB().path() : null, outputs);
    List<String[]> facts = new ArrayList<>();
    for (Map.Entry<String, Object> e : sum.toJson().entrySet()) {
      if (!(e.getValue() instanceof Map) && !(e.getValue() instanceof List)) {
        facts.add(new String[] {e.getKey(), String.valueOf(e.getValue())});
      }
    }
    String html = DedupHtml.render("simpair dedup of " + p.input().path(), facts, largest, border,
        cal != null && cal.hasHistogram() ? PNG : null, 400);
    commit.put(HTML, html.getBytes(StandardCharsets.UTF_8));
    outputs.put(HTML, commit.finalPath(HTML));
    outputs.put(JSON, commit.finalPath(JSON));
    commit.putJson(JSON, sum.toJson()); // put last: renamed into place after every other output
    commit.commit();
    assigned.unpersist(false);
    w.table().unpersist(false);
    w.sizes().unpersist(false);
    return sum;
  }

  /** {@code INDEX, _rank}: every document's place in keep order, by a distributed sort. */
  private Dataset<Row> ranks(SparkSession spark, Dataset<Row> docs) {
    StructType schema = new StructType()
        .add(DocumentTable.INDEX, DataTypes.LongType, false)
        .add("_rank", DataTypes.LongType, false);
    return spark.createDataFrame(
        docs.orderBy(cfg.keep().order(cfg.textCol())).select(DocumentTable.INDEX).javaRDD()
            .zipWithIndex().map(t -> RowFactory.create(t._1().getLong(0), t._2())),
        schema).persist(StorageLevel.MEMORY_AND_DISK());
  }

  private static void putPng(OutputCommit commit, ScoreCalibration cal, String metric, List<Double> marks,
      Map<String, String> outputs) {
    if (cal != null && cal.hasHistogram()) {
      commit.put(PNG, HistogramChart.png(cal.edges(), cal.counts(), metric, String.format(Locale.ROOT, "Scores of all %,d pairs", cal.total()), marks));
      outputs.put(PNG, commit.finalPath(PNG));
    }
  }
}
