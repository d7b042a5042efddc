package io.simpair.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simpair.cli.MainAccess;
import io.simpair.testutil.LocalSpark;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

/**
 * Every sample in data-samples/ under every metric, through the CLI, against the answers in
 * data-samples/expected.json (computed by an independent numpy oracle, see its README).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataSamplesSparkTest {
  private static final Path SAMPLES = Path.of("data-samples");
  private SparkSession spark;
  private JsonNode expected;
  @TempDir Path tmp;

  @BeforeAll
  void start() throws Exception {
    spark = LocalSpark.start("DataSamplesSparkTest");
    expected = new ObjectMapper().readTree(SAMPLES.resolve("expected.json").toFile());
  }

  @AfterAll
  void stop() {
    LocalSpark.stop(spark);
  }

  static Stream<Arguments> samples() {
    List<Arguments> out = new ArrayList<>();
    for (String f : new String[] {"planted-384.npy", "planted-64.csv", "spdx-bow-1024.npy"}) {
      for (String m : new String[] {"cosine", "dot", "l2"}) {
        out.add(Arguments.of(f, m));
      }
    }
    return out.stream();
  }

  JsonNode runCli(List<String> args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        MainAccess.runPairs(
            spark,
            MainAccess.parse(args),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    String dir = args.get(args.indexOf("--output") + 1);
    return new ObjectMapper().readTree(new File(dir, "result.json"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("samples")
  void sampleMatchesExpectedAnswer(String file, String metric) throws Exception {
    JsonNode want = expected.get(file).get(metric);
    List<String> args = new ArrayList<>(List.of("--input", SAMPLES.resolve(file).toString()));
    if (file.endsWith(".npy")) {
      args.addAll(List.of("--ids", SAMPLES.resolve(file.replace(".npy", ".ids")).toString()));
    }
    args.addAll(List.of("--metric", metric, "--output", tmp.resolve(file + "-" + metric).toString()));
    JsonNode got = runCli(args);
    JsonNode best = got.get("best");
    assertEquals(want.get("a").asText(), best.get("a").asText());
    assertEquals(want.get("b").asText(), best.get("b").asText());
    double w = want.get("score").asDouble();
    assertEquals(w, best.get("score").asDouble(), 1e-9 * Math.max(1, Math.abs(w)));
    assertEquals(metric, got.get("metric").asText());
    long n = got.get("documents").asLong();
    assertEquals(n * (n - 1) / 2, got.get("counts").get("pairs_scored").asLong());
    assertTrue(got.get("certified").asBoolean());
  }

  @Test
  void quickstartJobFileAnswersAsTheReadmeSays() throws Exception {
    // jobs/quickstart.properties runs this input; data-samples/README.md states the answer
    List<String> lines = Files.readAllLines(Path.of("jobs/quickstart.properties"));
    assertTrue(lines.contains("input=data-samples/planted-384.npy"), "quickstart input changed");
    String readme = Files.readString(SAMPLES.resolve("README.md"));
    assertTrue(readme.contains("doc-0137") && readme.contains("doc-0802"), "README answer");
    JsonNode got =
        runCli(
            List.of(
                "--input", "data-samples/planted-384.npy",
                "--ids", "data-samples/planted-384.ids",
                "--output", tmp.resolve("quick").toString()));
    assertEquals("doc-0137", got.get("best").get("a").asText());
    assertEquals("doc-0802", got.get("best").get("b").asText());
  }

  @Test
  void withoutIdsTheRowNumbersAreTheIds() throws Exception {
    JsonNode want = expected.get("planted-384.npy").get("cosine");
    JsonNode got =
        runCli(
            List.of(
                "--input", "data-samples/planted-384.npy",
                "--output", tmp.resolve("rows").toString()));
    assertEquals(want.get("a_row").asText(), got.get("best").get("a").asText());
    assertEquals(want.get("b_row").asText(), got.get("best").get("b").asText());
  }
}
