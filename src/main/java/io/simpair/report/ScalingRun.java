package io.simpair.report;

import java.util.List;

/**
 * What one run of the sweep measured: the counts of the pairs job at one size, its wall time and
 * the seconds of each stage.
 *
 * @param documents rows used (the prefix size)
 * @param pairsExpected the closed form: {@code n(n-1)/2}, or {@code n·m} for a bichromatic run
 * @param blocks row blocks
 * @param tiles tiles scored
 * @param pairsScored pair scores the tasks counted
 * @param flops {@code 2 · pairs · d}
 * @param bytesBroadcast bytes broadcast to executors
 * @param bytesShuffled bytes shuffled (rows into blocks, plus block replication)
 * @param seconds wall time of the whole run on the driver
 * @param stages the job's stages in order
 * @param result where this run's result.json was written, or null
 */
public record ScalingRun(
    long documents,
    long pairsExpected,
    long blocks,
    long tiles,
    long pairsScored,
    long flops,
    long bytesBroadcast,
    long bytesShuffled,
    double seconds,
    List<Stage> stages,
    String result) {

  /**
   * One stage of a run.
   *
   * @param name e.g. {@code read}, {@code score}
   * @param seconds wall time of the stage
   * @param itemsIn items the stage consumed
   * @param itemsOut items the stage produced
   */
  public record Stage(String name, double seconds, long itemsIn, long itemsOut) {}

  public ScalingRun {
    stages = List.copyOf(stages);
  }

  /** The seconds of the named stage, or NaN when the run has no such stage. */
  public double stageSeconds(String name) {
    for (Stage s : stages) {
      if (s.name().equals(name)) {
        return s.seconds();
      }
    }
    return Double.NaN;
  }

  /** The sum of the stage seconds (the denominator of each stage's share). */
  public double stageTotal() {
    double t = 0;
    for (Stage s : stages) {
      t += s.seconds();
    }
    return t;
  }

  /** {@code n(n-1)/2}: the pairs of a monochromatic search over n rows. */
  public static long pairsOf(long n) {
    return n < 2 ? 0 : Math.multiplyExact(n, n - 1) / 2;
  }

  /** {@code n·m}: the pairs of a bichromatic search. */
  public static long pairsOf(long n, long m) {
    return Math.multiplyExact(n, m);
  }
}
