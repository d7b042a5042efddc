package io.simpair.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes a run's outputs into the output directory so that nothing partial is left behind:
 * bulky outputs (Parquet) are written by the tasks into a hidden staging directory, moved into
 * place on {@link #commit}, and {@code result.json} is written last, atomically (temporary
 * name, then rename). The output directory is created only when something is written; {@link
 * #abort} removes the staging directory, and the output directory too when this run created it
 * and it is empty.
 */
public final class ResultWriter {
  public static final String RESULT = "result.json";
  private final Configuration conf;
  private final Path dir;
  private final boolean overwrite;
  private final Path staging;
  private final List<String> staged = new ArrayList<>();
  private boolean createdDir;

  public ResultWriter(Configuration conf, String dir, boolean overwrite) {
    this.conf = conf;
    this.dir = new Path(dir);
    this.overwrite = overwrite;
    this.staging = new Path(this.dir, ".simpair-staging-" + UUID.randomUUID());
  }

  /**
   * Fails early when the result exists and may not be replaced, or the output path is a file.
   *
   * @throws InputException naming the path
   */
  public void check() {
    try {
      FileSystem fs = dir.getFileSystem(conf);
      if (fs.exists(dir) && !fs.getFileStatus(dir).isDirectory()) {
        throw new InputException(dir + ": output path exists and is not a directory");
      }
      Path result = new Path(dir, RESULT);
      if (fs.exists(result) && !overwrite) {
        throw new InputException(result + ": exists; pass --overwrite to replace it");
      }
    } catch (IOException e) {
      throw new InputException(dir + ": cannot check the output directory: " + e.getMessage(), e);
    }
  }

  /**
   * A staging path for a named output (for example {@code threshold.parquet}); the caller
   * writes there, and {@link #commit} moves it to {@link #finalPath}.
   */
  public String stage(String name) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    if (!fs.exists(dir)) {
      fs.mkdirs(dir);
      createdDir = true;
    }
    staged.add(name);
    return new Path(staging, name).toString();
  }

  /** Where a staged output ends up. */
  public String finalPath(String name) {
    return new Path(dir, name).toString();
  }

  /** Moves staged outputs into place, then writes result.json; returns its path. */
  public String commit(Map<String, Object> json) throws IOException {
    check();
    FileSystem fs = dir.getFileSystem(conf);
    if (!fs.exists(dir)) {
      fs.mkdirs(dir);
      createdDir = true;
    }
    for (String name : staged) {
      Path from = new Path(staging, name);
      Path to = new Path(dir, name);
      if (fs.exists(to)) {
        if (!overwrite) {
          throw new InputException(to + ": exists; pass --overwrite to replace it");
        }
        fs.delete(to, true);
      }
      if (!fs.rename(from, to)) {
        throw new IOException("rename " + from + " -> " + to + " failed");
      }
    }
    fs.delete(staging, true);
    Path tmp = new Path(dir, "." + RESULT + "." + UUID.randomUUID() + ".tmp");
    Path result = new Path(dir, RESULT);
    ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    try {
      try (OutputStream out = fs.create(tmp, false)) {
        om.writeValue(out, json);
      }
      if (fs.exists(result)) {
        fs.delete(result, false);
      }
      if (!fs.rename(tmp, result)) {
        throw new IOException("rename " + tmp + " -> " + result + " failed");
      }
    } finally {
      fs.delete(tmp, false);
    }
    return result.toString();
  }

  /** Removes what a failed run staged; never throws. */
  public void abort() {
    try {
      FileSystem fs = dir.getFileSystem(conf);
      fs.delete(staging, true);
      if (createdDir && fs.exists(dir) && fs.listStatus(dir).length == 0) {
        fs.delete(dir, false);
      }
    } catch (IOException | RuntimeException e) {
      // best effort: the run already failed and says why
    }
  }
}
