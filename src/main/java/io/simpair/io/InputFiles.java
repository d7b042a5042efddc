package io.simpair.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The files of one input path, in input order, and the format their names imply. Input order
 * fixes row indices and tie-breaking: files sorted by path, then rows in file order.
 */
public final class InputFiles {
  /** The file a Hadoop ChecksumException names. */
  private static final Pattern CHECKSUM_FILE = Pattern.compile("Checksum error: (\\S+) at");
  private InputFiles() {}

  /**
   * The input files at {@code path}: the file itself, or a directory's files (not its
   * subdirectories) sorted by full path, skipping names that start with {@code _} or {@code .}
   * ({@code _SUCCESS}, {@code .crc} and the like).
   *
   * @param conf the Hadoop configuration that resolves {@code path}'s file system
   * @param path a local path or Hadoop URI
   * @throws InputException {@code "<path>: input not found"}, {@code "<path>: directory holds no
   *     input files"} or {@code "<path>: cannot list input: ..."}
   */
  public static List<FileStatus> list(Configuration conf, String path) {
    Path p = new Path(path);
    try {
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p)) {
        throw new InputException(path + ": input not found");
      }
      FileStatus st = fs.getFileStatus(p);
      List<FileStatus> out = new ArrayList<>();
      if (st.isDirectory()) {
        for (FileStatus c : fs.listStatus(p)) {
          String n = c.getPath().getName();
          if (c.isFile() && !n.startsWith("_") && !n.startsWith(".")) {
            out.add(c);
          }
        }
        if (out.isEmpty()) {
          throw new InputException(path + ": directory holds no input files");
        }
        out.sort((a, b) -> a.getPath().toString().compareTo(b.getPath().toString()));
      } else {
        out.add(st);
      }
      return out;
    } catch (IOException e) {
      throw new InputException(path + ": cannot list input: " + e.getMessage(), e);
    }
  }

  /**
   * The one format every file's name implies ({@link InputFormat#fromFileName}).
   *
   * @param files a non-empty list, as {@link #list} returns it
   * @throws InputException {@code "<file>: unknown format: ..."} for the first file whose name
   *     implies none, or {@code "<file>: mixes <a> and <b> files in one input (first file:
   *     <first>)"} for the first file whose format differs from the first file's
   */
  public static InputFormat inferFormat(List<FileStatus> files) {
    InputFormat format = InputFormat.fromFileName(files.get(0).getPath().getName());
    for (FileStatus f : files) {
      InputFormat other = InputFormat.fromFileName(f.getPath().getName());
      if (other == null) {
        throw new InputException(
            f.getPath()
                + ": unknown format: cannot tell it from the file name; pass --format parquet|npy|csv");
      }
      if (other != format) {
        throw new InputException(
            f.getPath()
                + ": mixes "
                + format.label()
                + " and "
                + other.label()
                + " files in one input (first file: "
                + files.get(0).getPath()
                + ")");
      }
    }
    return format;
  }

  /**
   * Fails on the first zero-length file.
   *
   * @throws InputException {@code "<file>: empty file"}
   */
  public static void requireNonEmpty(List<FileStatus> files) {
    for (FileStatus f : files) {
      if (f.getLen() == 0) {
        throw new InputException(f.getPath() + ": empty file");
      }
    }
  }

  /**
   * A checksum failure in words: on a local file system Hadoop checks each file against a
   * hidden {@code .<name>.crc} beside it, and a stale one (left from an earlier version of the
   * file) fails every read with only "Checksum error".
   */
  public static String checksumProblem(ChecksumException e) {
    String m = String.valueOf(e.getMessage());
    Matcher at = CHECKSUM_FILE.matcher(m);
    if (!at.find()) {
      return "an input file does not match its hidden .crc checksum file (a stale .crc?): " + m;
    }
    Path file = new Path(at.group(1));
    Path sidecar = new Path(file.getParent(), "." + file.getName() + ".crc");
    return file + ": does not match its checksum file " + sidecar
        + " (a stale .crc from an earlier version of the file?); remove that .crc or restore the file ("
        + m + ")";
  }
}
