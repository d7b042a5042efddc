package io.simpair.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        // long enough to be signalled in while the other runs are handled one after another
        "-Dsimpair.test.pauseMs=150000",
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

  /** One run to interrupt: where it is held, the signal, the exit code expected. */
  private final class Run {
    final String point;
    final String signal;
    final int code;
    final boolean outExisted;
    final Path out;
    final Path marker;
    final Path log;
    Process process;

    Run(String point, String signal, int code, boolean outExisted) throws IOException {
      this.point = point;
      this.signal = signal;
      this.code = code;
      this.outExisted = outExisted;
      this.out = dir.resolve("out-" + point + "-" + signal);
      this.marker = dir.resolve("marker-" + point + "-" + signal);
      this.log = dir.resolve("log-" + point + "-" + signal);
      if (outExisted) {
        Files.createDirectories(out);
        Files.writeString(out.resolve("notes.txt"), "not simpair's");
      }
    }

    String what() {
      return "SIG" + signal + " at " + point;
    }

    /** Waits for the pause point, signals, and checks what is left. */
    void interruptAndCheck() throws Exception {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
      while (!Files.exists(marker) && process.isAlive() && System.nanoTime() < end) {
        Thread.sleep(100);
      }
      assertTrue(Files.exists(marker), what() + ": the run reached its point:\n" + Files.readString(log));
      if (point.equals("commit")) {
        assertTrue(Files.exists(out.resolve("threshold.parquet")), what() + ": test setup: a table was moved into place");
      }
      Process k = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
      assertEquals(0, k.waitFor());
      assertTrue(process.waitFor(120, TimeUnit.SECONDS), what() + ": the run ended");
      String text = Files.readString(log);
      assertEquals(code, process.exitValue(), what() + "\n" + text);
      assertEquals(outExisted ? List.of("notes.txt") : List.of(), listing(out), what() + ": left behind\n" + text);
      if (!point.equals("read") && !point.equals("score")) {
        assertTrue(text.contains("interrupted before the outputs were committed"), what() + "\n" + text);
      }
    }
  }

  @Test
  void signalsAtEveryStageLeaveNothingAndSayInterrupted() throws Exception {
    // while reading or scoring nothing is written yet; the Parquet tables in staging and the
    // tables already moved into place are the two things to undo
    List<Run> runs = new ArrayList<>();
    runs.add(new Run("read", "TERM", 143, false));
    runs.add(new Run("score", "TERM", 143, false));
    runs.add(new Run("commit", "TERM", 143, false));
    // a JVM started with SIGINT ignored (a background job of a shell without job control) keeps ignoring it
    String status = Files.readString(Path.of("/proc/self/status"));
    String ign = status.lines().filter(l -> l.startsWith("SigIgn:")).findFirst().orElse("SigIgn: 0").substring(7).trim();
    boolean sigintIgnored = (Long.parseLong(ign, 16) & 2) != 0;
    runs.add(sigintIgnored ? new Run("staged", "TERM", 143, true) : new Run("staged", "INT", 130, true));
    // all at once: most of each run is the JVM and Spark starting
    try {
      for (Run r : runs) {
        r.process = start(r.out, r.point, r.marker, r.log);
      }
      for (Run r : runs) {
        r.interruptAndCheck();
      }
    } finally {
      for (Run r : runs) {
        if (r.process != null) {
          r.process.destroyForcibly();
        }
      }
    }
    Assumptions.assumeFalse(sigintIgnored, "SIGINT is ignored in this process tree: SIGTERM was tried in its place");
  }
}
