package io.simpair.cli;

import io.simpair.io.OutputCommit;
import io.simpair.plan.Calibration;
import io.simpair.report.DedupHtml;
import io.simpair.result.DedupSummary;
import io.simpair.spark.DedupConfig;
import io.simpair.spark.DedupJob;
import io.simpair.spark.KeepRule;
import io.simpair.spark.PairsConfig;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/** {@code simpair dedup}: exact near-duplicate groups at a threshold, a keep rule, and the tables. */
final class DedupCommand extends Command<DedupConfig> {

  static final Set<String> OPTIONS =
      Set.of(
          "input", "format", "id-col", "vector-col", "ids", "metric", "block-rows", "output", "strategy",
          "broadcast-limit", "group-blocks", "input-b", "format-b", "ids-b", "id-col-b", "vector-col-b",
          "threshold", "max-pairs", "kernel", "histogram-bins", "thresholds", "keep", "group-mode", "text-col");
  static final Set<String> FLAGS = Set.of("overwrite", "no-progress", "help", "dry-run");

  static final String USAGE =
      String.join(
          "\n",
          "usage: run-cluster.sh dedup --input PATH --output DIR --threshold T [options]",
          "",
          "Groups near-duplicate documents exactly: every pair at or past T (the pairs job's exact",
          "threshold join, streamed to Parquet), then groups, one kept document per group.",
          "The input is Parquet (for example the embed job's embeddings.parquet); its other",
          "columns (text) are kept in the tables.",
          "",
          "  --input PATH          Parquet file or directory (--id-col, --vector-col as for pairs)",
          "  --output DIR          groups.parquet (id, group, group_size, kept, nearest_id,",
          "                        nearest_score), kept.parquet (surviving input rows),",
          "                        removed.parquet (removed rows + group, group_size, nearest_id,",
          "                        nearest_score, score with the kept one), threshold.parquet (the",
          "                        pairs), dedup.html, histogram.png, dedup.json (written last)",
          "  --threshold T         pairs with cosine/dot >= T (l2: distance <= T) are duplicates",
          "  --metric M            cosine | dot | l2 (default: cosine)",
          "  --keep RULE           first (input order, default) | longest (text length, then input",
          "                        order) | min:COL | max:COL (a column's smallest/largest value,",
          "                        then input order; a null in COL is refused)",
          "  --group-mode M        components (default): connected components of the pair graph",
          "                        (GraphX); star: in keep order each document is kept unless it",
          "                        is paired with an already kept one, whose group it joins (the",
          "                        most similar such; no chains)",
          "  --input-b REF         new documents (--input) against an existing corpus REF: only",
          "                        input x REF pairs count; removed.parquet lists the input",
          "                        documents with a match in REF (group = the REF id); nothing in",
          "                        REF is removed (--keep and --group-mode do not apply)",
          "  --text-col NAME       the text column for dedup.html and --keep longest (default: text)",
          "  --max-pairs M         fail, writing nothing, when more than M pairs qualify (default:",
          "                        1000000); the message suggests a threshold from the histogram",
          "  --histogram-bins N    bins of the score histogram (default: 200), part of every run",
          "  --dry-run             only the histogram and, per threshold of --thresholds (or",
          "                        --threshold), the exact pairs and groups: dedup.json and",
          "                        histogram.png, no tables",
          "  --thresholds T1,T2    the dry run's thresholds",
          "  --block-rows, --strategy, --broadcast-limit, --group-blocks, --kernel: as for pairs",
          "  --overwrite, --no-progress, --help",
          "",
          "exit codes: 0 ok, 2 bad arguments or input (nothing written), 1 internal error");

  DedupCommand() {
    super("dedup", USAGE, OPTIONS, FLAGS);
  }

