package io.simpair.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Points where a test holds a run so that it can signal the JVM at a known stage; off unless
 * the system property {@code simpair.test.pauseAt} names the point (production never sets it).
 * At that point the JVM writes the point's name to the file {@code simpair.test.pauseMarker}
 * and sleeps {@code simpair.test.pauseMs} (default 120 s). Points: {@code read} (before the
 * input is listed), {@code score} (in a tile task, local mode), {@code staged} (a Parquet table
 * written into the staging directory), {@code commit} (the tables moved into place, result.json
 * not yet).
 */
public final class TestPause {
  static final String AT = "simpair.test.pauseAt";
  static final String MARKER = "simpair.test.pauseMarker";
  static final String MILLIS = "simpair.test.pauseMs";

  private TestPause() {}

  /** Holds the calling thread when the tests asked for {@code point}. */
  public static void at(String point) {
    if (!point.equals(System.getProperty(AT))) {
      return;
    }
    String marker = System.getProperty(MARKER);
    try {
      if (marker != null) {
        Files.writeString(Path.of(marker), point, StandardCharsets.UTF_8);
      }
      Thread.sleep(Long.getLong(MILLIS, 120_000L));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the pause marker " + marker, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
