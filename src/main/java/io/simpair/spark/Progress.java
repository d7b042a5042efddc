package io.simpair.spark;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress line for the scoring stage: tiles done / total, pairs per second, ETA. Polls
 * counters that tasks update (accumulators merge when a task ends, so the display advances
 * task by task). On a terminal the line is redrawn in place; otherwise a line is printed
 * every 10 seconds.
 */
final class Progress implements AutoCloseable {
  private final Thread thread;
  private final PrintStream out;
  private final boolean tty;
  private volatile boolean done;

  Progress(String label, long totalTiles, LongSupplier tiles, LongSupplier pairs, PrintStream out) {
    this.out = out;
    this.tty = System.console() != null;
    long t0 = System.nanoTime();
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
                out.print(line(label, totalTiles, tiles.getAsLong(), pairs.getAsLong(), (now - t0) / 1e9));
                out.print(tty ? "\r" : "\n");
                out.flush();
              }
            },
            "simpair-progress");
    thread.setDaemon(true);
    thread.start();
  }

  static String line(String label, long total, long done, long pairs, double seconds) {
    double frac = total == 0 ? 1 : (double) done / total;
    double rate = seconds > 0 ? pairs / seconds : 0;
    String eta = done == 0 ? "--:--:--" : hms(seconds / frac - seconds);
    return String.format(
        Locale.ROOT,
        "[%s] tiles %d/%d (%5.1f%%)  %.3g pairs/s  elapsed %s  ETA %s   ",
        label,
        done,
        total,
        100 * frac,
        rate,
        hms(seconds),
        eta);
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
    if (tty) {
      out.println();
    }
  }
}
