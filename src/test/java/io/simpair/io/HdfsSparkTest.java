package io.simpair.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simpair.cli.MainAccess;
import io.simpair.testutil.LocalSpark;
import io.simpair.testutil.MiniHdfs;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Input and output on hdfs:// (an in-process MiniDFSCluster, one NameNode and one DataNode). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HdfsSparkTest {
  @TempDir static Path base;
  private MiniDFSCluster hdfs;
  private SparkSession spark;
  private String root;

  @BeforeAll
  void start() throws Exception {
    hdfs = MiniHdfs.start(new Configuration(), base);
    root = MiniHdfs.root(hdfs);
    spark = LocalSpark.start("HdfsSparkTest");
    FileSystem fs = hdfs.getFileSystem();
    for (String f : new String[] {"planted-384.npy", "planted-384.ids", "planted-64.csv"}) {
      fs.copyFromLocalFile(
          new org.apache.hadoop.fs.Path(Path.of("data-samples", f).toAbsolutePath().toString()),
          new org.apache.hadoop.fs.Path("/samples/" + f));
    }
  }

  @AfterAll
  void stop() {
    try {
      LocalSpark.stop(spark);
    } finally {
      if (hdfs != null) {
        hdfs.shutdown();
      }
    }
  }

  int run(List<String> args, ByteArrayOutputStream err) {
    return MainAccess.runPairs(
        spark,
        MainAccess.parse(args),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void readsNpyAndIdsFromHdfsAndWritesTheResultThere() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        run(
            List.of(
                "--input", root + "/samples/planted-384.npy",
                "--ids", root + "/samples/planted-384.ids",
                "--output", root + "/out/npy", "--no-progress"),
            err);
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    FileSystem fs = hdfs.getFileSystem();
    try (InputStream in = fs.open(new org.apache.hadoop.fs.Path("/out/npy/result.json"))) {
      JsonNode r = new ObjectMapper().readTree(in);
      assertEquals("doc-0137", r.get("best").get("a").asText());
      assertEquals("doc-0802", r.get("best").get("b").asText());
      assertEquals(499500, r.get("counts").get("pairs_scored").asLong());
    }
  }

  @Test
  void readsCsvFromHdfsWithThresholdOutput() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        run(
            List.of(
                "--input", root + "/samples/planted-64.csv", "--threshold", "0.9",
                "--output", root + "/out/csv", "--no-progress"),
            err);
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    FileSystem fs = hdfs.getFileSystem();
    try (InputStream in = fs.open(new org.apache.hadoop.fs.Path("/out/csv/result.json"))) {
      JsonNode r = new ObjectMapper().readTree(in);
      assertEquals("item-059", r.get("best").get("a").asText());
      assertEquals(1, r.get("threshold").get("pairs").asLong());
      assertEquals(1, spark.read().parquet(r.get("threshold").get("path").asText()).count());
    }
  }

  @Test
  void inputCheckpointAndOutputOnHdfsResumeWithTheSameAnswer() throws Exception {
    List<String> search =
        List.of("--input", root + "/samples/planted-384.npy", "--block-rows", "128", "--top-k", "3", "--threshold", "0.2",
            "--checkpoint", root + "/ckpt/a", "--no-progress");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> first = new java.util.ArrayList<>(search);
    first.addAll(List.of("--output", root + "/out/ckpt-1"));
    assertEquals(0, run(first, err), err.toString(StandardCharsets.UTF_8));
    FileSystem fs = hdfs.getFileSystem();
    org.apache.hadoop.fs.FileStatus[] tasks = fs.listStatus(new org.apache.hadoop.fs.Path("/ckpt/a/tasks"));
    assertEquals(4, tasks.length, "one file a task, no temporary left");
    fs.delete(tasks[1].getPath(), false); // as if the driver had died before task 1 was stored
    fs.delete(tasks[3].getPath(), false);
    List<String> second = new java.util.ArrayList<>(search);
    second.addAll(List.of("--output", root + "/out/ckpt-2"));
    assertEquals(0, run(second, err), err.toString(StandardCharsets.UTF_8));
    try (InputStream in = fs.open(new org.apache.hadoop.fs.Path("/out/ckpt-2/result.json"))) {
      JsonNode r = new ObjectMapper().readTree(in);
      long resumed = r.get("counts").get("tiles_resumed").asLong();
      assertTrue(resumed > 0 && resumed < r.get("counts").get("tiles").asLong(), "resumed " + resumed);
    }
    assertEquals(
        io.simpair.testutil.Answer.of(spark, root + "/out/ckpt-1"), io.simpair.testutil.Answer.of(spark, root + "/out/ckpt-2"));
  }

  @Test
  void missingHdfsInputIsAnInputErrorAndWritesNothing() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        run(List.of("--input", root + "/nope.npy", "--output", root + "/out/none", "--no-progress"), err);
    assertEquals(2, code);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("nope.npy"));
    try {
      assertFalse(hdfs.getFileSystem().exists(new org.apache.hadoop.fs.Path("/out/none")));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
