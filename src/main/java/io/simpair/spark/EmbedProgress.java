package io.simpair.spark;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The embed job's progress line: documents done / total, documents per second, ETA. Counts
 * arrive as tasks end (accumulators), so the line advances task by task; on a terminal it is
 * redrawn in place, otherwise printed every 10 seconds.
 */
final class EmbedProgress implements AutoCloseable {
  private final Thread thread;
  private final PrintStream out;
  private final boolean tty;
  private final long total;
  private final LongSupplier done;
  private final long t0 = System.nanoTime();
  private volatile boolean stop;

  EmbedProgress(String label, long total, LongSupplier done, PrintStream out) {
    this.out = out;
    this.total = total;
    this.done = done;
    this.tty = System.console() != null;
    this.thread =
        new Thread(
            () -> {
              long last = 0;
              while (!stop) {
                try {
                  Thread.sleep(tty ? 500 : 1000);
                } catch (InterruptedException e) {
                  return;
                }
                long now = System.nanoTime();
                if (!tty && now - last < 10_000_000_000L) {
                  continue;
                }
                last = now;
                out.print(line(label, total, done.getAsLong(), (now - t0) / 1e9) + (tty ? "\r" : "\n"));
                out.flush();
              }
            },
            "simpair-embed-progress");
    thread.setDaemon(true);
    thread.start();
    this.label = label;
  }

  private final String label;

  static String line(String label, long total, long done, double seconds) {
    double frac = total == 0 ? 1 : (double) done / total;
    double rate = seconds > 0 ? done / seconds : 0;
    String eta = done == 0 ? "--:--:--" : done >= total ? "done" : Progress.hms(seconds / frac - seconds);
    return String.format(
        Locale.ROOT,
        "[%s] documents %d/%d (%5.1f%%)  %.1f documents/s  elapsed %s  ETA %s   ",
        label, done, total, 100 * frac, rate, Progress.hms(seconds), eta);
  }

  @Override
  public void close() {
    stop = true;
    thread.interrupt();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    out.println((tty ? "\r" : "") + line(label, total, done.getAsLong(), (System.nanoTime() - t0) / 1e9).stripTrailing());
  }
}
