package io.simpair.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simpair.kernel.Metric;
import org.junit.jupiter.api.Test;

class KernelWarmupTest {
  @Test
  void startsOncePerDimensionAndMetric() {
    assertTrue(KernelWarmup.startInBackground(37, Metric.L2));
    assertFalse(KernelWarmup.startInBackground(37, Metric.L2));
    assertTrue(KernelWarmup.startInBackground(37, Metric.DOT));
    assertFalse(KernelWarmup.startInBackground(0, Metric.COSINE));
  }

  @Test
  void stopsAtTheBudget() {
    long t0 = System.nanoTime();
    int tiles = KernelWarmup.run(11, Metric.COSINE, 0);
    assertEquals(0, tiles);
    tiles = KernelWarmup.run(11, Metric.COSINE, 200_000_000L);
    assertTrue(tiles >= 1);
    assertTrue(System.nanoTime() - t0 < 20_000_000_000L, "a warm-up with a 0.2 s budget ran for many seconds");
  }

  @Test
  void canBeSwitchedOff() {
    System.setProperty("simpair.warmup", "off");
    try {
      assertFalse(KernelWarmup.startInBackground(41, Metric.COSINE));
    } finally {
      System.clearProperty("simpair.warmup");
    }
    assertTrue(KernelWarmup.startInBackground(41, Metric.COSINE));
  }
}
