package io.simpair.spark;

import java.io.Serializable;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;

/**
 * Faults the integration tests inject into tile tasks, off unless a test sets their Spark
 * settings (production never does): {@code spark.simpair.test.failTaskOnce=N} fails the first
 * attempt of task N after it scored (before it is stored): the first attempt of all when {@code
 * spark.simpair.test.failOnceMarker=DIR} names a local directory the tasks share (the attempt
 * that creates its marker file fails; an attempt lost with its executor does not count), else
 * attempt number 0; {@code
 * spark.simpair.test.taskDelayMs=MS} makes every task that scores sleep that long, so that a
 * test can kill a process while the scoring stage runs.
 */
record TestFaults(int failTaskOnce, String marker, long taskDelayMs) implements Serializable {
  static final String FAIL_ONCE = "spark.simpair.test.failTaskOnce";
  static final String MARKER = "spark.simpair.test.failOnceMarker";
  static final String DELAY = "spark.simpair.test.taskDelayMs";

  static TestFaults of(SparkConf conf) {
    return new TestFaults(conf.getInt(FAIL_ONCE, -1), conf.get(MARKER, null), conf.getLong(DELAY, 0));
  }

  /** Called by a task after it scored. */
  void afterScoring(int task) {
    if (taskDelayMs > 0) {
      try {
        Thread.sleep(taskDelayMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (task != failTaskOnce) {
      return;
    }
    boolean first;
    if (marker != null) {
      try {
        first = new java.io.File(marker, "failed-task-" + task).createNewFile();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    } else {
      TaskContext tc = TaskContext.get();
      first = tc != null && tc.attemptNumber() == 0;
    }
    if (first) {
      throw new IllegalStateException("injected fault (" + FAIL_ONCE + "=" + task + "): first attempt fails");
    }
  }
}