  @Override
  DedupConfig parse(String[] args) {
    Args a = args(args);
    a.require("input", "output");
    boolean dry = a.flag("dry-run");
    List<Double> thresholds = PairsCommand.thresholdList(a, "thresholds");
    if (!thresholds.isEmpty() && !dry) {
      throw new UsageException("--thresholds goes with --dry-run (a dedup groups at one --threshold)");
    }
    if (a.get("threshold") == null && thresholds.isEmpty()) {
      throw new UsageException(dry ? "--dry-run needs --thresholds or --threshold" : "--threshold is required");
    }
    // --text-col is dedup's own here (the pairs builder ties it to --show-text)
    PairsConfig.Builder b = PairsCommand.builder(args(withoutOption(args, "text-col")));
    if (a.get("threshold") != null) {
      double t = PairsCommand.build(b).search().threshold();
      if (!thresholds.contains(t)) {
        thresholds = new ArrayList<>(thresholds);
        thresholds.add(t); // a dry run counts --threshold too
      }
    }
    String metric = a.get("metric", "cosine");
    // the loosest threshold: the smallest score (cosine, dot) or the largest distance (l2)
    double loosest = metric.equals("l2") ? thresholds.stream().mapToDouble(Double::doubleValue).max().getAsDouble()
        : thresholds.stream().mapToDouble(Double::doubleValue).min().getAsDouble();
    b.threshold(loosest);
    b.calibration(new Calibration(a.intValue("histogram-bins", Calibration.DEFAULT_BINS, 1, 1_000_000),
        dry ? thresholds : List.of()));
    boolean incremental = a.get("input-b") != null;
    if (incremental && (a.get("keep") != null || a.get("group-mode") != null)) {
      throw new UsageException("--" + (a.get("keep") != null ? "keep" : "group-mode")
          + " does not apply with --input-b (every input document with a match in REF is removed)");
    }
    KeepRule keep;
    try {
      keep = KeepRule.parse(a.get("keep", "first"));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    String gm = a.get("group-mode", "components");
    DedupConfig.GroupMode mode;
    if (gm.equals("components")) {
      mode = DedupConfig.GroupMode.COMPONENTS;
    } else if (gm.equals("star")) {
      mode = DedupConfig.GroupMode.STAR;
    } else {
      throw new UsageException("--group-mode must be components or star, got '" + gm + "'");
    }
    return new DedupConfig(PairsCommand.build(b), keep, mode, dry, new ArrayList<>(thresholds),
        a.get("text-col", DedupConfig.DEFAULT_TEXT));
  }

  /** The arguments without {@code --name VALUE} / {@code --name=VALUE}. */
  static String[] withoutOption(String[] args, String name) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--" + name)) {
        i++;
      } else if (!args[i].startsWith("--" + name + "=")) {
        out.add(args[i]);
      }
    }
    return out.toArray(new String[0]);
  }

  @Override
  int execute(SparkSession spark, DedupConfig cfg, PrintStream out, PrintStream err) throws Exception {
    OutputCommit commit = new OutputCommit(
        spark.sparkContext().hadoopConfiguration(), cfg.pairs().output(), cfg.pairs().overwrite(), DedupJob.guarded());
    try {
      commit.check();
      DedupJob job = new DedupJob(cfg);
      DedupSummary s = job.run(spark, commit);
      out.println(summary(s));
      out.print(groupsSummary(job.largestGroups(), SHOWN_GROUPS, TEXT_WIDTH));
      return ExitCodes.OK;
    } catch (Exception e) {
      commit.abort();
      throw e;
    }
  }

  static final int SHOWN_GROUPS = 5;
  static final int TEXT_WIDTH = 100;

  /** The largest groups with their texts cut to a width, for the terminal (dedup.html has more). */
  static String groupsSummary(List<DedupHtml.Group> groups, int shown, int width) {
    StringBuilder sb = new StringBuilder();
    int g = 0;
    for (DedupHtml.Group gr : groups) {
      if (g++ == shown) {
        break;
      }
      sb.append(String.format(Locale.ROOT, "group %d: %d documents, kept %s%n", g, gr.size(), gr.kept().id()));
      sb.append("    kept: ").append(line(gr.kept().text(), width)).append('\n');
      for (DedupHtml.Doc d : gr.members()) {
        // NaN: linked to the kept one only through other members (components mode)
        String score = Double.isNaN(d.score()) ? " chain" : String.format(Locale.ROOT, "%.4f", d.score());
        sb.append(String.format(Locale.ROOT, "    %s %s: %s%n", score, d.id(), line(d.text(), width)));
      }
    }
    return sb.toString();
  }

  private static String line(String text, int width) {
    if (text == null) {
      return "(no text)";
    }
    String t = text.replaceAll("\\s+", " ").trim();
    return t.length() <= width ? t : t.substring(0, width) + "...";
  }

  /** The printed summary: the counts, the pairs (and a dry run's groups) per threshold, the stages. */
  static String summary(DedupSummary s) {
    StringBuilder sb = new StringBuilder();
    s.lines().forEach(l -> sb.append(l).append('\n'));
    var c = s.calibration();
    for (int i = 0; c != null && i < c.thresholds().size(); i++) {
      sb.append(String.format(Locale.ROOT, "threshold %s: %d pairs", c.thresholds().get(i), c.pairs()[i]));
      if (s.groupsPerThreshold() != null) {
        sb.append(String.format(Locale.ROOT, ", %d groups", s.groupsPerThreshold()[i]));
      }
      sb.append('\n');
    }
    sb.append(s.stages().table());
    sb.append("outputs: ").append(String.join(", ", s.outputs().values()));
    return sb.toString();
  }
}
