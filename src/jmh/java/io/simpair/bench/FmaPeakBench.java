package io.simpair.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * FMA-peak probe: 16 independent {@code FloatVector} FMA chains, no memory traffic, so the
 * FMA pipes are the only limit (16 chains cover 4-cycle latency x 2 pipes twice over). {@code
 * probe:flops} counts {@code 2 * lanes * 16} per inner step; ops/s / 1e9 = GFLOP/s, the ceiling
 * the tile kernel is measured against. Run with {@code -t 2} to see whether two threads get
 * two cores' worth.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FmaPeakBench {

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int STEPS = 1 << 16;

  // Fields, not constants, so the JIT cannot fold the chains.
  private float x = 1.0000001f;
  private float y = 0.9999999f;

  /** Per-iteration counter of floating-point operations. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Flops {
    public long flops;

    @Setup(Level.Iteration)
    public void reset() {
      flops = 0;
    }
  }

  @Benchmark
  public float probe(Flops f) {
    FloatVector m = FloatVector.broadcast(SPECIES, x);
    FloatVector a = FloatVector.broadcast(SPECIES, y);
    FloatVector c0 = FloatVector.broadcast(SPECIES, 0f);
    FloatVector c1 = FloatVector.broadcast(SPECIES, 1f);
    FloatVector c2 = FloatVector.broadcast(SPECIES, 2f);
    FloatVector c3 = FloatVector.broadcast(SPECIES, 3f);
    FloatVector c4 = FloatVector.broadcast(SPECIES, 4f);
    FloatVector c5 = FloatVector.broadcast(SPECIES, 5f);
    FloatVector c6 = FloatVector.broadcast(SPECIES, 6f);
    FloatVector c7 = FloatVector.broadcast(SPECIES, 7f);
    FloatVector c8 = FloatVector.broadcast(SPECIES, 8f);
    FloatVector c9 = FloatVector.broadcast(SPECIES, 9f);
    FloatVector c10 = FloatVector.broadcast(SPECIES, 10f);
    FloatVector c11 = FloatVector.broadcast(SPECIES, 11f);
    FloatVector c12 = FloatVector.broadcast(SPECIES, 12f);
    FloatVector c13 = FloatVector.broadcast(SPECIES, 13f);
    FloatVector c14 = FloatVector.broadcast(SPECIES, 14f);
    FloatVector c15 = FloatVector.broadcast(SPECIES, 15f);
    for (int s = 0; s < STEPS; s++) {
      c0 = c0.fma(m, a);
      c1 = c1.fma(m, a);
      c2 = c2.fma(m, a);
      c3 = c3.fma(m, a);
      c4 = c4.fma(m, a);
      c5 = c5.fma(m, a);
      c6 = c6.fma(m, a);
      c7 = c7.fma(m, a);
      c8 = c8.fma(m, a);
      c9 = c9.fma(m, a);
      c10 = c10.fma(m, a);
      c11 = c11.fma(m, a);
      c12 = c12.fma(m, a);
      c13 = c13.fma(m, a);
      c14 = c14.fma(m, a);
      c15 = c15.fma(m, a);
    }
    f.flops += 2L * SPECIES.length() * 16 * STEPS;
    FloatVector sum =
        c0.add(c1).add(c2.add(c3)).add(c4.add(c5).add(c6.add(c7)))
            .add(c8.add(c9).add(c10.add(c11)).add(c12.add(c13).add(c14.add(c15))));
    return sum.reduceLanes(VectorOperators.ADD);
  }
}
