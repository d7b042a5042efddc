package io.simpair.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simpair.cli.MainAccess;
import io.simpair.io.InputSpec;
import io.simpair.plan.SearchOptions;
import io.simpair.result.PairsResult;
import io.simpair.testutil.LocalSpark;
import io.simpair.testutil.Npy;
import io.simpair.testutil.Oracle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * generate and compare through their commands: files independent of the partitioning, the
 * answer confirmed by the exact job, the popcount kernel on the 0/1 kinds, compare.json's keys
 * and every baseline within its budget finding a duplicated pair.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GenerateCompareSparkTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private SparkSession spark;
  @TempDir Path tmp;

  @BeforeAll
  void start() {
    spark = LocalSpark.start("GenerateCompareSparkTest");
  }

  @AfterAll
  void stop() {
    LocalSpark.stop(spark);
  }

  private record Outcome(int code, String out, String err) {}

  private Outcome run(String command, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = MainAccess.run(spark, command, args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Path generate(String dir, String... args) {
    Path out = tmp.resolve(dir);
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--output";
    all[args.length + 1] = out.toString();
    Outcome o = run("generate", all);
    assertEquals(0, o.code(), o.err());
    return out;
  }

  @Test
  void filesDoNotDependOnThePartitioning() throws IOException {
    String[][] kinds = {
      {"--kind", "ov-lsd", "--n", "301", "--dim", "64", "--seed", "3"},
      {"--kind", "planted", "--n", "203", "--dim", "40", "--seed", "4"},
      {"--kind", "ov-bichromatic-msd", "--n", "97", "--n-b", "120", "--dim", "48", "--seed", "5"},
      {"--kind", "clustered", "--n", "150", "--dim", "16", "--seed", "6"},
    };
    int d = 0;
    for (String[] k : kinds) {
      Path one = generate("p1-" + d, concat(k, "--partitions", "1"));
      Path seven = generate("p7-" + d, concat(k, "--partitions", "7"));
      d++;
      assertArrayEquals(Files.readAllBytes(one.resolve("a.npy")), Files.readAllBytes(seven.resolve("a.npy")), k[1]);
      assertEquals(Files.readString(one.resolve("answer.json")), Files.readString(seven.resolve("answer.json")));
      if (k[1].equals("ov-bichromatic-msd")) {
        assertArrayEquals(Files.readAllBytes(one.resolve("b.npy")), Files.readAllBytes(seven.resolve("b.npy")));
      }
    }
  }

  @Test
  void theExactJobConfirmsEveryPlantedAnswer() throws IOException {
    String[][] kinds = {
      {"--kind", "ov-lsd", "--n", "250", "--dim", "64", "--seed", "8"},
      {"--kind", "ov-msd", "--n", "120", "--n-b", "90", "--dim", "56", "--seed", "9"},
      {"--kind", "ov-bichromatic-msd", "--n", "110", "--n-b", "100", "--dim", "48", "--seed", "10"},
      {"--kind", "planted", "--n", "220", "--dim", "128", "--seed", "11"},
      {"--kind", "clustered", "--n", "200", "--dim", "24", "--seed", "12"},
    };
    int d = 0;
    for (String[] k : kinds) {
      Path dir = generate("v-" + d++, concat(k, "--verify"));
      JsonNode ans = JSON.readTree(dir.resolve("answer.json").toFile());
      for (String key : List.of("a", "b", "index_a", "index_b", "score", "kind", "params")) {
        assertTrue(ans.has(key), key);
      }
      assertEquals(k[1], ans.get("kind").asText());
      JsonNode v = ans.get("verify");
      assertTrue(v.get("best_is_planted").asBoolean(), k[1] + ": " + v);
      assertEquals(0, v.get("other_pairs_as_good").size(), k[1] + ": " + v);
      assertEquals(ans.get("score").asDouble(), v.get("best").get("score").asDouble(), 0.0, k[1]);
      if (k[1].startsWith("ov-")) {
        PairsConfig.Builder b = PairsConfig.builder().input(new InputSpec(dir.resolve("a.npy").toString(), null, null, null, null))
            .output(tmp.resolve("unused").toString()).progress(false)
            .mode(ans.get("mode").asText().equals("least") ? SearchOptions.Mode.LEAST : SearchOptions.Mode.MOST);
        if (Files.exists(dir.resolve("b.npy"))) {
          b.inputB(new InputSpec(dir.resolve("b.npy").toString(), null, null, null, null));
        }
        PairsResult r = new PairSearchJob(b.build()).run(spark);
        assertTrue(r.plan().kernel().binary(), k[1] + " is scored by the popcount kernel: " + r.plan().kernel().reason());
      }
    }
    JsonNode gadget = JSON.readTree(tmp.resolve("v-2").resolve("answer.json").toFile());
    assertEquals(1 / Math.sqrt(2), gadget.get("score").asDouble(), 1e-15);
  }

  @Test
  void randomAnswerIsTheBruteForceBestAndParquetReadsBack() throws IOException {
    Path dir = generate("random", "--kind", "random", "--n", "180", "--dim", "12", "--seed", "13", "--format", "parquet");
    assertTrue(Files.isDirectory(dir.resolve("a.parquet")));
    JsonNode ans = JSON.readTree(dir.resolve("answer.json").toFile());
    float[][] rows = DriverRows.load(spark, new InputSpec(dir.resolve("a.parquet").toString(), null, null, null, null));
    io.simpair.generate.Instance inst = new io.simpair.generate.Instance(
        new io.simpair.generate.GeneratorSpec(io.simpair.generate.Kind.RANDOM, 180, 0, 12, 0.5, 13, 0.05));
    for (int i = 0; i < rows.length; i++) {
      assertArrayEquals(inst.row(0, i), rows[i]);
    }
    Oracle.Best best = Oracle.best("cosine", Oracle.toDouble(rows));
    assertEquals(best.i(), ans.get("index_a").asInt());
    assertEquals(best.j(), ans.get("index_b").asInt());
    assertEquals(best.score(), ans.get("score").asDouble(), 0.0);
  }

  @Test
  void generateRefusesBadArgumentsWritingNothing() {
    Path out = tmp.resolve("bad");
    assertEquals(2, run("generate", "--kind", "ov-lsd", "--n", "10", "--dim", "8", "--p", "1.5", "--output", out.toString()).code());
    assertEquals(2, run("generate", "--kind", "nope", "--n", "10", "--dim", "8", "--output", out.toString()).code());
    assertEquals(2, run("generate", "--kind", "random", "--n", "10", "--dim", "8", "--margin", "0.1", "--output", out.toString()).code());
    assertFalse(Files.exists(out));
    Outcome warn = run("generate", "--kind", "ov-lsd", "--n", "200", "--dim", "8", "--output", out.toString());
    assertEquals(0, warn.code());
    assertTrue(warn.err().contains("not << 1"), warn.err());
  }

  @Test
  void everyBaselineFindsADuplicateWithinItsBudget() throws IOException {
    Random r = new Random(21);
    int n = 240;
    float[][] dense = new float[n][32];
    float[][] bits = new float[n][128];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < 32; k++) {
        dense[i][k] = (float) r.nextGaussian();
      }
      for (int k = 0; k < 128; k++) {
        bits[i][k] = r.nextDouble() < 0.1 ? 1f : 0f;
      }
      bits[i][i % 128] = 1f;
    }
    dense[200] = dense[17].clone();
    bits[150] = bits[33].clone();
    Npy.writeF32(tmp.resolve("dense.npy"), dense);
    Npy.writeF32(tmp.resolve("bits.npy"), bits);
    check(tmp.resolve("dense.npy"), "exact,simhash,brp-lsh,performer,lowdim", n, 17, 200, "cmp-dense");
    JsonNode c = check(tmp.resolve("bits.npy"), "exact,minhash,simhash,brp-lsh", n, 33, 150, "cmp-bits");
    assertTrue(c.get("runs").toString().contains("minhash"));
    assertTrue(Files.size(tmp.resolve("cmp-bits").resolve("compare.png")) > 1000);
    assertTrue(Files.readString(tmp.resolve("cmp-bits").resolve("compare.html")).contains("minhash"));
  }

  private JsonNode check(Path input, String methods, int n, int a, int b, String dir) throws IOException {
    Outcome o = run("compare", "--input", input.toString(), "--methods", methods, "--budget", "4,16", "--output",
        tmp.resolve(dir).toString());
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("pairs_scored"), o.out());
    JsonNode c = JSON.readTree(tmp.resolve(dir).resolve("compare.json").toFile());
    assertEquals(Long.toString(a), c.get("true_best").get("a").asText());
    assertEquals(Long.toString(b), c.get("true_best").get("b").asText());
    for (String key : List.of("a", "b", "score")) {
      assertTrue(c.get("true_best").has(key));
    }
    int runs = 0;
    for (JsonNode run : c.get("runs")) {
      runs++;
      for (String key : List.of("method", "budget", "pairs_scored", "seconds", "found_best", "best_score", "recall_at_k")) {
        assertTrue(run.has(key), key + " in " + run);
      }
      assertTrue(run.get("found_best").asBoolean(), run.toString());
      if (run.get("method").asText().equals("exact")) {
        assertEquals((long) n * (n - 1) / 2, run.get("pairs_scored").asLong());
      } else {
        long cap = run.get("budget").asLong() * n;
        assertTrue(run.get("pairs_scored").asLong() <= cap, run.toString());
        assertTrue(run.get("pairs_scored").asLong() > 0, run.toString());
      }
    }
    assertEquals(1 + 2 * (methods.split(",").length - 1), runs);
    return c;
  }

  @Test
  void compareRefusesAZeroRowWritingNothing() throws IOException {
    float[][] x = new float[5][4];
    x[0][0] = 1;
    x[1][1] = 1;
    Npy.writeF32(tmp.resolve("zero.npy"), x);
    Outcome o = run("compare", "--input", tmp.resolve("zero.npy").toString(), "--methods", "exact,simhash", "--output",
        tmp.resolve("cmp-zero").toString());
    assertEquals(2, o.code());
    assertFalse(Files.exists(tmp.resolve("cmp-zero").resolve("compare.json")));
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
