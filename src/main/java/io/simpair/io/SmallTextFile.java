package io.simpair.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The lines of one small text file on any Hadoop filesystem, read by the calling process: for a
 * file of a few MiB this takes milliseconds where a Spark job over it costs a second of job
 * start-up. Lines end at \n, \r or \r\n and undecodable bytes become U+FFFD, as in Spark's
 * {@code textFile}.
 */
public final class SmallTextFile {
  private SmallTextFile() {}

  /** The lines, or null when the path is not one plain file of at most {@code maxBytes}. */
  public static List<String> linesIfSmall(Configuration conf, String path, long maxBytes) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      FileStatus st;
      try {
        st = fs.getFileStatus(p);
      } catch (java.io.FileNotFoundException e) {
        return null; // globs and missing files: the caller's distributed read reports them
      }
      if (!st.isFile() || st.getLen() > maxBytes) {
        return null;
      }
      List<String> lines = new ArrayList<>();
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(fs.open(p), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          lines.add(line);
        }
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(path + ": " + e.getMessage(), e);
    }
  }
}
