package io.simpair.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.simpair.testutil.Answer;
import io.simpair.testutil.LocalSpark;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The driver process SIGKILLed by pid while tiles are scored, with {@code --checkpoint}: the same
 * command run again resumes (skips the finished tasks, {@code tiles_resumed > 0}) and gives the
 * answer of an uninterrupted run, for top-k, threshold and per-row outputs together.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DriverRestartIT {
  static final String NPY = Submit.ROOT.resolve("data-samples/planted-384.npy").toString();
  static final List<String> SEARCH =
      List.of("--block-rows", "128", "--top-k", "5", "--threshold", "0.2", "--per-row-top", "2");
  private Path work;
  private SparkSession spark;

  @BeforeAll
  void start() throws Exception {
    work = Submit.BUILD.resolve("it-restart-" + UUID.randomUUID());
    Files.createDirectories(work);
    spark = LocalSpark.start("DriverRestartIT");
  }

  @AfterAll
  void stop() throws Exception {
    try {
      LocalSpark.stop(spark);
    } finally {
      Submit.delete(work);
    }
  }

  String[] submit(String out, String ckpt, String... more) {
    List<String> a =
        new ArrayList<>(List.of("pairs", "--input", NPY, "--output", out, "--no-progress", "--checkpoint", ckpt,
            "--master", "local[2]", "--driver-memory", "1g", "--conf", "spark.ui.enabled=false",
            "--conf", "spark.sql.shuffle.partitions=4"));
    a.addAll(SEARCH);
    a.addAll(List.of(more));
    return a.toArray(new String[0]);
  }

  @Test
  void aRerunAfterTheDriverWasKilledResumesWithTheSameAnswer() throws Exception {
    String ckpt = work.resolve("ckpt").toString();
    String out = work.resolve("out").toString();
    Path log1 = work.resolve("killed.log");
    // each task 4 s longer: 4 tasks on 2 cores, time to kill the driver between the waves
    Submit s = Submit.start(log1, Map.of(), submit(out, ckpt, "--conf", "spark.simpair.test.taskDelayMs=4000"));
    File tasks = new File(ckpt, "tasks");
    assertTrue(
        Submit.await(300, () -> {
          String[] f = tasks.list((d, n) -> n.startsWith("task-"));
          return f != null && f.length >= 1;
        }),
        "a task was stored: " + s.text());
    Submit.kill9(s.process.pid());
    int killed = s.waitFor(60);
    assertNotEquals(0, killed, "the driver was killed: " + s.text());
    assertFalse(Files.exists(Path.of(out, "result.json")), "the killed run wrote no result");
    int stored = tasks.list((d, n) -> n.startsWith("task-")).length;
    assertTrue(stored < 4, "killed before the last task finished: " + stored);

    Path log2 = work.resolve("rerun.log");
    assertEquals(0, Submit.run(log2, Map.of(), submit(out, ckpt)), Submit.read(log2));
    JsonNode r = Answer.result(spark, out);
    long resumed = r.get("counts").get("tiles_resumed").asLong();
    assertTrue(resumed > 0 && resumed < r.get("counts").get("tiles").asLong(), "resumed " + resumed + " tiles");
    assertTrue(Submit.read(log2).contains("resuming the other"), Submit.read(log2));
    assertEquals(reference(), Answer.of(spark, out));
  }

  /** The same search, uninterrupted, without a checkpoint, in this JVM. */
  String reference() throws Exception {
    List<String> a = new ArrayList<>(List.of("--input", NPY));
    a.addAll(SEARCH);
    return LocalAnswer.of(spark, work.resolve("reference").toString(), a);
  }
}
