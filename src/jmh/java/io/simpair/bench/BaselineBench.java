package io.simpair.bench;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Baselines for {@link TileKernelBench}: the same off-diagonal tile task, {@code rowMax[i] =
 * max_j (A_i · B_j + p_i + q_j)} and {@code colMax[j]}, as {@code C = A · Bᵀ} by a BLAS sgemm
 * into an n x n buffer followed by a max scan over C.
 *
 * <ul>
 *   <li>param {@code blas=openblas}: netlib {@code NativeBLAS} (JNIBLAS) to the system OpenBLAS; pick the
 *       library with {@code -Ddev.ludovic.netlib.blas.nativeLib=libopenblas.so.0}, its kernels
 *       with the environment variable {@code OPENBLAS_CORETYPE} (e.g. {@code SkylakeX}), and
 *       one thread with {@code OPENBLAS_NUM_THREADS=1}. bench/run-benchmarks.sh does all three.
 *   <li>{@code blas=vectorBlas}: netlib {@code JavaBLAS}, which is {@code VectorBLAS} on JDK 16+ with
 *       {@code jdk.incubator.vector}; the setup fails if it is not.
 * </ul>
 *
 * The scan uses the Vector API, so it is not the part being compared. {@code tile:flops} counts
 * {@code 2 * d * n^2} per call, as TileKernelBench does for the same tile.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "--add-modules=jdk.incubator.vector", "-Xms2g", "-Xmx2g",
      "-Ddev.ludovic.netlib.blas.nativeLib=libopenblas.so.0"
    })
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BaselineBench {

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  @Param({"384"})
  public int d;

  @Param({"2048"})
  public int n;

  @Param({"openblas", "vectorBlas"})
  public String blas;

  private BLAS lib;
  private float[] a;
  private float[] b;
  private float[] aBias;
  private float[] bBias;
  private float[] c;
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
    switch (blas) {
      case "openblas":
        lib = NativeBLAS.getInstance();
        break;
      case "vectorBlas":
        lib = JavaBLAS.getInstance();
        if (!lib.getClass().getSimpleName().equals("VectorBLAS")) {
          throw new IllegalStateException("JavaBLAS is " + lib.getClass().getName());
        }
        break;
      default:
        throw new IllegalArgumentException(blas);
    }
    System.out.println("# BLAS: " + lib.getClass().getName() + ", OPENBLAS_CORETYPE="
        + System.getenv("OPENBLAS_CORETYPE") + ", OPENBLAS_NUM_THREADS="
        + System.getenv("OPENBLAS_NUM_THREADS"));
    SplittableRandom rnd = new SplittableRandom(1);
    a = random(rnd, n * d);
    b = random(rnd, n * d);
    aBias = random(rnd, n);
    bBias = random(rnd, n);
    c = new float[n * n];
    rowMax = new float[n];
    colMax = new float[n];
    flopsPerTile = 2L * d * n * n;
  }

  static float[] random(SplittableRandom rnd, int len) {
    float[] x = new float[len];
    for (int i = 0; i < len; i++) {
      x[i] = (float) rnd.nextDouble(-1, 1);
    }
    return x;
  }

  @Benchmark
  public float tile(Flops f) {
    // BLAS is column-major: our row-major n x d A is a d x n matrix to it, so "T" turns it back
    // into A, "N" leaves B's view as Bᵀ, and the column-major n x n C has C[i + j*n] = A_i . B_j.
    lib.sgemm("T", "N", n, n, d, 1f, a, d, b, d, 0f, c, n);
    scan();
    f.flops += flopsPerTile;
    return rowMax[0] + colMax[0];
  }

  /** rowMax[i] = max_j C[i + j*n] + p_i + q_j; colMax[j] likewise; column by column. */
  private void scan() {
    java.util.Arrays.fill(rowMax, Float.NEGATIVE_INFINITY);
    int lanes = SPECIES.length();
    int bound = SPECIES.loopBound(n);
    for (int j = 0; j < n; j++) {
      int col = j * n;
      FloatVector q = FloatVector.broadcast(SPECIES, bBias[j]);
      FloatVector cm = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
      int i = 0;
      for (; i < bound; i += lanes) {
        FloatVector s =
            FloatVector.fromArray(SPECIES, c, col + i)
                .add(FloatVector.fromArray(SPECIES, aBias, i))
                .add(q);
        FloatVector.fromArray(SPECIES, rowMax, i).max(s).intoArray(rowMax, i);
        cm = cm.max(s);
      }
      float m = cm.reduceLanes(VectorOperators.MAX);
      for (; i < n; i++) { // scalar tail
        float s = c[col + i] + aBias[i] + bBias[j];
        rowMax[i] = Math.max(rowMax[i], s);
        m = Math.max(m, s);
      }
      colMax[j] = m;
    }
  }
}
