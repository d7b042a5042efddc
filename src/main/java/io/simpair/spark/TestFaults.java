package io.simpair.spark;

import java.io.Serializable;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;

/**
 * Faults the integration tests inject into tile tasks, off unless a test sets their Spark
 * settings (production never does): {@code spark.simpair.test.failTaskOnce=N} fails the first
 * attempt of task N after it scored (before it is stored); {@code
 * spark.simpair.test.taskDelayMs=MS} makes every task that scores sleep that long, so that a
 * test can kill a process while the scoring stage runs.
 */
record TestFaults(int failTaskOnce, long taskDelayMs) implements Serializable {
  static final String FAIL_ONCE = "spark.simpair.test.failTaskOnce";
  static final String DELAY = "spark.simpair.test.taskDelayMs";

  static TestFaults of(SparkConf conf) {
    return new TestFaults(conf.getInt(FAIL_ONCE, -1), conf.getLong(DELAY, 0));
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
    TaskContext tc = TaskContext.get();
    if (task == failTaskOnce && tc != null && tc.attemptNumber() == 0) {
      throw new IllegalStateException("injected fault (" + FAIL_ONCE + "=" + task + "): first attempt fails");
    }
  }
}
