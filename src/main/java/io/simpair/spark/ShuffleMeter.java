package io.simpair.spark;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Spark's own measurement of the bytes the job's shuffles wrote and read, from task metrics,
 * next to the payload sizes simpair computes. Listener events arrive asynchronously, so {@link
 * #settle} waits until every job that started has ended before the numbers are read.
 */
final class ShuffleMeter extends SparkListener {
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong read = new AtomicLong();
  private final AtomicLong jobsStarted = new AtomicLong();
  private final AtomicLong jobsEnded = new AtomicLong();

  @Override
  public void onTaskEnd(SparkListenerTaskEnd e) {
    if (e.taskMetrics() != null) {
      written.addAndGet(e.taskMetrics().shuffleWriteMetrics().bytesWritten());
      read.addAndGet(e.taskMetrics().shuffleReadMetrics().totalBytesRead());
    }
  }

  @Override
  public void onJobStart(SparkListenerJobStart e) {
    jobsStarted.incrementAndGet();
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd e) {
    jobsEnded.incrementAndGet();
  }

  /** Waits (at most {@code millis}) for the listener bus to deliver every job's end. */
  boolean settle(long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    while (jobsEnded.get() < jobsStarted.get() && System.nanoTime() < end) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return jobsEnded.get() >= jobsStarted.get();
  }

  long written() {
    return written.get();
  }

  long read() {
    return read.get();
  }
}
