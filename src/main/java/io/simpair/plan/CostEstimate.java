package io.simpair.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a plan will cost before the scoring stage starts: pair scores, flops, expected seconds
 * from a measured per-core rate, and what each JVM will hold, with a warning for every setting
 * that will spill or cannot fit. Pure: the rate is measured elsewhere and passed in.
 *
 * <p>Memory per JVM follows the strategy. Broadcast: every block (original values, norms) plus
 * its fp32 kernel rows, {@code n d (4|8) + 8 n + 4 n d} bytes, once per executor. Shuffle: each
 * running task holds its super-tile's {@code 2 G} blocks (row and column group), each {@code
 * blockRows d (4|8) + 4 blockRows d} bytes. Tables: a task keeps its threshold pairs (at most
 * {@code --max-pairs}, ~{@value #PAIR_BYTES} B each) and per-row heaps (up to {@code K} pairs for
 * every row its tiles touch) until it ends. The budget is {@link ClusterFacts#memoryBudgetBytes}
 * (one fifth of a JVM's memory); more than {@value #FIT_FRACTION} of the JVM cannot fit in
 * Spark's unified memory at all.
 *
 * @param pairs pair scores: n(n-1)/2 or |A||B|
 * @param flops {@code 2 d} per pair score
 * @param cores the cores the tasks run on
 * @param pairsPerCoreSecond the measured rate of one core on this plan's kernel and dimension
 * @param seconds expected scoring time: waves of balanced tasks, each its share of the pairs at
 *     the measured rate
 * @param heldBytes what one JVM holds for scoring (broadcast: all blocks; shuffle: its running
 *     tasks' super-tiles)
 * @param shuffleBytes shuffle path: block payload shipped to the super-tiles ({@code G'} copies
 *     of the packed blocks, {@code G'} the groups a side is cut into); 0 on the broadcast path
 * @param warnings each setting that will spill or cannot fit, in words, with what to change
 */
public record CostEstimate(
    long pairs, double flops, int cores, double pairsPerCoreSecond, double seconds, long heldBytes, long shuffleBytes,
    List<String> warnings) {

  /** Bytes of a kept pair (two indices, score, key) in a task's threshold or per-row reducer. */
  static final int PAIR_BYTES = 40;
  /** Share of a JVM's memory Spark's unified memory may use (spark.memory.fraction 0.6). */
  static final double FIT_FRACTION = 0.6;

  /**
   * The estimate of {@code plan} on {@code cluster}.
   *
   * @param a the A side (or the only one)
   * @param b the B side, or null
   * @param tasksPerJvm tile tasks one JVM runs at once (executor cores; local mode: all cores)
   * @param pairsPerCoreSecond measured pair scores per second of one core
   */
  public static CostEstimate of(
      SearchPlan plan, SearchOptions o, InputFacts a, InputFacts b, ClusterFacts cluster, int tasksPerJvm,
      double pairsPerCoreSecond) {
    TileGrid g = plan.grid();
    long pairs = g.pairCount();
    int d = plan.scan().dim();
    double flops = 2.0 * pairs * d;
    int cores = Math.max(1, cluster.parallelism());
    int tasks = Math.max(1, plan.tasks());
    long waves = (tasks + cores - 1) / cores;
    double seconds = pairsPerCoreSecond > 0 ? waves * ((double) pairs / tasks) / pairsPerCoreSecond : Double.NaN;

    long budget = cluster.memoryBudgetBytes();
    long jvm = budget * 5;
    long rows = a.rows() + (b == null ? 0 : b.rows());
    long kernelBytes = 4L * rows * d;
    List<String> w = new ArrayList<>();
    long held;
    String what;
    if (plan.broadcast()) {
      held = plan.blockBytes() + kernelBytes;
      what = "the broadcast blocks and their fp32 kernel rows";
    } else {
      long blocks = plan.blocks();
      long perBlock = (plan.blockBytes() + kernelBytes + blocks - 1) / blocks;
      held = (long) Math.max(1, tasksPerJvm) * 2L * plan.groupBlocks() * perBlock;
      what = Math.max(1, tasksPerJvm) + " running super-tile task(s) of 2 x " + plan.groupBlocks() + " blocks";
    }
    if (held > FIT_FRACTION * jvm) {
      w.add(String.format(
          Locale.ROOT,
          "cannot fit: %s need %s per JVM, more than %.0f%% of its %s; %s",
          what, bytes(held), FIT_FRACTION * 100, bytes(jvm),
          plan.broadcast()
              ? "use --strategy shuffle (or --strategy auto), or more executor and driver memory"
              : "lower --group-blocks or --block-rows, or give executors more memory or fewer cores"));
    } else if (held > budget) {
      w.add(String.format(
          Locale.ROOT,
          "will spill: %s need %s per JVM, over the budget of %s (1/5 of %s); expect spills to disk and GC"
              + " pauses; %s",
          what, bytes(held), bytes(budget), bytes(jvm),
          plan.broadcast() ? "--strategy shuffle bounds it" : "lower --group-blocks or raise executor memory"));
    }
    if (o.hasThreshold()) {
      long t = o.maxPairs() * PAIR_BYTES * Math.max(1, tasksPerJvm);
      if (t > budget) {
        w.add(String.format(
            Locale.ROOT,
            "will spill: --max-pairs %d lets each task keep up to %s of threshold pairs (%d task(s) per JVM),"
                + " over the budget of %s; lower --max-pairs or tighten --threshold",
            o.maxPairs(), bytes(o.maxPairs() * PAIR_BYTES), Math.max(1, tasksPerJvm), bytes(budget)));
      }
    }
    if (o.perRowTop() > 0) {
      long touched = plan.broadcast() ? a.rows() : Math.min(a.rows(), 2L * plan.groupBlocks() * plan.blockRows());
      long p = touched * o.perRowTop() * PAIR_BYTES * Math.max(1, tasksPerJvm);
      if (p > budget) {
        w.add(String.format(
            Locale.ROOT,
            "will spill: --per-row-top %d keeps up to %s of per-row heaps per task (%d rows touched), over the"
                + " budget of %s; fewer rows per task (--strategy shuffle, smaller --group-blocks) or a smaller K",
            o.perRowTop(), bytes(touched * o.perRowTop() * PAIR_BYTES), touched, bytes(budget)));
      }
    }
    if (tasks < cores) {
      w.add(String.format(Locale.ROOT, "only %d task(s) for %d cores: %d core(s) idle; a smaller --block-rows gives more tiles",
          tasks, cores, cores - tasks));
    }
    long shuffle = plan.broadcast() ? 0 : plan.blockBytes() * plan.superGrid().replicationA();
    return new CostEstimate(pairs, flops, cores, pairsPerCoreSecond, seconds, held, shuffle, List.copyOf(w));
  }

  /** One line for the log. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "cost estimate: %d pair scores, %.3g flops; at the measured %.3g pair scores/s per core (%.1f GFLOP/s)"
            + " on %d cores: %s of scoring; %s held per JVM%s",
        pairs, flops, pairsPerCoreSecond, pairsPerCoreSecond * (flops / Math.max(1, pairs)) / 1e9, cores,
        duration(seconds), bytes(heldBytes), shuffleBytes > 0 ? "; " + bytes(shuffleBytes) + " of blocks shuffled" : "");
  }

  /** Seconds in words: "42 s", "3.2 min", "5.1 h". */
  static String duration(double s) {
    if (Double.isNaN(s)) {
      return "unknown time";
    }
    if (s < 120) {
      return String.format(Locale.ROOT, "%.1f s", s);
    }
    if (s < 7200) {
      return String.format(Locale.ROOT, "%.1f min", s / 60);
    }
    return String.format(Locale.ROOT, "%.1f h", s / 3600);
  }

  static String bytes(long b) {
    return Planner.bytes(b);
  }
}
