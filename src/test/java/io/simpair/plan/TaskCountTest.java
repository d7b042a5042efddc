package io.simpair.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The broadcast path's task count: plain arithmetic, no Spark. */
class TaskCountTest {

  @Test
  void wholeWavesSoNoCoreIdlesAtTheEnd() {
    // n = 100,000, d = 384: 3.84 TFLOP is 13 tasks of 0.3 TFLOP; on 2 cores that is 7 + 6.
    TileGrid grid = TileGrid.triangular(100_000, 4096);
    assertEquals(14, Planner.taskCount(grid, 384, 2));
    for (int cores = 1; cores <= 64; cores++) {
      int t = Planner.taskCount(grid, 384, cores);
      assertTrue(t >= 2 * cores && t % cores == 0, cores + " cores -> " + t + " tasks");
    }
  }

  @Test
  void neverMoreTasksThanTiles() {
    TileGrid grid = TileGrid.triangular(10_000, 4096); // 3 blocks, 6 tiles
    assertEquals(6, grid.tileCount());
    assertEquals(4, Planner.taskCount(grid, 384, 2));
    assertEquals(6, Planner.taskCount(grid, 384, 4)); // 8 wanted, 6 tiles
  }
}
