package io.simpair.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Puts a run's outputs into one output directory (local or any Hadoop URI) so that a failed run
 * leaves nothing partial behind. Three kinds of output:
 *
 * <ul>
 *   <li>staged directories ({@link #stage}): bulky outputs such as Parquet, written by tasks
 *       into a hidden staging directory {@code .simpair-staging-<uuid>} inside the output
 *       directory, and moved into place on commit;
 *   <li>small files given as bytes ({@link #put}, {@link #putJson}), written on commit under
 *       temporary names {@code .<name>.<uuid>.tmp}, then renamed into place;
 *   <li>the final document {@link #RESULT} ({@link #commit(Map)}), renamed into place last, so
 *       whoever sees it sees every other output of the run.
 * </ul>
 *
 * <p>An existing output is replaced only with {@code overwrite}. {@link #abort} removes what a
 * failed run left (the staging directory, temporary files, outputs already moved by an
 * unfinished commit), and the output directory too when it did not exist before this commit
 * first looked at it and is empty. From the moment a commit first writes into the output
 * directory until it commits or aborts, a JVM shutdown hook aborts it: a run ended by SIGTERM or
 * SIGINT (the JVM then exits with 143 or 130) leaves nothing partial either. One instance
 * serves one run, on one thread (the hook excepted, which takes the same lock).
 */
public final class OutputCommit {
  /** The final document of a pairs run. */
  public static final String RESULT = "result.json";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final Configuration conf;
  private final Path dir;
  private final boolean overwrite;
  private final List<String> guarded;
  private final String tag = UUID.randomUUID().toString();
  private final Path staging;
  private final List<String> staged = new ArrayList<>();
  private final Map<String, byte[]> files = new LinkedHashMap<>();
  /** Whether the output directory existed when this commit first looked; null before. */
  private Boolean existed;
  /** Outputs and temporary files a commit in progress has put into the output directory. */
  private final List<Path> placed = new ArrayList<>();
  /** Set once {@link #RESULT} (or the last file) is in place, or once aborted. */
  private boolean finished;
  private Runnable hook;
  /** Hadoop's order: above its file systems' closing (10), below Spark's own shutdown (40). */
  static final int SHUTDOWN_PRIORITY = 20;

  /**
   * A commit into {@code dir}; nothing is touched until {@link #check}, {@link #stage} or a
   * commit.
   *
   * @param conf resolves {@code dir}'s file system
   * @param dir the output directory; created when something is staged or committed
   * @param overwrite whether existing outputs may be replaced
   * @param guarded names in {@code dir} that {@link #check} refuses to find without {@code
   *     overwrite}, in the order they are checked
   */
  public OutputCommit(Configuration conf, String dir, boolean overwrite, List<String> guarded) {
    this.conf = conf;
    this.dir = new Path(dir);
    this.overwrite = overwrite;
    this.guarded = List.copyOf(guarded);
    this.staging = new Path(this.dir, ".simpair-staging-" + tag);
  }

  /** A commit of a pairs run: its final document {@link #RESULT} is the guarded name. */
  public static OutputCommit forResult(Configuration conf, String dir, boolean overwrite) {
    return new OutputCommit(conf, dir, overwrite, List.of(RESULT));
  }

  /**
   * Fails early, before any work is done, when the output path is a file or a guarded name
   * exists without {@code overwrite}. A commit checks again.
   *
   * @throws InputException {@code "<dir>: output path exists and is not a directory"}, {@code
   *     "<dir>/<name>: exists; pass --overwrite to replace it"} for the first such guarded name,
   *     or {@code "<dir>: cannot check the output directory: ..."}
   */
  public void check() {
    try {
      FileSystem fs = dir.getFileSystem(conf);
      boolean exists = look(fs);
      if (exists && !fs.getFileStatus(dir).isDirectory()) {
        throw new InputException(dir + ": output path exists and is not a directory");
      }
      for (String name : guarded) {
        refuseExisting(fs, new Path(dir, name));
      }
    } catch (IOException e) {
      throw new InputException(dir + ": cannot check the output directory: " + e.getMessage(), e);
    }
  }

  /**
   * Where tasks write the named output (for example {@code threshold.parquet}); a commit moves
   * it to {@link #finalPath}. Creates the output directory if needed.
   */
  public String stage(String name) throws IOException {
    ensureDir();
    staged.add(name);
    return new Path(staging, name).toString();
  }

  /** Where a staged output is before the commit (read back by a later stage of the same run). */
  public String stagedPath(String name) {
    if (!staged.contains(name)) {
      throw new IllegalStateException(name + " was not staged");
    }
    return new Path(staging, name).toString();
  }

  /** Drops a staged output: it was only needed within the run (a dry run's pairs). */
  public void discard(String name) throws IOException {
    if (staged.remove(name)) {
      Path p = new Path(staging, name);
      p.getFileSystem(conf).delete(p, true);
    }
  }

  /** Where a named output ends up: {@code <dir>/<name>}. */
  public String finalPath(String name) {
    return new Path(dir, name).toString();
  }

  /** A small file to write on commit, after the staged outputs, in the order of the calls. */
  public void put(String name, byte[] content) {
    files.put(name, content.clone());
  }

  /** {@link #put} of {@code value} as indented JSON (UTF-8). */
  public void putJson(String name, Object value) throws IOException {
    put(name, JSON.writeValueAsBytes(value));
  }

  /**
   * Checks again ({@link #check}), then moves the staged outputs into place, then writes the
   * small files under temporary names and renames them into place in order. An existing output
   * is deleted first when {@code overwrite} is set.
   *
   * @throws InputException as {@link #check}, or {@code "<path>: exists; pass --overwrite to
   *     replace it"} for a staged output or small file that exists
   * @throws IOException when a write or rename fails (outputs moved before it stay moved until
   *     {@link #abort}); a refusal ({@code InputException}) comes before anything is moved
   */
  public void commit() throws IOException {
    check();
    FileSystem fs = ensureDir();
    // every target is checked before anything moves, so a refusal leaves the directory as it was
    for (String name : staged) {
      refuseExisting(fs, new Path(dir, name));
    }
    for (String name : files.keySet()) {
      refuseExisting(fs, new Path(dir, name));
    }
    for (String name : staged) {
      Path to = new Path(dir, name);
      synchronized (this) {
        refuseIfFinished();
        fs.delete(to, true);
        rename(fs, new Path(staging, name), to);
        placed.add(to);
      }
      dropChecksums(fs, to);
    }
    fs.delete(staging, true);
    TestPause.at("commit");
    // small files go through the raw file system: a local one would leave a .crc beside each
    FileSystem raw = fs instanceof ChecksumFileSystem c ? c.getRawFileSystem() : fs;
    Map<Path, Path> moves = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        Path tmp = new Path(dir, "." + e.getKey() + "." + tag + ".tmp");
        synchronized (this) {
          refuseIfFinished();
          placed.add(tmp);
        }
        try (OutputStream out = raw.create(tmp, false)) {
          out.write(e.getValue());
        }
        moves.put(tmp, new Path(dir, e.getKey()));
      }
      int left = moves.size();
      for (Map.Entry<Path, Path> m : moves.entrySet()) {
        synchronized (this) {
          refuseIfFinished();
          fs.delete(m.getValue(), false);
          rename(raw, m.getKey(), m.getValue());
          placed.add(m.getValue());
          if (--left == 0) {
            finished = true; // the last file, RESULT for a pairs run, is in place: committed
          }
        }
      }
      synchronized (this) {
        finished = true;
      }
      disarm();
    } finally {
      for (Path tmp : moves.keySet()) {
        raw.delete(tmp, false);
      }
    }
  }

  /**
   * Removes the checksum sidecars ({@code .name.crc}) that a local file system's writers (the
   * Parquet tasks) left in a committed output: they only confuse whoever lists the directory.
   */
  private static void dropChecksums(FileSystem fs, Path output) throws IOException {
    if (!(fs instanceof ChecksumFileSystem c) || !fs.getFileStatus(output).isDirectory()) {
      return;
    }
    FileSystem raw = c.getRawFileSystem();
    RemoteIterator<LocatedFileStatus> it = raw.listFiles(output, true);
    List<Path> sidecars = new ArrayList<>();
    while (it.hasNext()) {
      Path p = it.next().getPath();
      if (ChecksumFileSystem.isChecksumFile(p)) {
        sidecars.add(p);
      }
    }
    for (Path p : sidecars) {
      raw.delete(p, false);
    }
  }

  /**
   * {@link #commit()} with {@code result} as the final document {@link #RESULT} (indented
   * JSON), renamed into place after everything else.
   *
   * @return the path of {@link #RESULT}
   */
  public String commit(Map<String, Object> result) throws IOException {
    files.remove(RESULT); // re-inserted so that it is the last file renamed
    putJson(RESULT, result);
    commit();
    return finalPath(RESULT);
  }

  /**
   * Removes what a failed run left: the staging directory (temporary files never outlive a
   * commit), and the output directory when it did not exist before and is empty now. Never
   * throws: the run has failed already and says why.
   */
  public void abort() {
    abortUnlessCommitted();
    disarm();
  }

  /** The shutdown hook's and {@link #abort}'s work; true when something was left to remove. */
  private synchronized boolean abortUnlessCommitted() {
    if (finished) {
      return false;
    }
    finished = true;
    boolean removed = false;
    try {
      FileSystem fs = dir.getFileSystem(conf);
      FileSystem raw = fs instanceof ChecksumFileSystem c ? c.getRawFileSystem() : fs;
      for (Path p : placed) {
        removed |= raw.delete(p, true);
      }
      removed |= fs.delete(staging, true);
      if (Boolean.FALSE.equals(existed) && fs.exists(dir) && fs.listStatus(dir).length == 0) {
        removed |= fs.delete(dir, false);
      }
    } catch (IOException | RuntimeException e) {
      // best effort
    }
    return removed;
  }

  /** From the first write into the output directory: abort if the JVM ends before a commit. */
  private synchronized void arm() {
    if (hook != null || finished) {
      return;
    }
    hook =
        () -> {
          if (abortUnlessCommitted()) {
            sweepStaging();
            System.err.println("simpair: interrupted before the outputs were committed: removed what was written in " + dir);
          }
        };
    org.apache.hadoop.util.ShutdownHookManager.get().addShutdownHook(hook, SHUTDOWN_PRIORITY);
  }

  private synchronized void disarm() {
    if (hook == null) {
      return;
    }
    try {
      org.apache.hadoop.util.ShutdownHookManager.get().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down already: the hook finds the commit finished and does nothing
    }
    hook = null;
  }

  /** A task thread still ending when Spark stopped may write one more file into the staging directory. */
  private void sweepStaging() {
    try {
      FileSystem fs = dir.getFileSystem(conf);
      for (int i = 0; i < 10; i++) {
        Thread.sleep(100);
        if (fs.exists(staging)) {
          fs.delete(staging, true);
        }
      }
      if (Boolean.FALSE.equals(existed) && fs.exists(dir) && fs.listStatus(dir).length == 0) {
        fs.delete(dir, false);
      }
    } catch (IOException | RuntimeException e) {
      // best effort
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void refuseIfFinished() throws IOException {
    if (finished) {
      throw new IOException(dir + ": the commit was aborted (the JVM is shutting down)");
    }
  }

  /** Whether the output directory exists; the first answer is remembered for {@link #abort}. */
  private boolean look(FileSystem fs) throws IOException {
    boolean exists = fs.exists(dir);
    if (existed == null) {
      existed = exists;
    }
    return exists;
  }

  private FileSystem ensureDir() throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    arm();
    if (!look(fs)) {
      fs.mkdirs(dir);
    }
    return fs;
  }

  private void refuseExisting(FileSystem fs, Path p) throws IOException {
    if (!overwrite && fs.exists(p)) {
      throw new InputException(p + ": exists; pass --overwrite to replace it");
    }
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("rename " + from + " -> " + to + " failed");
    }
  }
}
