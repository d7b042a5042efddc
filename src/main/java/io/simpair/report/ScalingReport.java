package io.simpair.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The outcome of a scaling sweep: the runs, log-log fits of pair scores and time against the
 * number of documents, the measured per-core throughput and what it predicts for larger inputs.
 * Renders {@code scaling.csv}, {@code scaling.json} (as an ordered map), the HTML page and the
 * plain-text summary; {@link ScalingChart} draws {@code scaling.png}.
 *
 * <p>Key names of {@link #toJson()} and the CSV header are a public contract: add, never rename.
 */
public final class ScalingReport {
  /** The stage whose seconds the time exponent is fitted to. */
  public static final String TIME_STAGE = "score";
  /** Document counts the extrapolation table predicts for. */
  public static final long[] EXTRAPOLATE_DOCUMENTS = {1_000_000L, 10_000_000L, 100_000_000L};
  /** Cluster sizes the extrapolation table predicts for, besides the measured one. */
  public static final int[] EXTRAPOLATE_CORES = {64, 1024};
  /** The CSV header. */
  public static final String CSV_HEADER =
      "documents,stage,seconds,share_of_time,items_in,items_out,blocks,tiles,pairs_scored,"
          + "pairs_expected,flops,bytes_broadcast,bytes_shuffled,pairs_per_second";

  /**
   * One row of the extrapolation table.
   *
   * @param documents n
   * @param pairs {@code n(n-1)/2}
   * @param cores cores assumed
   * @param seconds predicted score-stage seconds: {@code pairs / (throughputPerCore · cores)}
   */
  public record Extrapolation(long documents, double pairs, int cores, double seconds) {}

  private final List<ScalingRun> runs;
  private final int cores;
  private final int dimension;
  private final String metric;
  private final String source;
  private final LogLogFit pairsFit;
  private final LogLogFit timeFit;
  private final LogLogFit wallFit;
  private final AffineFit timeLine;
  private final double[] localExponents;
  private final double pairsPerSecondPerCore;
  private final List<Extrapolation> extrapolation = new ArrayList<>();

  /**
   * Fits and extrapolates. Throughput is taken from the largest run, where fixed per-run costs
   * weigh least.
   *
   * @param runs at least two runs, documents strictly increasing, each with a {@value
   *     #TIME_STAGE} stage
   * @param cores the parallelism the runs had (Spark's defaultParallelism)
   * @param dimension the vector dimension
   * @param metric the metric label
   * @param source where the rows came from, in words
   * @throws IllegalArgumentException when the runs cannot be fitted
   */
  public ScalingReport(List<ScalingRun> runs, int cores, int dimension, String metric, String source) {
    if (runs.size() < 2) {
      throw new IllegalArgumentException("a scaling report needs at least 2 runs, got " + runs.size());
    }
    if (cores < 1) {
      throw new IllegalArgumentException("cores must be at least 1, got " + cores);
    }
    this.runs = List.copyOf(runs);
    this.cores = cores;
    this.dimension = dimension;
    this.metric = metric;
    this.source = source;
    int m = runs.size();
    double[] n = new double[m];
    double[] pairs = new double[m];
    double[] score = new double[m];
    double[] wall = new double[m];
    for (int i = 0; i < m; i++) {
      ScalingRun r = runs.get(i);
      if (i > 0 && r.documents() <= runs.get(i - 1).documents()) {
        throw new IllegalArgumentException("runs must have strictly increasing documents");
      }
      n[i] = r.documents();
      pairs[i] = r.pairsScored();
      score[i] = r.stageSeconds(TIME_STAGE);
      if (Double.isNaN(score[i])) {
        throw new IllegalArgumentException("run with " + r.documents() + " documents has no '" + TIME_STAGE + "' stage");
      }
      wall[i] = r.seconds();
    }
    pairsFit = LogLogFit.of(n, pairs);
    timeFit = LogLogFit.of(n, score);
    wallFit = LogLogFit.of(n, wall);
    timeLine = AffineFit.of(pairs, score);
    localExponents = AffineFit.localExponents(n, score);
    ScalingRun last = runs.get(m - 1);
    pairsPerSecondPerCore = last.pairsScored() / last.stageSeconds(TIME_STAGE) / cores;
    Set<Integer> coreSet = new LinkedHashSet<>();
    coreSet.add(cores);
    for (int c : EXTRAPOLATE_CORES) {
      coreSet.add(c);
    }
    for (long docs : EXTRAPOLATE_DOCUMENTS) {
      double p = (double) docs * (docs - 1) / 2;
      for (int c : coreSet) {
        extrapolation.add(new Extrapolation(docs, p, c, p / (pairsPerSecondPerCore * c)));
      }
    }
  }

  public List<ScalingRun> runs() {
    return runs;
  }

  /** Pair scores against documents. */
  public LogLogFit pairsFit() {
    return pairsFit;
  }

  /** {@value #TIME_STAGE}-stage seconds against documents. */
  public LogLogFit timeFit() {
    return timeFit;
  }

  /** Whole-run wall seconds against documents. */
  public LogLogFit wallFit() {
    return wallFit;
  }

  /** {@value #TIME_STAGE}-stage seconds = fixed + seconds per pair x pair scores. */
  public AffineFit timeLine() {
    return timeLine;
  }

  /** The time exponent between consecutive sizes (per doubling for doubling sizes). */
  public double[] localExponents() {
    return localExponents.clone();
  }

  /** The local exponents as text, e.g. {@code 1000->2000: 1.62, 2000->4000: 1.85}. */
  String localExponentText() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < localExponents.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(runs.get(i).documents()).append("->").append(runs.get(i + 1).documents())
          .append(": ").append(String.format(Locale.ROOT, "%.2f", localExponents[i]));
    }
    return sb.toString();
  }

  /** Pair scores per second per core in the largest run's {@value #TIME_STAGE} stage. */
  public double pairsPerSecondPerCore() {
    return pairsPerSecondPerCore;
  }

  public int cores() {
    return cores;
  }

  public List<Extrapolation> extrapolation() {
    return extrapolation;
  }

  /** True when every run scored exactly its closed-form number of pairs. */
  public boolean pairsExact() {
    return runs.stream().allMatch(r -> r.pairsScored() == r.pairsExpected());
  }

  /** Every stage name in the order first seen. */
  public List<String> stageNames() {
    Set<String> names = new LinkedHashSet<>();
    for (ScalingRun r : runs) {
      for (ScalingRun.Stage s : r.stages()) {
        names.add(s.name());
      }
    }
    return new ArrayList<>(names);
  }

  /** {@code log2(largest / smallest)}. */
  public double doublings() {
    return Math.log((double) runs.get(runs.size() - 1).documents() / runs.get(0).documents()) / Math.log(2);
  }

  /**
   * The plain-text paragraph for the log, e.g. {@code documents x2 -> pair scores x4.00, time
   * x3.9}; the factors are {@code 2^k} of the fitted exponents.
   */
  public String summary() {
    ScalingRun first = runs.get(0);
    ScalingRun last = runs.get(runs.size() - 1);
    return String.format(
        Locale.ROOT,
        "Scaling sweep over n = %d..%d documents (%d sizes, %.1f doublings; %s, dimension %d, %s, %d cores): "
            + "documents x2 -> pair scores x%.2f, time x%.1f. "
            + "Least squares on log-log: pair scores ~ n^%.4f (r2 %.6f), %s-stage time ~ n^%.3f (r2 %.4f), "
            + "whole-run wall time ~ n^%.3f (r2 %.4f). "
            + "As a line in pairs: %s-stage time = %.3f s fixed + %s s per pair scored (r2 %.4f); local time exponents %s. "
            + "%s "
            + "The largest run scored %d pairs in %.3f s of %s stage (%.3f s wall): %s pair scores per second per core.",
        first.documents(),
        last.documents(),
        runs.size(),
        doublings(),
        source,
        dimension,
        metric,
        cores,
        pairsFit.growth(2),
        timeFit.growth(2),
        pairsFit.exponent(),
        pairsFit.r2(),
        TIME_STAGE,
        timeFit.exponent(),
        timeFit.r2(),
        wallFit.exponent(),
        wallFit.r2(),
        TIME_STAGE,
        timeLine.fixed(),
        sci(timeLine.slope()),
        timeLine.r2(),
        localExponentText(),
        pairsExact()
            ? "Counted pair scores equal the closed form (n(n-1)/2, or n*m bichromatic) at every size."
            : "WARNING: counted pair scores differ from the closed form at some size.",
        last.pairsScored(),
        last.stageSeconds(TIME_STAGE),
        TIME_STAGE,
        last.seconds(),
        sci(pairsPerSecondPerCore));
  }

  /** A fixed-width table: documents, pair scores, then the predicted time per core count. */
  public String extrapolationTable() {
    List<Integer> coreList = new ArrayList<>();
    for (Extrapolation e : extrapolation) {
      if (!coreList.contains(e.cores())) {
        coreList.add(e.cores());
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "Predicted %s-stage time at %s pair scores/s per core (measured at n=%d):%n",
            TIME_STAGE,
            sci(pairsPerSecondPerCore),
            runs.get(runs.size() - 1).documents()));
    sb.append(String.format(Locale.ROOT, "%12s %12s", "documents", "pair scores"));
    for (int c : coreList) {
      sb.append(String.format(Locale.ROOT, " %14s", c + (c == cores ? " cores (here)" : " cores")));
    }
    sb.append(System.lineSeparator());
    for (long docs : EXTRAPOLATE_DOCUMENTS) {
      sb.append(String.format(Locale.ROOT, "%12d %12s", docs, sci((double) docs * (docs - 1) / 2)));
      for (int c : coreList) {
        for (Extrapolation e : extrapolation) {
          if (e.documents() == docs && e.cores() == c) {
            sb.append(String.format(Locale.ROOT, " %14s", duration(e.seconds())));
          }
        }
      }
      sb.append(System.lineSeparator());
    }
    return sb.toString();
  }

  /**
   * scaling.csv: for each size one row per stage and a {@code total} row (wall time). The
   * run-level counts repeat on every row of a size; {@code pairs_per_second} is pair scores over
   * that row's seconds and {@code share_of_time} that row's part of the summed stage seconds.
   */
  public String toCsv() {
    StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
    for (ScalingRun r : runs) {
      double total = r.stageTotal();
      for (ScalingRun.Stage s : r.stages()) {
        csvRow(sb, r, s.name(), s.seconds(), total > 0 ? s.seconds() / total : 0, s.itemsIn(), s.itemsOut());
      }
      csvRow(sb, r, "total", r.seconds(), 1.0, r.documents(), r.pairsScored());
    }
    return sb.toString();
  }

  private static void csvRow(
      StringBuilder sb, ScalingRun r, String stage, double seconds, double share, long in, long out) {
    sb.append(
        String.format(
            Locale.ROOT,
            "%d,%s,%.6f,%.6f,%d,%d,%d,%d,%d,%d,%d,%d,%d,%.6g%n",
            r.documents(),
            stage,
            seconds,
            share,
            in,
            out,
            r.blocks(),
            r.tiles(),
            r.pairsScored(),
            r.pairsExpected(),
            r.flops(),
            r.bytesBroadcast(),
            r.bytesShuffled(),
            seconds > 0 ? r.pairsScored() / seconds : 0.0));
  }

  /** scaling.json as an ordered map (values are maps, lists, strings and numbers). */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    List<Long> sizes = new ArrayList<>();
    List<Map<String, Object>> rs = new ArrayList<>();
    for (ScalingRun r : runs) {
      sizes.add(r.documents());
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("documents", r.documents());
      e.put("pairs_scored", r.pairsScored());
      e.put("pairs_expected", r.pairsExpected());
      e.put("seconds", r.seconds());
      e.put("score_seconds", r.stageSeconds(TIME_STAGE));
      e.put("pairs_per_second", r.pairsScored() / r.stageSeconds(TIME_STAGE));
      e.put("blocks", r.blocks());
      e.put("tiles", r.tiles());
      e.put("flops", r.flops());
      e.put("bytes_broadcast", r.bytesBroadcast());
      e.put("bytes_shuffled", r.bytesShuffled());
      double total = r.stageTotal();
      List<Map<String, Object>> st = new ArrayList<>();
      for (ScalingRun.Stage s : r.stages()) {
        Map<String, Object> se = new LinkedHashMap<>();
        se.put("name", s.name());
        se.put("seconds", s.seconds());
        se.put("share_of_time", total > 0 ? s.seconds() / total : 0.0);
        se.put("items_in", s.itemsIn());
        se.put("items_out", s.itemsOut());
        st.add(se);
      }
      e.put("stages", st);
      if (r.result() != null) {
        e.put("result", r.result());
      }
      rs.add(e);
    }
    m.put("sizes", sizes);
    m.put("source", source);
    m.put("metric", metric);
    m.put("dimension", dimension);
    m.put("cores", cores);
    m.put("runs", rs);
    Map<String, Object> fit = new LinkedHashMap<>();
    fit.put("method", "least squares of ln(y) on ln(documents)");
    fit.put("pairs_exponent", pairsFit.exponent());
    fit.put("pairs_r2", pairsFit.r2());
    fit.put("time_exponent", timeFit.exponent());
    fit.put("time_r2", timeFit.r2());
    fit.put("time_stage", TIME_STAGE);
    // "r2" is the time fit's: the pair-score fit is ~1 by construction, time is what can fit badly
    fit.put("r2", timeFit.r2());
    fit.put("wall_exponent", wallFit.exponent());
    fit.put("wall_r2", wallFit.r2());
    fit.put("pairs_per_doubling", pairsFit.growth(2));
    fit.put("time_per_doubling", timeFit.growth(2));
    fit.put("pairs_exact", pairsExact());
    // time = fixed + c * pairs: the quadratic term itself, apart from per-job overhead
    fit.put("fixed_seconds", timeLine.fixed());
    fit.put("seconds_per_pair", timeLine.slope());
    fit.put("line_r2", timeLine.r2());
    List<Map<String, Object>> local = new ArrayList<>();
    for (int i = 0; i < localExponents.length; i++) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("from", runs.get(i).documents());
      e.put("to", runs.get(i + 1).documents());
      e.put("time_exponent", Double.isNaN(localExponents[i]) ? null : localExponents[i]);
      local.add(e);
    }
    fit.put("local_time_exponents", local);
    m.put("fit", fit);
    Map<String, Object> tp = new LinkedHashMap<>();
    tp.put("pairs_per_second_per_core", pairsPerSecondPerCore);
    tp.put("cores", cores);
    tp.put("measured_at_documents", runs.get(runs.size() - 1).documents());
    tp.put("stage", TIME_STAGE);
    m.put("throughput", tp);
    List<Map<String, Object>> ex = new ArrayList<>();
    for (Extrapolation e : extrapolation) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("documents", e.documents());
      x.put("pairs", e.pairs());
      x.put("cores", e.cores());
      x.put("seconds", e.seconds());
      ex.add(x);
    }
    m.put("extrapolation", ex);
    m.put("summary", summary());
    return m;
  }

  /** scaling.html: embeds {@code pngName}, then the summary, fit, extrapolation and CSV. */
  public String toHtml(String pngName) {
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>simpair scaling</title>\n")
        .append("<style>body{font-family:sans-serif;margin:2em;max-width:1400px}")
        .append("table{border-collapse:collapse;font-size:90%}td,th{border:1px solid #ccc;padding:2px 6px;")
        .append("text-align:right}th{background:#eee}img{max-width:100%}</style>\n</head>\n<body>\n")
        .append("<h1>simpair scaling</h1>\n")
        .append("<img src=\"").append(esc(pngName)).append("\" alt=\"pair scores and time against documents, log-log, with the n^2 reference; share of time per stage\">\n")
        .append("<p>").append(esc(summary())).append("</p>\n")
        .append("<h2>Fit</h2>\n<table>\n<tr><th>quantity</th><th>exponent</th><th>r2</th><th>x per doubling</th></tr>\n");
    fitRow(sb, "pair scores", pairsFit);
    fitRow(sb, TIME_STAGE + "-stage seconds", timeFit);
    fitRow(sb, "whole-run wall seconds", wallFit);
    sb.append(String.format(Locale.ROOT,
        "</table>\n<p>%s-stage seconds as a line in pair scores: %.4f s fixed + %s s per pair (r2 %.6f).</p>%n",
        TIME_STAGE, timeLine.fixed(), sci(timeLine.slope()), timeLine.r2()));
    sb.append("<p>Local time exponents: ").append(esc(localExponentText())).append("</p>\n");
    sb.append("<h2>Extrapolation</h2>\n<pre>").append(esc(extrapolationTable())).append("</pre>\n");
    sb.append("<h2>Runs (scaling.csv)</h2>\n<table>\n");
    String[] lines = toCsv().split("\n");
    for (int i = 0; i < lines.length; i++) {
      String cell = i == 0 ? "th" : "td";
      sb.append("<tr>");
      for (String v : lines[i].split(",", -1)) {
        sb.append('<').append(cell).append('>').append(esc(v)).append("</").append(cell).append('>');
      }
      sb.append("</tr>\n");
    }
    sb.append("</table>\n</body>\n</html>\n");
    return sb.toString();
  }

  private static void fitRow(StringBuilder sb, String name, LogLogFit f) {
    sb.append(
        String.format(
            Locale.ROOT,
            "<tr><td>%s</td><td>%.4f</td><td>%.6f</td><td>%.3f</td></tr>%n",
            esc(name),
            f.exponent(),
            f.r2(),
            f.growth(2)));
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  static String sci(double v) {
    return String.format(Locale.ROOT, "%.3g", v);
  }

  /** Seconds in the largest unit that keeps the number at least 1: s, min, h, days, years. */
  static String duration(double s) {
    if (!Double.isFinite(s)) {
      return "n/a";
    }
    double[] size = {1, 60, 3600, 86400, 365.25 * 86400};
    String[] unit = {"s", "min", "h", "days", "years"};
    int i = 0;
    while (i + 1 < size.length && s >= size[i + 1]) {
      i++;
    }
    return String.format(Locale.ROOT, "%.3g %s", s / size[i], unit[i]);
  }
}
