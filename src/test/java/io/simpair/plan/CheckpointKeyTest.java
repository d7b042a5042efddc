package io.simpair.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a checkpoint is valid for, and the lines that name what differs. */
class CheckpointKeyTest {
  static final FileFacts F = new FileFacts("file:/d/x.npy", 100, 1_700_000_000_000L, "ab".repeat(32));

  @Test
  void theSameSearchHasNoDifferences() {
    SearchOptions o = CostEstimateTest.plain();
    assertEquals(List.of(), CheckpointKey.of(o, 0, List.of(F), null, null, null).differences(CheckpointKey.of(o, 0, List.of(F), null, null, null)));
  }

  @Test
  void eachDifferenceIsNamedWithBothValues() {
    SearchOptions o = CostEstimateTest.plain();
    SearchOptions k = CostEstimateTest.options(5, Double.NaN, SearchOptions.DEFAULT_MAX_PAIRS, 0, 0, SearchOptions.Strategy.AUTO, 0);
    FileFacts touched = new FileFacts(F.path(), F.size(), F.modified() + 1, F.sampleHash());
    List<String> d =
        CheckpointKey.of(k, 10, List.of(touched), null, null, null).differences(CheckpointKey.of(o, 0, List.of(F), null, null, null));
    assertEquals(3, d.size(), d.toString());
    assertEquals("--top-k: the checkpoint has 0, this run 5", d.get(0));
    assertEquals("--limit: the checkpoint has 0, this run 10", d.get(1));
    assertTrue(d.get(2).startsWith("--input file 1: the checkpoint has file:/d/x.npy (100 bytes, modified 2023-11-14T22:13:20Z"), d.get(2));
  }

  @Test
  void anotherFileCountOrASecondSideIsADifference() {
    SearchOptions o = CostEstimateTest.plain();
    CheckpointKey one = CheckpointKey.of(o, 0, List.of(F), null, null, null);
    CheckpointKey two = CheckpointKey.of(o, 0, List.of(F, F), null, List.of(F), null);
    List<String> d = two.differences(one);
    assertTrue(d.contains("--input files: the checkpoint has 1, this run 2"), d.toString());
    assertTrue(d.contains("--input-b files: the checkpoint has none (monochromatic), this run 1"), d.toString());
    assertTrue(d.stream().anyMatch(l -> l.startsWith("--input file 2: the checkpoint has none, this run")), d.toString());
  }
}
