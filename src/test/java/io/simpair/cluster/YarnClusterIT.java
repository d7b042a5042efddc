package io.simpair.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simpair.testutil.Answer;
import io.simpair.testutil.LocalSpark;
import io.simpair.testutil.MiniHdfs;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMApp;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * pairs on YARN, as Spark's own YARN suites run it: an in-process MiniDFSCluster and
 * MiniYARNCluster (a ResourceManager and one NodeManager whose containers are real JVMs on this
 * machine), their configuration written as core-site.xml and yarn-site.xml into a folder that
 * HADOOP_CONF_DIR names, and {@code run-cluster.sh pairs --master yarn} as a process of its own
 * with input and output on HDFS. Client and cluster deploy mode give local mode's answer (and
 * data-samples/expected.json's); bad input in cluster mode exits 2 and writes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class YarnClusterIT {
  static final Path SAMPLES = Submit.ROOT.resolve("data-samples");
  static final List<String> SEARCH = List.of("--top-k", "5", "--threshold", "0.2");
  private Path work;
  private MiniDFSCluster hdfs;
  private MiniYARNCluster yarn;
  private String root;
  private Map<String, String> env;
  private SparkSession spark;

  @BeforeAll
  void start() throws Exception {
    work = Submit.BUILD.resolve("it-yarn-" + UUID.randomUUID());
    Files.createDirectories(work);
    Configuration dfsConf = new Configuration();
    hdfs = MiniHdfs.start(dfsConf, work);
    root = MiniHdfs.root(hdfs);
    FileSystem fs = hdfs.getFileSystem();
    for (String f : new String[] {"planted-384.npy", "planted-384.ids"}) {
      fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(SAMPLES.resolve(f).toString()), new org.apache.hadoop.fs.Path("/samples/" + f));
    }

    YarnConfiguration conf = new YarnConfiguration();
    conf.set("fs.defaultFS", root);
    conf.set(YarnConfiguration.RM_HOSTNAME, "127.0.0.1");
    // small containers: 1 GiB steps on a 4 GiB node (an AM and an executor of 512m + 384m overhead each)
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, 2048);
    conf.setInt(YarnConfiguration.NM_PMEM_MB, 4096);
    conf.setInt(YarnConfiguration.NM_VCORES, 2);
    // a JVM's virtual size is far over its heap; the container's heap is what Spark sizes
    conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
    conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
    // a nearly full disk would mark the only node unhealthy and the job would wait forever
    conf.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "100.0");
    // the minicluster jar has no capacity-scheduler.xml: one queue, as Spark's YARN suites set it
    conf.set("yarn.scheduler.capacity.root.queues", "default");
    conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
    conf.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
    conf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
    conf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
    conf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
    conf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
    conf.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
    // an AM is not short of memory here: let it have the whole queue
    conf.setFloat("yarn.scheduler.capacity.maximum-am-resource-percent", 1.0f);
    // its folders (container logs, NodeManager dirs) go to target/test/data/NAME, removed in stop()
    yarn = new MiniYARNCluster(work.getFileName().toString(), 1, 1, 1);
    yarn.init(conf);
    yarn.start();
    Configuration live = yarn.getConfig();
    // the RM writes its bound port into the configuration after start() returns
    assertTrue(Submit.await(30, () -> !live.get(YarnConfiguration.RM_ADDRESS).endsWith(":0")), "the RM bound a port");
    assertTrue(Submit.await(60, () -> yarn.getResourceManager().getRMContext().getRMNodes().size() == 1), "the NodeManager registered");

    Path confDir = work.resolve("hadoop-conf");
    Files.createDirectories(confDir);
    Configuration core = new Configuration(false);
    core.set("fs.defaultFS", root);
    write(core, confDir.resolve("core-site.xml"));
    write(live, confDir.resolve("yarn-site.xml"));
    env = Map.of("HADOOP_CONF_DIR", confDir.toString(), "YARN_CONF_DIR", confDir.toString(), "SIMPAIR_EXIT_DIR", work.resolve("exit").toString());
    spark = LocalSpark.start("YarnClusterIT");
  }

  static void write(Configuration c, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      c.writeXml(out);
    }
  }

  @AfterAll
  void stop() throws Exception {
    try {
      LocalSpark.stop(spark);
    } finally {
      try {
        if (yarn != null) {
          yarn.stop();
        }
      } finally {
        if (hdfs != null) {
          hdfs.shutdown();
        }
        // containers are children of the NodeManager in this JVM: none may outlive it
        boolean ended = Submit.await(30, () -> Submit.pids(work.toString(), "java").isEmpty());
        List<Long> left = Submit.pids(work.toString(), "java");
        Submit.delete(work);
        if (yarn != null) {
          Path dir = yarn.getTestWorkDir().toPath().toAbsolutePath();
          Submit.delete(dir);
          // and target/test/data, target/test when nothing else is in them
          for (Path p = dir.getParent(); p != null && !p.equals(Submit.ROOT.resolve("target")) && p.startsWith(Submit.ROOT); p = p.getParent()) {
            try {
              Files.deleteIfExists(p);
            } catch (java.nio.file.DirectoryNotEmptyException e) {
              break;
            }
          }
        }
        assertTrue(ended, "every container ended: " + left);
      }
    }
  }

  /** run-cluster.sh's arguments for a pairs search on YARN with input and output on HDFS. */
  List<String> submit(String input, String out, String deployMode, List<String> search) {
    String javaHome = System.getProperty("java.home");
    List<String> a =
        new ArrayList<>(List.of("pairs", "--input", input, "--ids", root + "/samples/planted-384.ids", "--output", out, "--no-progress",
            "--master", "yarn", "--deploy-mode", deployMode,
            "--num-executors", "1", "--executor-cores", "1", "--executor-memory", "512m", "--driver-memory", "640m",
            "--conf", "spark.yarn.am.memory=512m",
            // the NodeManager runs in this JVM, whose environment has no JAVA_HOME for the containers
            "--conf", "spark.yarn.appMasterEnv.JAVA_HOME=" + javaHome, "--conf", "spark.executorEnv.JAVA_HOME=" + javaHome,
            "--conf", "spark.yarn.appMasterEnv.SPARK_LOCAL_IP=127.0.0.1", "--conf", "spark.executorEnv.SPARK_LOCAL_IP=127.0.0.1",
            "--conf", "spark.ui.enabled=false", "--conf", "spark.sql.shuffle.partitions=4"));
    a.addAll(search);
    return a;
  }

  private String reference;

  /** The same search in local mode on local files (computed once). */
  String reference() throws Exception {
    if (reference != null) {
      return reference;
    }
    List<String> a = new ArrayList<>(List.of("--input", SAMPLES.resolve("planted-384.npy").toString(), "--ids", SAMPLES.resolve("planted-384.ids").toString()));
    a.addAll(SEARCH);
    reference = LocalAnswer.of(spark, work.resolve("local").toString(), a);
    return reference;
  }

  /** Runs a submission to its end and checks that YARN itself saw the application end with {@code status}. */
  int runOnYarn(String label, List<String> args, FinalApplicationStatus status) throws Exception {
    Path log = work.resolve(label + ".log");
    int code = Submit.run(log, env, args.toArray(new String[0]));
    String text = Submit.read(log);
    RMApp app = application(text);
    assertTrue(Submit.await(30, () -> app.getFinalApplicationStatus() == status),
        label + ": YARN's final status " + app.getFinalApplicationStatus() + ", expected " + status + "\n" + text + containerLogs(app.getApplicationId()));
    return code;
  }

  /** The application a run-cluster.sh log says it submitted, as the ResourceManager holds it. */
  RMApp application(String log) {
    String id = log.lines().flatMap(l -> Stream.of(l.split("[^A-Za-z0-9_]"))).filter(w -> w.matches("application_\\d+_\\d+")).findFirst()
        .orElseThrow(() -> new AssertionError("no application id in the log:\n" + log));
    RMApp app = yarn.getResourceManager().getRMContext().getRMApps().get(ApplicationId.fromString(id));
    assertTrue(app != null, "the RM knows " + id);
    return app;
  }

  /** The stderr of every container of an application (the AM's and the executors'), for a failure message. */
  String containerLogs(ApplicationId id) throws IOException {
    try (Stream<Path> all = Files.walk(yarn.getTestWorkDir().toPath())) {
      return all.filter(p -> p.getFileName().toString().equals("stderr") && p.toString().contains(id.toString()))
          .map(p -> "\n--- " + p + "\n" + Submit.read(p))
          .collect(Collectors.joining());
    }
  }

  /** How many containers an application ran (its AM and its executors). */
  long containers(ApplicationId id) throws IOException {
    try (Stream<Path> all = Files.walk(yarn.getTestWorkDir().toPath())) {
      return all.filter(p -> p.getFileName().toString().equals("stderr") && p.toString().contains(id.toString())).count();
    }
  }

  void assertExpectedAnswer(String out) throws Exception {
    JsonNode r = Answer.result(spark, out);
    JsonNode expected = new ObjectMapper().readTree(SAMPLES.resolve("expected.json").toFile()).get("planted-384.npy").get("cosine");
    assertEquals(expected.get("a").asText(), r.get("best").get("a").asText());
    assertEquals(expected.get("b").asText(), r.get("best").get("b").asText());
    // expected.json's oracle sums in another order than the job's fp64 re-score
    assertEquals(expected.get("score").asDouble(), r.get("best").get("score").asDouble(), 1e-9);
    for (int i = 0; i < 5; i++) {
      assertEquals(expected.get("top5").get(i).get("a").asText(), r.get("pairs").get(i).get("a").asText(), "top-5 pair " + i);
      assertEquals(expected.get("top5").get(i).get("b").asText(), r.get("pairs").get(i).get("b").asText(), "top-5 pair " + i);
    }
    assertEquals(1000L * 999 / 2, r.get("counts").get("pairs_scored").asLong());
  }

  @Test
  void clientModeGivesTheLocalAnswer() throws Exception {
    String out = root + "/out/client";
    List<String> a = submit(root + "/samples/planted-384.npy", out, "client", SEARCH);
    Path log = work.resolve("client.log");
    assertEquals(0, runOnYarn("client", a, FinalApplicationStatus.SUCCEEDED), Submit.read(log));
    RMApp app = application(Submit.read(log));
    assertTrue(containers(app.getApplicationId()) >= 2, "an AM and an executor ran in YARN containers" + containerLogs(app.getApplicationId()));
    assertEquals(reference(), Answer.of(spark, out));
    assertExpectedAnswer(out);
  }

  @Test
  void clusterModeGivesTheLocalAnswerAndBadInputExits2() throws Exception {
    String out = root + "/out/cluster";
    List<String> a = submit(root + "/samples/planted-384.npy", out, "cluster", SEARCH);
    assertEquals(0, runOnYarn("cluster", a, FinalApplicationStatus.SUCCEEDED), Submit.read(work.resolve("cluster.log")));
    assertEquals(reference(), Answer.of(spark, out));
    assertExpectedAnswer(out);

    FileSystem fs = hdfs.getFileSystem();
    try (OutputStream o = fs.create(new org.apache.hadoop.fs.Path("/samples/bad.csv"))) {
      o.write("a,0.1,0.2\nb,0.3,nan\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    String badOut = root + "/out/bad";
    List<String> bad = submit(root + "/samples/bad.csv", badOut, "cluster", List.of());
    bad.subList(bad.indexOf("--ids"), bad.indexOf("--ids") + 2).clear();
    assertEquals(2, runOnYarn("bad", bad, FinalApplicationStatus.FAILED), Submit.read(work.resolve("bad.log")));
    for (org.apache.hadoop.fs.FileStatus f : fs.listStatus(new org.apache.hadoop.fs.Path("/out"))) {
      assertFalse(f.getPath().getName().contains("bad"), "nothing written: " + f.getPath());
    }
    String badLog = Submit.read(work.resolve("bad.log"));
    // what spark-submit itself reports (its own exit code 1, which the driver's 2 replaces)
    assertTrue(badLog.contains("finished with failed status"), badLog);
    RMApp badApp = application(badLog);
    // YARN's default of two attempts: the driver failed twice, and the code survived the retry
    assertEquals(2, badApp.getAppAttempts().size(), "attempts");
    String driverLog = containerLogs(badApp.getApplicationId());
    assertTrue(driverLog.contains("bad.csv"), "the driver named the file: " + driverLog);
  }
}
