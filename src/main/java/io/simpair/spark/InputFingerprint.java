package io.simpair.spark;

import io.simpair.io.InputException;
import io.simpair.plan.FileFacts;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The {@link FileFacts} of input files: size and modification time from the file system, and a
 * SHA-256 of three {@value #SAMPLE} byte samples (start, middle, end), so an input rewritten in
 * place with the same size is still noticed where it changed in a sampled part. Reads at most
 * 3 x {@value #SAMPLE} bytes a file.
 */
final class InputFingerprint {
  /** Bytes hashed at each of the three places of a file. */
  static final int SAMPLE = 64 * 1024;

  private InputFingerprint() {}

  /** The facts of each file, in the given order. */
  static List<FileFacts> of(Configuration conf, List<String> files) {
    List<FileFacts> out = new ArrayList<>();
    for (String f : files) {
      out.add(of(conf, f));
    }
    return out;
  }

  /** The facts of one file. */
  static FileFacts of(Configuration conf, String file) {
    Path p = new Path(file);
    try {
      FileSystem fs = p.getFileSystem(conf);
      FileStatus st = fs.getFileStatus(p);
      long size = st.getLen();
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[SAMPLE];
      try (FSDataInputStream in = fs.open(p)) {
        for (long at : new long[] {0, Math.max(0, size / 2 - SAMPLE / 2), Math.max(0, size - SAMPLE)}) {
          int len = (int) Math.min(SAMPLE, size - at);
          in.readFully(at, buf, 0, len);
          sha.update(buf, 0, len);
        }
      }
      return new FileFacts(file, size, st.getModificationTime(), HexFormat.of().formatHex(sha.digest()));
    } catch (IOException e) {
      throw new InputException(file + ": cannot read it to fingerprint the checkpoint: " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
