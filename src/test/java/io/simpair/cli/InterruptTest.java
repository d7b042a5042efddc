package io.simpair.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simpair.testutil.Npy;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A pairs run in a child JVM, held at one stage (io.simpair.io.TestPause) and ended there by
 * SIGTERM or SIGINT: the exit code says it was interrupted, and the output directory holds
 * nothing the run wrote (no staging directory, no table, no result.json).
 */
class InterruptTest {
  @TempDir Path dir;

  private Path input() throws IOException {
    Random r = new Random(5);
    float[][] x = new float[300][16];
    for (float[] row : x) {
      for (int k = 0; k < row.length; k++) {
        row[k] = (float) r.nextGaussian();
      }
    }
    Path f = dir.resolve("x.npy");
    Npy.writeF32(f, x);
    return f;
  }

  /** A child JVM running {@code pairs} with a threshold and a per-row table, held at {@code point}. */
  private Process start(Path out, String point, Path marker, Path log) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-")) {
        cmd.add(a); // Spark's module options, as this JVM has them
      }
    }
    cmd.addAll(List.of(
        "-Xmx768m", "-cp", System.getProperty("java.class.path"),
        "-Dlog4j2.configurationFile=conf/log4j2.properties",
        "-Dspark.master=local[2]", "-Dspark.ui.enabled=false", "-Dspark.driver.host=127.0.0.1",
        "-Dspark.driver.bindAddress=127.0.0.1", "-Dspark.sql.shuffle.partitions=2",
        "-Dspark.serializer=org.apache.spark.serializer.KryoSerializer",
        "-Dspark.kryo.registrator=io.simpair.spark.KryoSetup", "-Dspark.kryo.registrationRequired=true",
        "-Dsimpair.test.pauseAt=" + point, "-Dsimpair.test.pauseMarker=" + marker,
        // long enough to be signalled in; short, as Spark may wait for a held task while it stops
        "-Dsimpair.test.pauseMs=20000",
        "io.simpair.cli.Main", "pairs", "--input", input().toString(), "--output", out.toString(),
        "--no-progress", "--block-rows", "128", "--threshold", "0.3", "--per-row-top", "2"));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static List<String> listing(Path out) throws IOException {
    if (!Files.exists(out)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(out)) {
      return s.filter(p -> !p.equals(out)).map(p -> out.relativize(p).toString()).sorted().toList();
    }
  }

  private void interrupt(String point, String signal, int code, boolean outExisted) throws Exception {
    Path out = dir.resolve("out-" + point + "-" + signal);
    if (outExisted) {
      Files.createDirectories(out);
      Files.writeString(out.resolve("notes.txt"), "not simpair's");
    }
    Path marker = dir.resolve("marker-" + point + "-" + signal);
    Path log = dir.resolve("log-" + point + "-" + signal);
    Process p = start(out, point, marker, log);
    try {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
      while (!Files.exists(marker) && p.isAlive() && System.nanoTime() < end) {
        Thread.sleep(100);
      }
      assertTrue(Files.exists(marker), "the run reached " + point + ":\n" + Files.readString(log));
      if (point.equals("commit")) {
        assertTrue(Files.exists(out.resolve("threshold.parquet")), "test setup: a table was moved into place");
      }
      Process k = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
      assertEquals(0, k.waitFor());
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the run ended after SIG" + signal);
      String text = Files.readString(log);
      assertEquals(code, p.exitValue(), text);
      assertEquals(outExisted ? List.of("notes.txt") : List.of(), listing(out), point + ": left behind\n" + text);
      if (!point.equals("read") && !point.equals("score")) {
        assertTrue(text.contains("interrupted before the outputs were committed"), text);
      }
    } finally {
      p.destroyForcibly();
    }
  }

  @ParameterizedTest(name = "SIGTERM at {0}")
  @CsvSource({"read", "score", "staged", "commit"})
  void sigtermAtEveryStageLeavesNothingAndExits143(String point) throws Exception {
    interrupt(point, "TERM", 143, point.equals("staged"));
  }

  @Test
  void sigintWhileTablesAreBeingCommittedExits130() throws Exception {
    // a JVM started with SIGINT ignored (a background job of a shell without job control) keeps ignoring it
    String status = Files.readString(Path.of("/proc/self/status"));
    String ign = status.lines().filter(l -> l.startsWith("SigIgn:")).findFirst().orElse("SigIgn: 0").substring(7).trim();
    Assumptions.assumeFalse((Long.parseLong(ign, 16) & 2) != 0, "SIGINT is ignored in this process tree");
    interrupt("commit", "INT", 130, false);
    assertFalse(Files.exists(dir.resolve("out-commit-INT")));
  }
}
