package io.simpair.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * run-cluster.sh as a process of its own, with the packaged jar (no rebuild), its output in a
 * log file; and the processes of a local cluster found by their command lines.
 */
final class Submit {
  static final Path ROOT = Path.of("").toAbsolutePath();
  static final Path BUILD = Path.of(System.getProperty("simpair.buildDir", "target")).toAbsolutePath();

  final Process process;
  final Path log;

  private Submit(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code run-cluster.sh args...}; stdout and stderr go to {@code log}. */
  static Submit start(Path log, Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ROOT.resolve("run-cluster.sh").toString());
    cmd.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().put("SIMPAIR_NO_BUILD", "1");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().remove("SPARK_HOME");
    pb.environment().putAll(env);
    return new Submit(pb.start(), log);
  }

  /** Runs to the end; returns the exit code. */
  static int run(Path log, Map<String, String> env, String... args) throws Exception {
    Submit s = start(log, env, args);
    return s.waitFor(600);
  }

  int waitFor(int seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("run-cluster.sh did not end in " + seconds + " s; log:\n" + text());
    }
    return process.exitValue();
  }

  String text() {
    return read(log);
  }

  static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Waits up to {@code seconds} for {@code done}; false when it never held. */
  static boolean await(int seconds, BooleanSupplier done) throws InterruptedException {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      if (done.getAsBoolean()) {
        return true;
      }
      Thread.sleep(200);
    }
    return done.getAsBoolean();
  }

  /** Pids of live processes whose command line has every one of {@code parts}. */
  static List<Long> pids(String... parts) {
    List<Long> out = new ArrayList<>();
    File[] procs = new File("/proc").listFiles((d, n) -> n.chars().allMatch(Character::isDigit));
    if (procs == null) {
      return out;
    }
    for (File p : procs) {
      String cmd;
      try {
        cmd = new String(Files.readAllBytes(p.toPath().resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
      } catch (IOException e) {
        continue;
      }
      if (Arrays.stream(parts).allMatch(cmd::contains)) {
        out.add(Long.parseLong(p.getName()));
      }
    }
    return out;
  }

  /** Removes a test's work folder (the processes that wrote it have ended); best effort. */
  static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      System.err.println("could not remove " + dir + ": " + e);
    }
  }

  /** SIGKILL, as the kernel's OOM killer or a lost machine would. */
  static void kill9(long pid) throws Exception {
    Process k = new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start();
    if (k.waitFor() != 0) {
      throw new AssertionError("kill -9 " + pid + " failed");
    }
  }
}
