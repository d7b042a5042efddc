package io.simpair.bench;

import io.simpair.kernel.SimilarityProvider;
import io.simpair.kernel.SimilaritySupport;
import io.simpair.kernel.TileScorer;
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
 * Throughput of one fused tile {@code max(A · Bᵀ + p + q)}, n x n rows of dimension d.
 *
 * <p>The secondary result {@code tile:flops} counts {@code 2 * d} per admissible pair (all
 * {@code n^2} pairs off the diagonal, {@code n(n-1)/2} on it), so its ops/s divided by 1e9 is
 * GFLOP/s of useful work. Run one thread, e.g.
 *
 * <pre>
 * java -jar target/benchmarks.jar TileKernelBench -f 1 -wi 3 -i 5 -p d=384 -p n=2048 \
 *     -p impl=vectorized -p diagonal=false
 * </pre>
 *
 * {@code impl}: {@code vectorized} is the tile kernel, {@code scalar} the reference (a plain
 * per-pair loop), {@code perPairDot} the Vector API {@code dot} called once per pair.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TileKernelBench {

  @Param({"64", "128", "384", "768", "1024"})
  public int d;

  @Param({"1024", "2048", "4096"})
  public int n;

  @Param({"vectorized", "scalar", "perPairDot"})
  public String impl;

  @Param({"false", "true"})
  public boolean diagonal;

  private SimilaritySupport support;
  private TileScorer scorer;
  private float[] a;
  private float[] b;
  private float[] aBias;
  private float[] bBias;
  private float[] rowMax;
  private float[] colMax;
  private long flopsPerTile;

  /** Per-iteration counter of useful floating-point operations. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Flops {
    public long flops;

    @Setup(Level.Iteration)
    public void reset() {
      flops = 0;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    switch (impl) {
      case "scalar":
        support = SimilarityProvider.scalar();
        break;
      case "vectorized":
      case "perPairDot":
        support = SimilarityProvider.get();
        if (!support.name().startsWith("vectorized")) {
          throw new IllegalStateException("vector kernel not available: " + SimilarityProvider.reason());
        }
        break;
      default:
        throw new IllegalArgumentException(impl);
    }
    SplittableRandom rnd = new SplittableRandom(1);
    a = random(rnd, n * d);
    b = diagonal ? a : random(rnd, n * d);
    aBias = random(rnd, n);
    bBias = diagonal ? aBias : random(rnd, n);
    rowMax = new float[n];
    colMax = new float[n];
    scorer = support.newTileScorer(d);
    long pairs = diagonal ? (long) n * (n - 1) / 2 : (long) n * n;
    flopsPerTile = 2L * d * pairs;
  }

  private static float[] random(SplittableRandom rnd, int len) {
    float[] x = new float[len];
    for (int i = 0; i < len; i++) {
      x[i] = (float) rnd.nextDouble(-1, 1);
    }
    return x;
  }

  @Benchmark
  public float tile(Flops f) {
    float best;
    if (impl.equals("perPairDot")) {
      best = perPairDot();
    } else {
      scorer.maxScores(a, aBias, n, b, bBias, n, diagonal, rowMax, colMax);
      best = rowMax[0];
    }
    f.flops += flopsPerTile;
    return best;
  }

  /** Baseline: one vector dot product per admissible pair, the max kept on the side. */
  private float perPairDot() {
    float best = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      for (int j = diagonal ? i + 1 : 0; j < n; j++) {
        best = Math.max(best, support.dot(a, i * d, b, j * d, d) + aBias[i] + bBias[j]);
      }
    }
    return best;
  }
}
