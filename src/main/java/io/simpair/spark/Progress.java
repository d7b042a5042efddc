package io.simpair.spark;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.DoubleFunction;
import java.util.function.LongSupplier;

/**
 * A progress line for a long stage: tiles (scoring) or documents (embedding) done / total, a
 * rate, ETA. Polls counters that tasks update (accumulators merge when a task ends, so the
 * display advances task by task). On a terminal the line is redrawn in place; otherwise a line
 * is printed every 10 seconds.
 */
final class Progress implements AutoCloseable {
  private final Thread thread;
  private final PrintStream out;
  private final DoubleFunction<String> line; // elapsed seconds -> the line
  private final long t0 = System.nanoTime();
  private final boolean tty;
  private volatile boolean done;

  private Progress(String threadName, DoubleFunction<String> line, PrintStream out) {
    this.out = out;
    this.line = line;
    this.tty = System.console() != null;
    this.thread =
        new Thread(
            () -> {
              long lastPrint = 0;
              while (!done) {
                try {
                  Thread.sleep(tty ? 500 : 1000);
                } catch (InterruptedException e) {
                  return;
                }
                long now = System.nanoTime();
                if (!tty && now - lastPrint < 10_000_000_000L) {
                  continue;
                }
                lastPrint = now;
                out.print(line.apply((now - t0) / 1e9));
                out.print(tty ? "\r" : "\n");
                out.flush();
              }
            },
            threadName);
    thread.setDaemon(true);
    thread.start();
  }

  /** The scoring stage's line: tiles done of {@code totalTiles}, pairs per second. */
  static Progress tiles(String label, long totalTiles, LongSupplier tiles, LongSupplier pairs, PrintStream out) {
    return new Progress(
        "simpair-progress", s -> line(label, totalTiles, tiles.getAsLong(), pairs.getAsLong(), s), out);
  }

  /** The embed job's line: documents done of {@code total}, documents per second. */
  static Progress documents(String label, long total, LongSupplier done, PrintStream out) {
    return new Progress("simpair-embed-progress", s -> documentLine(label, total, done.getAsLong(), s), out);
  }

  static String line(String label, long total, long done, long pairs, double seconds) {
    return format(label, "tiles", total, done, String.format(Locale.ROOT, "%.3g pairs/s", rate(pairs, seconds)), seconds);
  }

  static String documentLine(String label, long total, long done, double seconds) {
    return format(label, "documents", total, done, String.format(Locale.ROOT, "%.1f documents/s", rate(done, seconds)), seconds);
  }

  private static double rate(long count, double seconds) {
    return seconds > 0 ? count / seconds : 0;
  }

  private static String format(String label, String unit, long total, long done, String rate, double seconds) {
    double frac = total == 0 ? 1 : (double) done / total;
    String eta = done == 0 ? "--:--:--" : done >= total ? "done" : hms(seconds / frac - seconds);
    return String.format(
        Locale.ROOT,
        "[%s] %s %d/%d (%5.1f%%)  %s  elapsed %s  ETA %s   ",
        label, unit, done, total, 100 * frac, rate, hms(seconds), eta);
  }

  static String hms(double s) {
    long t = Math.max(0, Math.round(s));
    return String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60);
  }

  @Override
  public void close() {
    done = true;
    thread.interrupt();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    out.println((tty ? "\r" : "") + line.apply((System.nanoTime() - t0) / 1e9).stripTrailing());
  }
}
