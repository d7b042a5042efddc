package io.simpair.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.simpair.testutil.Answer;
import io.simpair.testutil.LocalSpark;
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
 * pairs on a real Spark standalone cluster on this machine ({@code run-cluster.sh local-cluster
 * start}: a Master and 2 Worker processes of 1 core each), submitted by run-cluster.sh with the
 * packaged jar: client deploy mode with an executor killed by pid mid-job and a task that fails
 * once; cluster deploy mode; bad input in cluster mode. Each answer is compared with the same
 * search in local mode, in this JVM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StandaloneClusterIT {
  static final String NPY = Submit.ROOT.resolve("data-samples/planted-384.npy").toString();
  private Path work;
  private Map<String, String> env;
  private String master;
  private SparkSession spark;

  @BeforeAll
  void start() throws Exception {
    work = Submit.BUILD.resolve("it-standalone-" + UUID.randomUUID());
    Files.createDirectories(work);
    env = Map.of("SIMPAIR_CLUSTER_DIR", work.resolve("cluster").toString(), "SIMPAIR_EXIT_DIR", work.resolve("exit").toString());
    Path log = work.resolve("start.log");
    int code = Submit.run(log, env, "local-cluster", "start", "--workers", "2", "--cores", "1", "--memory", "1536m");
    String out = Submit.read(log);
    assertEquals(0, code, out);
    master = out.lines().filter(l -> l.matches("spark://127\\.0\\.0\\.1:\\d+")).findFirst().orElseThrow(() -> new AssertionError(out));
    spark = LocalSpark.start("StandaloneClusterIT");
  }

  @AfterAll
  void stop() throws Exception {
    try {
      LocalSpark.stop(spark);
    } finally {
      Path log = work.resolve("stop.log");
      assertEquals(0, Submit.run(log, env, "local-cluster", "stop"), Submit.read(log));
      assertTrue(Submit.pids(work.toString()).isEmpty(), "every process of the cluster ended: " + Submit.pids(work.toString()));
      assertEquals(3, Submit.run(log, env, "local-cluster", "status"), "status says it is not running");
      Submit.delete(work);
    }
  }

  /** The same search in local mode in this JVM: the reference answer. */
  String local(List<String> search) throws Exception {
    List<String> a = new ArrayList<>(List.of("--input", NPY));
    a.addAll(search);
    return LocalAnswer.of(spark, work.resolve("local-" + UUID.randomUUID()).toString(), a);
  }

  List<String> submit(String out, String deployMode, List<String> search, String... more) {
    List<String> a =
        new ArrayList<>(List.of("pairs", "--input", NPY, "--output", out, "--no-progress", "--master", master, "--deploy-mode", deployMode,
            "--executor-memory", "640m", "--driver-memory", "640m", "--conf", "spark.ui.enabled=false",
            "--conf", "spark.sql.shuffle.partitions=4"));
    a.addAll(search);
    a.addAll(List.of(more));
    return a;
  }

  @Test
  void clientModeSurvivesAKilledExecutorAndATaskThatFailsOnce() throws Exception {
    List<String> search = List.of("--block-rows", "128", "--top-k", "5");
    Path marker = work.resolve("fault-marker");
    Files.createDirectories(marker);
    String out = work.resolve("client").toString();
    Path log = work.resolve("client.log");
    Submit s =
        Submit.start(log, env, submit(out, "client", search,
            // every task takes 3 s more (time to kill an executor while tasks run); task 1's first attempt fails
            "--conf", "spark.simpair.test.taskDelayMs=3000", "--conf", "spark.simpair.test.failTaskOnce=1",
            "--conf", "spark.simpair.test.failOnceMarker=" + marker).toArray(new String[0]));
    assertTrue(Submit.await(300, () -> Submit.read(log).contains("distribution: broadcast")), "scoring began: " + Submit.read(log));
    List<Long> executors = new ArrayList<>();
    assertTrue(Submit.await(60, () -> {
      executors.clear();
      executors.addAll(Submit.pids("CoarseGrainedExecutorBackend", work.toString()));
      return executors.size() == 2;
    }), "two executors run: " + executors);
    Thread.sleep(1500); // inside the first wave of tasks
    Submit.kill9(executors.get(0));
    int code = s.waitFor(600);
    String text = s.text();
    assertEquals(0, code, text);
    assertTrue(text.contains("Lost executor"), "the driver saw the executor go: " + text);
    assertTrue(text.contains("injected fault"), "the injected fault failed a task attempt: " + text);
    assertEquals(local(search), Answer.of(spark, out));
    JsonNode r = Answer.result(spark, out);
    // every tile once in the result: the counts equal the plan's (the job checks it too)
    assertEquals(r.get("plan").get("tiles").asLong(), r.get("counts").get("tiles").asLong());
    assertEquals(1000L * 999 / 2, r.get("counts").get("pairs_scored").asLong());
  }

  @Test
  void clusterModeGivesTheLocalAnswerAndBadInputExits2() throws Exception {
    List<String> search = List.of("--top-k", "5");
    String out = work.resolve("cluster-out").toString();
    Path log = work.resolve("cluster.log");
    assertEquals(0, Submit.run(log, env, submit(out, "cluster", search).toArray(new String[0])), Submit.read(log));
    assertEquals(local(search), Answer.of(spark, out));

    Path bad = work.resolve("bad.csv");
    Files.writeString(bad, "a,0.1,0.2\nb,0.3,nan\n");
    String badOut = work.resolve("bad-out").toString();
    List<String> a = submit(badOut, "cluster", List.of());
    a.set(a.indexOf(NPY), bad.toString());
    Path badLog = work.resolve("bad.log");
    assertEquals(2, Submit.run(badLog, env, a.toArray(new String[0])), Submit.read(badLog));
    assertFalse(Files.exists(Path.of(badOut, "result.json")), "nothing written");
  }
}
