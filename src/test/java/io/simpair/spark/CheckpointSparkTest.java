package io.simpair.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.simpair.cli.MainAccess;
import io.simpair.testutil.Answer;
import io.simpair.testutil.LocalSpark;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --checkpoint} in one JVM: a run that stopped part way (some task files gone, as after
 * a driver died) resumes with the same answer for every variant; a finished checkpoint answers
 * without scoring; a checkpoint of other input or options is refused naming what differs. The
 * driver really killed is in the cluster suite.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CheckpointSparkTest {
  static final String NPY = "data-samples/planted-384.npy";
  private SparkSession spark;
  @TempDir Path tmp;
  private int runs;

  @BeforeAll
  void start() {
    spark = LocalSpark.start("CheckpointSparkTest");
  }

  @AfterAll
  void stop() {
    LocalSpark.stop(spark);
  }

  /** Runs pairs; returns the exit code, the error text in {@code err}. */
  int run(List<String> args, StringBuilder err) {
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code =
        MainAccess.runPairs(
            spark, MainAccess.parse(args), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(e, true, StandardCharsets.UTF_8));
    err.append(e.toString(StandardCharsets.UTF_8));
    return code;
  }

  String out() {
    return tmp.resolve("out-" + runs++).toString();
  }

  List<String> args(String variant, String output, String ckpt, String... more) {
    List<String> a = new ArrayList<>(List.of("--input", NPY, "--block-rows", "128", "--output", output, "--no-progress"));
    a.addAll(Arrays.asList(variant.split(" ")));
    if (ckpt != null) {
      a.addAll(List.of("--checkpoint", ckpt));
    }
    a.addAll(Arrays.asList(more));
    return a;
  }

  void ok(List<String> args) {
    StringBuilder err = new StringBuilder();
    assertEquals(0, run(args, err), err.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"--top-k 7 --threshold 0.2 --per-row-top 3", "--strategy shuffle --top-k 5 --threshold 0.21"})
  void aRunThatStoppedPartWayResumesWithTheSameAnswer(String variant) throws Exception {
    String ckpt = tmp.resolve("ckpt-" + runs).toString();
    String first = out();
    ok(args(variant, first, ckpt));
    JsonNode r1 = Answer.result(spark, first);
    assertEquals(0, r1.get("counts").get("tiles_resumed").asLong());
    String plain = Answer.of(spark, first); // a run that resumed nothing

    // as if the driver had died with only some tasks finished: drop half of the task files
    File[] tasks = new File(ckpt, "tasks").listFiles((d, n) -> n.startsWith("task-"));
    Arrays.sort(tasks);
    assertEquals(r1.get("plan").get("tasks").asInt(), tasks.length);
    for (int i = 0; i < tasks.length; i++) {
      if (i % 2 == 0) {
        Files.delete(tasks[i].toPath());
      }
    }
    String second = out();
    ok(args(variant, second, ckpt));
    JsonNode r2 = Answer.result(spark, second);
    long resumed = r2.get("counts").get("tiles_resumed").asLong();
    assertTrue(resumed > 0 && resumed < r2.get("counts").get("tiles").asLong(), "resumed " + resumed);
    assertEquals(plain, Answer.of(spark, second));

    // a finished checkpoint: every tile resumed, nothing scored, the same answer
    String third = out();
    ok(args(variant, third, ckpt));
    JsonNode r3 = Answer.result(spark, third);
    assertEquals(r3.get("counts").get("tiles").asLong(), r3.get("counts").get("tiles_resumed").asLong());
    assertEquals(plain, Answer.of(spark, third));
  }

  @Test
  void aCheckpointOfOtherOptionsOrInputIsRefusedNamingWhatDiffers() throws Exception {
    String ckpt = tmp.resolve("ckpt-other").toString();
    ok(args("--top-k 3", out(), ckpt));
    StringBuilder err = new StringBuilder();
    String o = out();
    assertEquals(2, run(args("--top-k 4", o, ckpt), err));
    assertTrue(err.toString().contains("--top-k: the checkpoint has 3, this run 4"), err.toString());
    assertTrue(!new File(o).exists(), "nothing written");

    Path copy = tmp.resolve("copy.npy");
    Files.copy(Path.of(NPY), copy);
    err.setLength(0);
    List<String> a = args("--top-k 3", out(), ckpt);
    a.set(1, copy.toString());
    assertEquals(2, run(a, err));
    assertTrue(err.toString().contains("this run file:" + copy), err.toString());
    assertTrue(err.toString().contains("--input file 1: the checkpoint has file:" + Path.of(NPY).toAbsolutePath()), err.toString());
  }

  @Test
  void aDirectoryThatIsNotACheckpointIsRefused() throws Exception {
    Path d = tmp.resolve("not-a-ckpt");
    Files.createDirectories(d);
    Files.writeString(d.resolve("notes.txt"), "x");
    StringBuilder err = new StringBuilder();
    assertEquals(2, run(args("--top-k 3", out(), d.toString()), err));
    assertTrue(err.toString().contains("is not a simpair checkpoint"), err.toString());
  }
}
