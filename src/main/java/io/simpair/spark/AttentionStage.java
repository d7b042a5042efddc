package io.simpair.spark;

import io.simpair.io.OutputCommit;
import io.simpair.result.AttentionReport;
import io.simpair.result.StageLog;
import io.simpair.result.TableOutput;
import io.simpair.search.AttentionStats;
import io.simpair.search.AttentionSummary;
import io.simpair.search.PairCandidate;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The {@code attention} stage: the tasks' partial statistics merged by block (a shuffle of
 * {@code O(n · betas)} doubles), written per row and temperature to Parquet with both ids, and
 * summarised on the executors for result.json (the driver receives one summary per block).
 */
final class AttentionStage {
  /** The table under the output directory. */
  static final String OUT = "attention.parquet";

  static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.StringType, false)
          .add("index", DataTypes.LongType, false)
          .add("max_score", DataTypes.DoubleType, false)
          .add("lse", DataTypes.DoubleType, false)
          .add("output", DataTypes.DoubleType, false)
          .add("argmax_id", DataTypes.StringType, false)
          .add("argmax_index", DataTypes.LongType, false)
          .add("weight_on_argmax", DataTypes.DoubleType, false)
          .add("beta", DataTypes.DoubleType, false);

  /**
   * What the stage needs besides the scored tiles.
   *
   * @param betas the temperatures of the pass
   * @param shown the index of the reported one
   * @param kernelPerScore kernel units per score unit
   * @param keys the keys of each row (n - 1, or |B|)
   * @param ovTokens the OV head's n (its threshold is 1/(n+1)), or 0 for no head
   * @param selfTerm one input: the head counts each row's own token
   * @param values the key rows' values (ones, norm1, column)
   * @param valueColumn the column of {@code column}, else null
   */
  record Setup(
      double[] betas, int shown, double kernelPerScore, long keys, long ovTokens, boolean selfTerm, String values, String valueColumn)
      implements java.io.Serializable {}

  private AttentionStage() {}

  static AttentionReport run(
      SparkSession spark, OutputCommit commit, ScoringStage.Scored scored, Setup setup, PairCandidate best, double bestKey,
      InputSide a, InputSide b, StageLog log) {
    StageLog.Stage s = log.begin("attention", "merge the attention statistics across tasks, write Parquet, summarise");
    spark.sparkContext().setJobDescription("simpair: merge and write attention statistics");
    double threshold = setup.ovTokens() > 0 ? 1.0 / (setup.ovTokens() + 1) : Double.NaN;
    JavaRDD<AttentionStats> merged =
        scored
            .outputs()
            .filter(o -> o.kind == TaskOutput.ATTENTION)
            .mapToPair(o -> new Tuple2<>(o.stats.start, o.stats))
            .reduceByKey(AttentionStats::merge)
            .values()
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      AttentionSummary sum =
          merged.map(st -> AttentionSummary.of(st, setup.betas(), setup.kernelPerScore(), setup.keys(), threshold, setup.selfTerm()))
              .reduce(AttentionSummary::merge);
      String path = write(spark, commit, merged, setup, threshold, a, b);
      long rows = sum.rows * setup.betas().length;
      // the weights the exact best pair's first row puts on its partner, one per temperature
      List<double[]> w =
          merged
              .filter(st -> best.a >= st.start && best.a < st.start + st.n)
              .map(st -> AttentionSummary.weights(st, (int) (best.a - st.start), best.b, bestKey, setup.betas(), setup.kernelPerScore()))
              .collect();
      double[] weights = w.isEmpty() ? new double[setup.betas().length] : w.get(0);
      AttentionReport r = report(sum, weights, setup, threshold, best, path, rows, a, b);
      log.end(s, sum.rows, rows);
      return r;
    } finally {
      merged.unpersist(false);
    }
  }

  private static AttentionReport report(
      AttentionSummary sum, double[] weights, Setup setup, double threshold, PairCandidate best, String path, long rows,
      InputSide a, InputSide b) {
    boolean head = !Double.isNaN(threshold);
    boolean exact = head && best.score == 0; // the least inner product of the same run
    List<AttentionReport.Sweep> sweep = new ArrayList<>();
    for (int k = 0; k < setup.betas().length; k++) {
      Boolean decision = head ? sum.maxOutput[k] >= threshold : null;
      sweep.add(new AttentionReport.Sweep(
          setup.betas()[k], weights[k], weights[k] > 0.5, sum.maxLseGap[k], sum.marginOk[k],
          head ? sum.maxOutput[k] : null, decision, head ? decision == exact : null));
    }
    int k = setup.shown();
    Map<Long, String> namesA = a.ids().lookup(List.of(sum.bestRow));
    Map<Long, String> namesB = b.ids().lookup(List.of(sum.bestArg));
    boolean same = b == a;
    boolean equals =
        (sum.bestRow == best.a && sum.bestArg == best.b) || (same && sum.bestRow == best.b && sum.bestArg == best.a);
    AttentionReport.Head h = null;
    if (head) {
      List<Long> idx = new ArrayList<>();
      for (long i : sum.firingRows[k]) {
        idx.add(i);
      }
      Map<Long, String> names = a.ids().lookup(idx);
      h = new AttentionReport.Head(
          sum.maxOutput[k] >= threshold, idx.stream().map(names::get).toList(), sum.firing[k], sum.maxOutput[k], threshold,
          exact, setup.betas()[k]);
    }
    double beta = setup.betas()[k];
    return new AttentionReport(
        beta, namesA.get(sum.bestRow), namesB.get(sum.bestArg), sum.bestRow, sum.bestArg, equals, sum.maxLseGap[k],
        Math.log(Math.max(1, setup.keys())) / beta, sum.marginOk[k], new TableOutput(beta, rows, path), sweep, h,
        setup.values(), setup.valueColumn());
  }

  /** One Parquet row per (row, temperature), with the row's and its argmax's ids. */
  private static String write(
      SparkSession spark, OutputCommit commit, JavaRDD<AttentionStats> merged, Setup setup, double threshold, InputSide a,
      InputSide b) {
    JavaPairRDD<Long, double[]> byArg = merged.flatMapToPair(st -> fields(st, setup, threshold).iterator());
    JavaPairRDD<Long, Tuple2<double[], String>> withArg = b.ids().attach(byArg);
    JavaPairRDD<Long, Tuple2<double[], String>> byRow =
        withArg.mapToPair(t -> new Tuple2<>((long) t._2()._1()[0], t._2()));
    JavaRDD<Row> rows =
        a.ids()
            .attach(byRow)
            .map(t -> {
              double[] f = t._2()._1()._1();
              return RowFactory.create(t._2()._2(), (long) f[0], f[2], f[3], f[4], t._2()._1()._2(), (long) f[6], f[5], f[1]);
            });
    Dataset<Row> df = spark.createDataFrame(rows, SCHEMA).orderBy("index", "beta");
    try {
      String staged = commit.stage(OUT);
      df.write().parquet(staged);
      return commit.finalPath(OUT);
    } catch (IOException e) {
      throw new IllegalStateException("cannot stage " + OUT + ": " + e.getMessage(), e);
    }
  }

  /** Per row and temperature, keyed by the argmax: {row, beta, max_score, lse, output, weight_on_argmax, argmax}. */
  static List<Tuple2<Long, double[]>> fields(AttentionStats st, Setup setup, double threshold) {
    List<Tuple2<Long, double[]>> out = new ArrayList<>();
    double[] betas = setup.betas();
    for (int i = 0; i < st.n; i++) {
      if (st.arg[i] < 0) {
        continue;
      }
      double max = st.max[i] / setup.kernelPerScore();
      for (int k = 0; k < betas.length; k++) {
        double l = st.l[k * st.n + i];
        double o = st.o[k * st.n + i];
        double output =
            Double.isNaN(threshold) ? o / l : AttentionSummary.ovOutput(max, l, o, setup.selfTerm() ? st.value[i] : Double.NaN, betas[k]);
        out.add(new Tuple2<>(st.arg[i], new double[] {
          st.start + i, betas[k], max, max + Math.log(l) / betas[k], output, 1 / l, st.arg[i]}));
      }
    }
    return out;
  }
}
