package io.simpair.plan;

import java.time.Instant;
import java.util.Locale;

/**
 * What a checkpoint remembers of one input file, to know it is the same file on a rerun.
 *
 * @param path the file as listed
 * @param size bytes
 * @param modified modification time, epoch milliseconds
 * @param sampleHash SHA-256 (hex) of a sample of the file's bytes (its start, middle and end)
 */
public record FileFacts(String path, long size, long modified, String sampleHash) implements java.io.Serializable {

  /** The file in words, as a checkpoint's mismatch message shows it. */
  public String describe() {
    return String.format(
        Locale.ROOT, "%s (%d bytes, modified %s, sample sha256 %s)", path, size, Instant.ofEpochMilli(modified),
        sampleHash.substring(0, Math.min(12, sampleHash.length())));
  }
}
