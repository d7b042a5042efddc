package io.simpair.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes {@code result.json} into the output directory atomically: to a hidden temporary name,
 * then renamed. The directory is created only when the result is written, so a failed run
 * leaves nothing behind.
 */
public final class ResultWriter {
  public static final String RESULT = "result.json";
  private final Configuration conf;
  private final Path dir;
  private final boolean overwrite;

  public ResultWriter(Configuration conf, String dir, boolean overwrite) {
    this.conf = conf;
    this.dir = new Path(dir);
    this.overwrite = overwrite;
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

  /** Writes the result; returns its path. */
  public String write(Map<String, Object> json) throws IOException {
    check();
    FileSystem fs = dir.getFileSystem(conf);
    fs.mkdirs(dir);
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
}
