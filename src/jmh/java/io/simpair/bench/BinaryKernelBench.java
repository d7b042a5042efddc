package io.simpair.bench;

import io.simpair.kernel.BinaryScore;
import io.simpair.kernel.BinaryScorerProvider;
import io.simpair.kernel.BinaryTileScorer;
import io.simpair.kernel.Old4x4BinaryTileScorer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the binary kernel: one n x n off-diagonal tile of {@code bits}-bit rows, cosine
 * argmax per row. {@code tile:pairs} counts {@code n^2} per call; ops/s / 1e6 = M pairs/s.
 * {@code impl}: {@code provider} is what {@link BinaryScorerProvider#newScorer} picks (the
 * Vector API BIT_COUNT scorer on JDK 19+), {@code scalar} the {@code Long.bitCount} one, {@code
 * old4x4} the Vector API kernel before the transposed one (a baseline kept in src/jmh, JDK 19+).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BinaryKernelBench {

  @Param({"4096"})
  public int bits;

  @Param({"2048"})
  public int n;

  @Param({"provider", "old4x4", "scalar"})
  public String impl;

  private BinaryTileScorer scorer;
  private long[] a;
  private long[] b;
  private int[] rowArg;
  private int[] rowCount;

  /** Per-iteration counter of scored pairs. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Pairs {
    public long pairs;

    @Setup(Level.Iteration)
    public void reset() {
      pairs = 0;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    switch (impl) {
      case "scalar":
        scorer = BinaryScorerProvider.scalar(bits, BinaryScore.COSINE);
        break;
      case "old4x4":
        scorer = new Old4x4BinaryTileScorer(bits, BinaryScore.COSINE);
        break;
      default:
        scorer = BinaryScorerProvider.newScorer(bits, BinaryScore.COSINE);
    }
    System.out.println("# binary scorer: " + scorer.name() + " -- " + BinaryScorerProvider.reason());
    SplittableRandom rnd = new SplittableRandom(1);
    a = random(rnd, n, bits);
    b = random(rnd, n, bits);
    rowArg = new int[n];
    rowCount = new int[n];
  }

  private static long[] random(SplittableRandom rnd, int rows, int bits) {
    int words = (bits + 63) / 64;
    long[] x = new long[rows * words];
    long mask = bits % 64 == 0 ? -1L : (1L << (bits % 64)) - 1;
    for (int i = 0; i < rows; i++) {
      for (int k = 0; k < words; k++) {
        x[i * words + k] = rnd.nextLong() & (k == words - 1 ? mask : -1L);
      }
    }
    return x;
  }

  @Benchmark
  public int tile(Pairs p) {
    scorer.maxScores(a, n, b, n, false, rowArg, rowCount);
    p.pairs += (long) n * n;
    return rowArg[0] + rowCount[n - 1];
  }
}
