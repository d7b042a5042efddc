package io.simpair.io;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OutputCommit on the local file system (no Spark). */
class OutputCommitTest {
  @TempDir Path tmp;

  private Path out() {
    return tmp.resolve("out");
  }

  private OutputCommit commit(boolean overwrite) {
    return OutputCommit.forResult(new Configuration(), out().toString(), overwrite);
  }

  /** What a task would write into a staged output. */
  private static void writeStaged(String staged, String content) throws IOException {
    Path d = Files.createDirectories(Path.of(staged));
    Files.writeString(d.resolve("part-0"), content);
  }

  /** Everything below {@code dir} whose name starts with a dot, but for Hadoop's checksums. */
  private static List<String> hidden(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.map(p -> dir.relativize(p).toString())
          .filter(p -> (p.startsWith(".") || p.contains("/.")) && !p.endsWith(".crc"))
          .toList();
    }
  }

  private static Map<String, Object> json(Object x) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("x", x);
    return m;
  }

  @Test
  void commitMovesStagedOutputsWritesSmallFilesAndTheResult() throws IOException {
    OutputCommit c = commit(false);
    c.check();
    assertFalse(Files.exists(out()), "check creates nothing");
    String staged = c.stage("pairs.parquet");
    assertTrue(staged.startsWith(out() + "/.simpair-staging-"), staged);
    writeStaged(staged, "rows");
    c.put("notes.txt", "hello".getBytes(StandardCharsets.UTF_8));
    c.putJson("extra.json", List.of(1, 2));

    String result = c.commit(json(1));

    assertEquals(out().resolve("result.json").toString(), result);
    assertEquals(c.finalPath(OutputCommit.RESULT), result);
    assertEquals("{\n  \"x\" : 1\n}", Files.readString(out().resolve("result.json")));
    assertEquals("rows", Files.readString(out().resolve("pairs.parquet/part-0")));
    assertEquals(c.finalPath("pairs.parquet"), out().resolve("pairs.parquet").toString());
    assertEquals("hello", Files.readString(out().resolve("notes.txt")));
    assertEquals("[ 1, 2 ]", Files.readString(out().resolve("extra.json")));
    assertEquals(List.of(), hidden(out()), "no staging or temporary files left");
  }

  @Test
  void abortLeavesNothingInADirectoryItCreated() throws IOException {
    OutputCommit c = commit(false);
    c.check();
    writeStaged(c.stage("pairs.parquet"), "rows");
    c.put("notes.txt", new byte[] {1});
    c.abort();
    assertFalse(Files.exists(out()), "the output directory this run created is gone");
  }

  @Test
  void abortKeepsADirectoryThatExistedAndWhatWasInIt() throws IOException {
    Files.createDirectories(out());
    Files.writeString(out().resolve("mine.txt"), "keep");
    OutputCommit c = commit(false);
    c.check();
    writeStaged(c.stage("pairs.parquet"), "rows");
    c.abort();
    assertEquals("keep", Files.readString(out().resolve("mine.txt")));
    assertEquals(List.of(), hidden(out()));
    try (Stream<Path> s = Files.list(out())) {
      assertEquals(List.of(out().resolve("mine.txt")), s.toList());
    }
    Files.delete(out().resolve("mine.txt"));
    OutputCommit again = commit(false);
    again.check();
    again.abort();
    assertTrue(Files.isDirectory(out()), "an empty directory that existed before stays");
  }

  @Test
  void anExistingResultIsRefusedWithoutOverwriteAndReplacedWithIt() throws IOException {
    Files.createDirectories(out());
    Files.writeString(out().resolve("result.json"), "old");
    InputException e = assertThrows(InputException.class, () -> commit(false).check());
    assertEquals(out().resolve("result.json") + ": exists; pass --overwrite to replace it", e.getMessage());
    assertEquals("old", Files.readString(out().resolve("result.json")));

    OutputCommit c = commit(true);
    c.check();
    c.commit(json(2));
    assertEquals("{\n  \"x\" : 2\n}", Files.readString(out().resolve("result.json")));
  }

  @Test
  void guardedNamesAreCheckedInOrder() throws IOException {
    Files.createDirectories(out());
    Files.writeString(out().resolve("b.json"), "");
    Files.writeString(out().resolve("a.csv"), "");
    OutputCommit c = new OutputCommit(new Configuration(), out().toString(), false, List.of("a.csv", "b.json"));
    InputException e = assertThrows(InputException.class, c::check);
    assertEquals(out().resolve("a.csv") + ": exists; pass --overwrite to replace it", e.getMessage());
  }

  @Test
  void anOutputPathThatIsAFileIsRefused() throws IOException {
    Files.writeString(out(), "a file");
    OutputCommit c = commit(true);
    InputException e = assertThrows(InputException.class, c::check);
    assertEquals(out() + ": output path exists and is not a directory", e.getMessage());
    assertDoesNotThrow(c::abort);
    assertEquals("a file", Files.readString(out()));
  }

  @Test
  void anExistingStagedOutputFailsTheCommitBeforeTheResult() throws IOException {
    Files.createDirectories(out().resolve("pairs.parquet"));
    Files.writeString(out().resolve("pairs.parquet/part-0"), "old rows");
    OutputCommit c = commit(false);
    c.check();
    writeStaged(c.stage("pairs.parquet"), "new rows");
    InputException e = assertThrows(InputException.class, () -> c.commit(json(3)));
    assertEquals(out().resolve("pairs.parquet") + ": exists; pass --overwrite to replace it", e.getMessage());
    c.abort();
    assertFalse(Files.exists(out().resolve("result.json")));
    assertEquals("old rows", Files.readString(out().resolve("pairs.parquet/part-0")));
    assertEquals(List.of(), hidden(out()));
  }

  @Test
  void overwriteReplacesStagedOutputsAndSmallFiles() throws IOException {
    Files.createDirectories(out().resolve("pairs.parquet"));
    Files.writeString(out().resolve("pairs.parquet/part-0"), "old rows");
    Files.writeString(out().resolve("pairs.parquet/part-1"), "old rows");
    Files.writeString(out().resolve("notes.txt"), "old");
    OutputCommit c = commit(true);
    c.check();
    writeStaged(c.stage("pairs.parquet"), "new rows");
    c.put("notes.txt", "new".getBytes(StandardCharsets.UTF_8));
    c.commit();
    assertEquals("new rows", Files.readString(out().resolve("pairs.parquet/part-0")));
    assertFalse(Files.exists(out().resolve("pairs.parquet/part-1")), "the old output is replaced, not merged");
    assertEquals("new", Files.readString(out().resolve("notes.txt")));
    assertFalse(Files.exists(out().resolve("result.json")), "commit() writes no final document");
  }

  @Test
  void aSmallFileThatCannotBeReplacedLeavesNoResultAndNoTemporaries() throws IOException {
    // a non-empty directory where a small file goes: the rename step fails
    Files.createDirectories(out().resolve("notes.txt"));
    Files.writeString(out().resolve("notes.txt/inside"), "x");
    OutputCommit c = commit(true);
    c.check();
    c.put("notes.txt", new byte[] {1});
    assertThrows(IOException.class, () -> c.commit(json(4)));
    c.abort();
    assertFalse(Files.exists(out().resolve("result.json")), "the result is renamed last");
    assertEquals(List.of(), hidden(out()));
  }

  /** Every file below {@code dir} that is a Hadoop checksum sidecar. */
  private static List<String> checksums(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.map(p -> dir.relativize(p).toString()).filter(p -> p.endsWith(".crc")).toList();
    }
  }

  @Test
  void noChecksumSidecarsAreLeftInTheOutput() throws IOException {
    OutputCommit c = commit(false);
    String staged = c.stage("pairs.parquet");
    // written as Spark's tasks write on a local file system: with a .part-0.crc beside it
    org.apache.hadoop.fs.FileSystem local = org.apache.hadoop.fs.FileSystem.getLocal(new Configuration());
    try (var o = local.create(new org.apache.hadoop.fs.Path(staged, "part-0"))) {
      o.write("rows".getBytes(StandardCharsets.UTF_8));
    }
    assertFalse(checksums(Path.of(staged)).isEmpty(), "test setup: the local file system writes sidecars");
    c.put("extra.txt", "x".getBytes(StandardCharsets.UTF_8));
    c.commit(json(1));
    assertEquals(List.of(), checksums(out()));
    assertEquals("rows", Files.readString(out().resolve("pairs.parquet/part-0")));
    assertTrue(Files.exists(out().resolve(OutputCommit.RESULT)));
  }

  @Test
  void aRefusedTargetMovesNothing() throws IOException {
    Files.createDirectories(out().resolve("second.parquet"));
    OutputCommit c = commit(false);
    writeStaged(c.stage("first.parquet"), "a");
    writeStaged(c.stage("second.parquet"), "b");
    InputException e = assertThrows(InputException.class, () -> c.commit(json(1)));
    assertTrue(e.getMessage().contains("second.parquet: exists; pass --overwrite"), e.getMessage());
    assertFalse(Files.exists(out().resolve("first.parquet")), "nothing moved before the refusal");
    assertFalse(Files.exists(out().resolve(OutputCommit.RESULT)));
    c.abort();
    assertEquals(List.of(), hidden(out()));
  }
}
