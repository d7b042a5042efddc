package io.simpair.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TileGridTest {

  /** Marks every pair of every tile; each admissible pair must be marked exactly once. */
  static int[][] cover(TileGrid g, List<int[]> tiles) {
    int na = (int) g.rowsA();
    int nb = (int) g.rowsB();
    int[][] seen = new int[na][nb];
    for (int[] t : tiles) {
      long aStart = g.blockStart(t[0]);
      long bStart = g.blockStart(t[1]);
      int m = g.blockSizeA(t[0]);
      int n = g.blockSizeB(t[1]);
      boolean diag = !g.bichromatic() && t[0] == t[1];
      for (int i = 0; i < m; i++) {
        for (int j = diag ? i + 1 : 0; j < n; j++) {
          seen[(int) (aStart + i)][(int) (bStart + j)]++;
        }
      }
    }
    return seen;
  }

  static void assertExactlyOnce(TileGrid g, int[][] seen) {
    for (int i = 0; i < seen.length; i++) {
      for (int j = 0; j < seen[i].length; j++) {
        int want = g.bichromatic() || i < j ? 1 : 0;
        assertEquals(want, seen[i][j], "pair (" + i + ", " + j + ") in " + g);
      }
    }
  }

  @ParameterizedTest
  @CsvSource({
    "2, 1", "2, 2", "2, 7", "3, 2", "5, 7", "7, 7", "8, 7", "9, 4", "10, 3", "17, 4", "33, 8",
    "64, 8", "65, 8", "100, 13", "257, 16"
  })
  void triangularCoversEveryPairOnce(int n, int block) {
    TileGrid g = TileGrid.triangular(n, block);
    int[][] seen = cover(g, g.tiles());
    assertExactlyOnce(g, seen);
    long b = (n + block - 1) / block;
    assertEquals(b * (b + 1) / 2, g.tileCount());
    assertEquals(g.tileCount(), g.tiles().size());
    assertEquals((long) n * (n - 1) / 2, g.pairCount());
    long sum = 0;
    for (int[] t : g.tiles()) {
      sum += g.tilePairs(t[0], t[1]);
    }
    assertEquals(g.pairCount(), sum);
  }

  @ParameterizedTest
  @CsvSource({"1, 1, 1", "1, 5, 2", "5, 1, 2", "7, 9, 4", "9, 7, 4", "20, 33, 8", "3, 3, 7"})
  void rectangularCoversEveryPairOnce(int na, int nb, int block) {
    TileGrid g = TileGrid.rectangular(na, nb, block);
    assertExactlyOnce(g, cover(g, g.tiles()));
    assertEquals((long) na * nb, g.pairCount());
  }

  @ParameterizedTest
  @CsvSource({"2, 1, 3", "10, 3, 1", "50, 4, 7", "100, 7, 4", "31, 31, 2", "64, 8, 64"})
  void balancedTasksPartitionTheTiles(int n, int block, int parts) {
    TileGrid g = TileGrid.triangular(n, block);
    List<List<int[]>> tasks = g.balancedTasks(parts);
    assertTrue(tasks.size() <= parts);
    List<int[]> all = tasks.stream().flatMap(List::stream).toList();
    assertEquals(g.tileCount(), all.size());
    assertExactlyOnce(g, cover(g, all));
    // LPT: no task exceeds the average by more than the largest single tile
    long total = 0;
    long largest = 0;
    for (int[] t : all) {
      long c = g.tilePairs(t[0], t[1]) + block;
      total += c;
      largest = Math.max(largest, c);
    }
    for (List<int[]> task : tasks) {
      long c = task.stream().mapToLong(t -> g.tilePairs(t[0], t[1]) + block).sum();
      assertTrue(c <= total / tasks.size() + largest, "task cost " + c);
    }
  }

  @ParameterizedTest
  @CsvSource({"2, 1, 1", "10, 2, 1", "10, 2, 2", "37, 3, 2", "37, 3, 5", "64, 4, 3", "9, 4, 10"})
  void superTilesCoverEveryPairOnce(int n, int block, int group) {
    TileGrid g = TileGrid.triangular(n, block);
    TileGrid.SuperGrid sg = g.superGrid(group);
    List<int[]> all = new java.util.ArrayList<>();
    for (int id = 0; id < sg.superTileCount(); id++) {
      List<int[]> tiles = sg.tilesOf(id);
      // every block a super-tile needs is shipped to it
      for (int[] t : tiles) {
        assertTrue(contains(sg.superTilesForA(t[0]), id), "block " + t[0] + " not shipped to " + id);
        assertTrue(contains(sg.superTilesForA(t[1]), id), "block " + t[1] + " not shipped to " + id);
      }
      all.addAll(tiles);
    }
    assertEquals(g.tileCount(), all.size());
    assertExactlyOnce(g, cover(g, all));
    for (int b = 0; b < g.blocksA(); b++) {
      int[] st = sg.superTilesForA(b);
      assertEquals(sg.replicationA(), st.length);
      assertEquals(st.length, java.util.Arrays.stream(st).distinct().count(), "distinct targets");
    }
  }

  @ParameterizedTest
  @CsvSource({"5, 7, 2, 1", "9, 4, 3, 2", "16, 16, 4, 3"})
  void bichromaticSuperTilesCoverEveryPairOnce(int na, int nb, int block, int group) {
    TileGrid g = TileGrid.rectangular(na, nb, block);
    TileGrid.SuperGrid sg = g.superGrid(group);
    List<int[]> all = new java.util.ArrayList<>();
    for (int id = 0; id < sg.superTileCount(); id++) {
      for (int[] t : sg.tilesOf(id)) {
        assertTrue(contains(sg.superTilesForA(t[0]), id));
        assertTrue(contains(sg.superTilesForB(t[1]), id));
        all.add(t);
      }
    }
    assertExactlyOnce(g, cover(g, all));
  }

  private static boolean contains(int[] a, int x) {
    for (int v : a) {
      if (v == x) {
        return true;
      }
    }
    return false;
  }

  @Test
  void rejectsBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> TileGrid.triangular(10, 0));
    assertThrows(IllegalArgumentException.class, () -> TileGrid.triangular(10, 3).tilePairs(2, 1));
    assertThrows(IndexOutOfBoundsException.class, () -> TileGrid.triangular(10, 3).blockSizeA(4));
  }

  @Test
  void lastBlockIsRagged() {
    TileGrid g = TileGrid.triangular(10, 4);
    assertEquals(3, g.blocksA());
    assertEquals(4, g.blockSizeA(0));
    assertEquals(2, g.blockSizeA(2));
    assertEquals(1, g.tilePairs(2, 2));
    assertEquals(8, g.tilePairs(1, 2));
  }
}
