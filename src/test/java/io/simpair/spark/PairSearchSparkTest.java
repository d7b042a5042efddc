package io.simpair.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simpair.kernel.Metric;
import io.simpair.plan.SearchOptions;
import io.simpair.result.PairsResult;
import io.simpair.result.ResultJson;
import io.simpair.testutil.LocalSpark;
import io.simpair.testutil.Npy;
import io.simpair.testutil.Oracle;
import io.simpair.testutil.RandomData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The pairs job in local[2] against the brute-force double-precision oracle. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PairSearchSparkTest {
  private SparkSession spark;
  @TempDir Path tmp;

  @BeforeAll
  void start() {
    spark = LocalSpark.start("PairSearchSparkTest");
  }

  @AfterAll
  void stop() {
    LocalSpark.stop(spark);
  }

  static float[][] gaussian(long seed, int n, int d) {
    return RandomData.gaussian(seed, n, d);
  }


  PairsResult run(float[][] x, String metric, int blockRows, SearchOptions.Strategy strategy, int group)
      throws Exception {
    Path f = tmp.resolve("x-" + System.nanoTime() + ".npy");
    Npy.writeF32(f, x);
    return runFile(f.toString(), metric, blockRows, strategy, group);
  }

  PairsResult runFile(String path, String metric, int blockRows, SearchOptions.Strategy strategy, int group) {
    PairsConfig cfg =
        PairsConfig.builder()
            .input(path)
            .metric(Metric.parse(metric))
            .blockRows(blockRows)
            .output(tmp.resolve("out").toString())
            .overwrite(true)
            .strategy(strategy)
            .groupBlocks(group)
            .progress(false)
            .build();
    return new PairSearchJob(cfg).run(spark);
  }

  static void assertMatches(Oracle.Best want, PairsResult got, int n) {
    String where = "want (" + want.i() + ", " + want.j() + ", " + want.score() + ") got " + got.best();
    assertEquals(want.i(), got.best().indexA(), where);
    assertEquals(want.j(), got.best().indexB(), where);
    assertEquals(want.score(), got.best().score(), 0.0, where);
    assertEquals(String.valueOf(want.i()), got.best().a());
    assertEquals(String.valueOf(want.j()), got.best().b());
    assertEquals((long) n * (n - 1) / 2, got.counts().pairsScored());
    assertEquals(Boolean.TRUE, ResultJson.of(got).get("certified"));
  }

  static Stream<Arguments> randomCases() {
    List<Arguments> out = new ArrayList<>();
    String[] metrics = {"cosine", "dot", "l2"};
    int[][] shapes = {{2, 3}, {3, 1}, {50, 17}, {257, 64}, {130, 100}};
    int[] blocks = {0, 7, 64};
    int c = 0;
    for (int[] s : shapes) {
      for (String m : metrics) {
        int b = blocks[c % blocks.length];
        SearchOptions.Strategy st = c % 2 == 0 ? SearchOptions.Strategy.BROADCAST : SearchOptions.Strategy.SHUFFLE;
        out.add(Arguments.of(s[0], s[1], m, b, st, 1 + c % 3, 1000L + c));
        c++;
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "n={0} d={1} {2} block={3} {4} group={5}")
  @MethodSource("randomCases")
  void randomDataMatchesOracle(
      int n, int d, String metric, int block, SearchOptions.Strategy strategy, int group, long seed)
      throws Exception {
    float[][] x = gaussian(seed, n, d);
    PairsResult r = run(x, metric, block, strategy, group);
    assertMatches(Oracle.best(metric, Oracle.toDouble(x)), r, n);
    assertEquals(strategy.name().toLowerCase(), ResultJson.of(r).get("strategy"));
    // Spark's own shuffle metrics agree with the payload the job says it moved (random floats
    // barely compress; serialization adds headers)
    long payload = r.counts().bytesShuffled();
    long measured = r.counts().sparkShuffleWriteBytes();
    assertTrue(
        measured >= 0.8 * payload && measured <= 1.5 * payload + 64_000,
        "payload " + payload + " vs Spark's " + measured);
  }

  @Test
  void answerDoesNotDependOnBlockSizeOrStrategy() throws Exception {
    float[][] x = gaussian(7, 300, 33);
    Path f = tmp.resolve("same.npy");
    Npy.writeF32(f, x);
    Oracle.Best want = Oracle.best("cosine", Oracle.toDouble(x));
    for (int block : new int[] {1, 16, 37, 128, 299, 300, 1024}) {
      for (SearchOptions.Strategy s : SearchOptions.Strategy.values()) {
        PairsResult r = runFile(f.toString(), "cosine", block, s, block < 20 ? 3 : 0);
        assertMatches(want, r, x.length);
      }
    }
  }

  @Test
  void exactDuplicatesTieAtOneAndInputOrderWins() throws Exception {
    float[][] x = gaussian(11, 120, 24);
    x[90] = x[5].clone();
    x[40] = x[5].clone();
    x[70] = x[20].clone();
    for (String m : new String[] {"cosine", "l2"}) {
      PairsResult r = run(x, m, 16, SearchOptions.Strategy.SHUFFLE, 2);
      Oracle.Best want = Oracle.best(m, Oracle.toDouble(x));
      // (5, 40), (5, 90), (40, 90) and (20, 70) are exact duplicates; (5, 40) comes first
      assertEquals(5, want.i(), m);
      assertEquals(40, want.j(), m);
      assertMatches(want, r, x.length);
      assertEquals(40, r.best().indexB());
    }
  }

  @Test
  void allEqualVectorsGiveTheFirstPair() throws Exception {
    float[][] x = new float[40][9];
    for (float[] row : x) {
      java.util.Arrays.fill(row, 0.25f);
    }
    for (String m : new String[] {"cosine", "dot", "l2"}) {
      PairsResult r = run(x, m, 8, SearchOptions.Strategy.BROADCAST, 0);
      assertEquals(0, r.best().indexA(), m);
      assertEquals(1, r.best().indexB(), m);
      assertMatches(Oracle.best(m, Oracle.toDouble(x)), r, x.length);
    }
  }

  @Test
  void plantedPairIsFound() throws Exception {
    float[][] x = gaussian(3, 500, 48);
    Random r = new Random(4);
    for (int k = 0; k < 48; k++) {
      x[431][k] = x[17][k] + (float) (0.01 * r.nextGaussian());
    }
    PairsResult res = run(x, "cosine", 64, SearchOptions.Strategy.AUTO, 0);
    assertEquals(17, res.best().indexA());
    assertEquals(431, res.best().indexB());
    assertTrue(res.best().score() > 0.99);
    assertMatches(Oracle.best("cosine", Oracle.toDouble(x)), res, x.length);
  }

  @Test
  void doubleInputIsScoredFromTheDoubles() throws Exception {
    Random r = new Random(21);
    double[][] x = new double[80][13];
    for (double[] row : x) {
      for (int k = 0; k < row.length; k++) {
        row[k] = r.nextGaussian();
      }
    }
    Path f = tmp.resolve("f64.npy");
    Npy.writeF64(f, x);
    for (String m : new String[] {"cosine", "dot", "l2"}) {
      PairsResult res = runFile(f.toString(), m, 16, SearchOptions.Strategy.BROADCAST, 0);
      assertMatches(Oracle.best(m, x), res, x.length);
    }
  }

  @Test
  void hugeAndTinyMagnitudesUnderDotAndL2() throws Exception {
    float[][] x = gaussian(5, 60, 16);
    for (int i = 0; i < 60; i += 3) {
      for (int k = 0; k < 16; k++) {
        x[i][k] *= 1e18f;
      }
    }
    for (int i = 1; i < 60; i += 3) {
      for (int k = 0; k < 16; k++) {
        x[i][k] *= 1e-20f;
      }
    }
    for (String m : new String[] {"cosine", "dot", "l2"}) {
      PairsResult res = run(x, m, 8, SearchOptions.Strategy.BROADCAST, 0);
      assertMatches(Oracle.best(m, Oracle.toDouble(x)), res, x.length);
    }
  }
}
