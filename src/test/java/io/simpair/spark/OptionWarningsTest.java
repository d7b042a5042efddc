package io.simpair.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simpair.kernel.Metric;
import io.simpair.plan.SearchOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The log's word on options that cannot do what they seem to ask: pure logic, no Spark. */
class OptionWarningsTest {

  private static SearchOptions options(Metric metric, double threshold, int perRowTop) {
    return PairsConfig.builder()
        .input("x.npy")
        .output("out")
        .metric(metric)
        .threshold(threshold)
        .perRowTop(perRowTop)
        .build()
        .search();
  }

  @Test
  void perRowTopAboveTheOtherRows() {
    List<String> w = PairSearchJob.optionWarnings(options(Metric.COSINE, Double.NaN, 500), 199);
    assertEquals(
        List.of("--per-row-top 500 is more than the 199 other rows each row has: every row lists all 199 of them"), w);
    assertTrue(PairSearchJob.optionWarnings(options(Metric.COSINE, Double.NaN, 199), 199).isEmpty());
  }

  @Test
  void thresholdOutsideEveryScore() {
    assertEquals(1, PairSearchJob.optionWarnings(options(Metric.COSINE, 2.0, 0), 10).size());
    assertTrue(PairSearchJob.optionWarnings(options(Metric.COSINE, 2.0, 0), 10).get(0).contains("cosines are in [-1, 1]"));
    assertEquals(1, PairSearchJob.optionWarnings(options(Metric.COSINE, -1.5, 0), 10).size());
    assertEquals(1, PairSearchJob.optionWarnings(options(Metric.L2, -0.5, 0), 10).size());
    // in range, or a metric without bounds: nothing to say
    assertTrue(PairSearchJob.optionWarnings(options(Metric.COSINE, 1.0, 0), 10).isEmpty());
    assertTrue(PairSearchJob.optionWarnings(options(Metric.COSINE, -1.0, 0), 10).isEmpty());
    assertTrue(PairSearchJob.optionWarnings(options(Metric.L2, 0.0, 0), 10).isEmpty());
    assertTrue(PairSearchJob.optionWarnings(options(Metric.DOT, 1e9, 0), 10).isEmpty());
  }
}
