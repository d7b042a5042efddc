package io.simpair.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The grid of row blocks and tiles of the score matrix, and how tiles are grouped into tasks.
 *
 * <p>Rows {@code 0..n-1} (input order) are cut into blocks of {@code blockRows} rows; the last
 * block may be shorter. Monochromatic (one input): the tiles are the block pairs {@code (I, J)}
 * with {@code I <= J}; a diagonal tile {@code (I, I)} scores only the pairs {@code i < j}.
 * Bichromatic (inputs A and B): every block pair of the {@code |A| x |B|} rectangle. Either way
 * every admissible pair lies in exactly one tile, and {@link #pairCount()} is the closed form
 * {@code n(n-1)/2} or {@code nA * nB}.
 *
 * <p>Pure Java, no Spark: exposed for tests.
 */
public final class TileGrid implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final long rowsA;
  private final long rowsB;
  private final int blockRows;
  private final boolean bichromatic;

  private TileGrid(long rowsA, long rowsB, int blockRows, boolean bichromatic) {
    if (blockRows < 1) {
      throw new IllegalArgumentException("blockRows must be >= 1: " + blockRows);
    }
    if (rowsA < 0 || rowsB < 0) {
      throw new IllegalArgumentException("negative row count");
    }
    long blocks = Math.max(ceilDiv(rowsA, blockRows), ceilDiv(rowsB, blockRows));
    if (blocks > Integer.MAX_VALUE / 2) {
      throw new IllegalArgumentException("too many blocks: " + blocks + "; raise blockRows");
    }
    this.rowsA = rowsA;
    this.rowsB = rowsB;
    this.blockRows = blockRows;
    this.bichromatic = bichromatic;
  }

  /** The upper-triangular grid over one input of {@code n} rows. */
  public static TileGrid triangular(long n, int blockRows) {
    return new TileGrid(n, n, blockRows, false);
  }

  /** The full rectangle over inputs of {@code nA} and {@code nB} rows. */
  public static TileGrid rectangular(long nA, long nB, int blockRows) {
    return new TileGrid(nA, nB, blockRows, true);
  }

  static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  public boolean bichromatic() {
    return bichromatic;
  }

  public int blockRows() {
    return blockRows;
  }

  public long rowsA() {
    return rowsA;
  }

  public long rowsB() {
    return rowsB;
  }

  /** Number of row blocks of side A (the only side when monochromatic). */
  public int blocksA() {
    return (int) ceilDiv(rowsA, blockRows);
  }

  /** Number of row blocks of side B (equal to {@link #blocksA()} when monochromatic). */
  public int blocksB() {
    return (int) ceilDiv(rowsB, blockRows);
  }

  /** First row of block {@code b} of a side. */
  public long blockStart(int b) {
    return (long) b * blockRows;
  }

  /** Rows in block {@code b} of side A. */
  public int blockSizeA(int b) {
    return blockSize(rowsA, b);
  }

  /** Rows in block {@code b} of side B. */
  public int blockSizeB(int b) {
    return blockSize(rowsB, b);
  }

  private int blockSize(long rows, int b) {
    long start = (long) b * blockRows;
    if (b < 0 || start >= rows) {
      throw new IndexOutOfBoundsException("block " + b + " of " + ceilDiv(rows, blockRows));
    }
    return (int) Math.min(blockRows, rows - start);
  }

  /** True when tile (I, J) exists: I <= J monochromatic, any I, J bichromatic. */
  public boolean hasTile(int i, int j) {
    if (i < 0 || j < 0 || i >= blocksA() || j >= blocksB()) {
      return false;
    }
    return bichromatic || i <= j;
  }

  /** Number of tiles: {@code B(B+1)/2} monochromatic, {@code BA * BB} bichromatic. */
  public long tileCount() {
    long a = blocksA();
    long b = blocksB();
    return bichromatic ? a * b : a * (a + 1) / 2;
  }

  /** Pairs scored in tile (I, J): {@code m(m-1)/2} on the diagonal, {@code m * n} elsewhere. */
  public long tilePairs(int i, int j) {
    if (!hasTile(i, j)) {
      throw new IllegalArgumentException("no tile (" + i + ", " + j + ")");
    }
    long m = blockSizeA(i);
    if (!bichromatic && i == j) {
      return m * (m - 1) / 2;
    }
    return m * blockSizeB(j);
  }

  /** The closed form of all pairs: {@code n(n-1)/2} or {@code nA * nB}. */
  public long pairCount() {
    return bichromatic ? rowsA * rowsB : rowsA * (rowsA - 1) / 2;
  }

  /** Every tile as {@code {I, J}}, row-major. */
  public List<int[]> tiles() {
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < blocksA(); i++) {
      for (int j = bichromatic ? 0 : i; j < blocksB(); j++) {
        out.add(new int[] {i, j});
      }
    }
    return out;
  }

  /**
   * Splits all tiles into at most {@code parts} lists of nearly equal cost (pairs scored, plus
   * a small per-tile overhead), largest first onto the least loaded list (LPT scheduling:
   * within 4/3 of optimal). Each list is sorted so that tiles sharing a row block run back to
   * back.
   */
  public List<List<int[]>> balancedTasks(int parts) {
    if (parts < 1) {
      throw new IllegalArgumentException("parts must be >= 1");
    }
    List<int[]> all = tiles();
    int p = (int) Math.max(1, Math.min(parts, all.size()));
    all.sort((x, y) -> Long.compare(tileCost(y), tileCost(x)));
    long[] load = new long[p];
    List<List<int[]>> out = new ArrayList<>();
    for (int k = 0; k < p; k++) {
      out.add(new ArrayList<>());
    }
    for (int[] t : all) {
      int best = 0;
      for (int k = 1; k < p; k++) {
        if (load[k] < load[best]) {
          best = k;
        }
      }
      out.get(best).add(t);
      load[best] += tileCost(t);
    }
    for (List<int[]> l : out) {
      l.sort((x, y) -> x[0] != y[0] ? Integer.compare(x[0], y[0]) : Integer.compare(x[1], y[1]));
    }
    out.removeIf(List::isEmpty);
    return out;
  }

  private long tileCost(int[] t) {
    return tilePairs(t[0], t[1]) + blockRows;
  }

  /**
   * Super-tiles for the shuffle path: block groups of {@code groupBlocks} consecutive blocks;
   * super-tile {@code (P, Q)} holds the tiles (I, J) with I in group P and J in group Q. A block
   * of group P is needed by the super-tiles of its row and of its column, so each block is
   * replicated {@code ceil(blocks / groupBlocks)}-fold (monochromatic) and the task memory is at most
   * {@code 2 * groupBlocks} blocks.
   */
  public SuperGrid superGrid(int groupBlocks) {
    return new SuperGrid(this, groupBlocks);
  }

  /** The super-tile layer over this grid. */
  public static final class SuperGrid implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final TileGrid grid;
    private final int groupBlocks;
    private final int groupsA;
    private final int groupsB;

    SuperGrid(TileGrid grid, int groupBlocks) {
      if (groupBlocks < 1) {
        throw new IllegalArgumentException("groupBlocks must be >= 1");
      }
      this.grid = grid;
      this.groupBlocks = groupBlocks;
      this.groupsA = (int) ceilDiv(grid.blocksA(), groupBlocks);
      this.groupsB = (int) ceilDiv(grid.blocksB(), groupBlocks);
    }

    public int groupBlocks() {
      return groupBlocks;
    }

    /** Number of super-tiles (tasks). */
    public int superTileCount() {
      return grid.bichromatic ? groupsA * groupsB : groupsA * (groupsA + 1) / 2;
    }

    /** The id of super-tile (P, Q), dense in {@code [0, superTileCount())}. */
    public int superTileId(int p, int q) {
      if (grid.bichromatic) {
        return p * groupsB + q;
      }
      // row-major index into the upper triangle including the diagonal
      return p * groupsA - p * (p - 1) / 2 + (q - p);
    }

    /** The super-tiles that need block {@code b} of side A (or of the only side). */
    public int[] superTilesForA(int b) {
      int p = b / groupBlocks;
      if (grid.bichromatic) {
        int[] out = new int[groupsB];
        for (int q = 0; q < groupsB; q++) {
          out[q] = superTileId(p, q);
        }
        return out;
      }
      int[] out = new int[groupsA];
      for (int q = 0; q < groupsA; q++) {
        out[q] = superTileId(Math.min(p, q), Math.max(p, q));
      }
      return out;
    }

    /** The super-tiles that need block {@code b} of side B (bichromatic only). */
    public int[] superTilesForB(int b) {
      if (!grid.bichromatic) {
        throw new IllegalStateException("monochromatic grids have one side");
      }
      int q = b / groupBlocks;
      int[] out = new int[groupsA];
      for (int p = 0; p < groupsA; p++) {
        out[p] = superTileId(p, q);
      }
      return out;
    }

    /** The tiles (I, J) of super-tile {@code id}, row-major. */
    public List<int[]> tilesOf(int id) {
      int p;
      int q;
      if (grid.bichromatic) {
        p = id / groupsB;
        q = id % groupsB;
      } else {
        p = 0;
        int rem = id;
        while (rem >= groupsA - p) {
          rem -= groupsA - p;
          p++;
        }
        q = p + rem;
      }
      List<int[]> out = new ArrayList<>();
      int iEnd = Math.min(grid.blocksA(), (p + 1) * groupBlocks);
      int jEnd = Math.min(grid.blocksB(), (q + 1) * groupBlocks);
      for (int i = p * groupBlocks; i < iEnd; i++) {
        for (int j = q * groupBlocks; j < jEnd; j++) {
          if (grid.hasTile(i, j)) {
            out.add(new int[] {i, j});
          }
        }
      }
      return out;
    }

    /** How many times each block of side A is shipped (the replication factor). */
    public int replicationA() {
      return grid.bichromatic ? groupsB : groupsA;
    }

    @Override
    public String toString() {
      return "SuperGrid{groupBlocks="
          + groupBlocks
          + ", groups="
          + Arrays.toString(new int[] {groupsA, groupsB})
          + ", superTiles="
          + superTileCount()
          + "}";
    }
  }

  /** Equal grids cut the same rows the same way (so equal plans have equal grids). */
  @Override
  public boolean equals(Object o) {
    return o instanceof TileGrid g
        && g.rowsA == rowsA
        && g.rowsB == rowsB
        && g.blockRows == blockRows
        && g.bichromatic == bichromatic;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(rowsA, rowsB, blockRows, bichromatic);
  }

  @Override
  public String toString() {
    return (bichromatic ? "rectangular" : "triangular")
        + " TileGrid{rowsA="
        + rowsA
        + (bichromatic ? ", rowsB=" + rowsB : "")
        + ", blockRows="
        + blockRows
        + ", blocks="
        + blocksA()
        + (bichromatic ? "x" + blocksB() : "")
        + ", tiles="
        + tileCount()
        + ", pairs="
        + pairCount()
        + "}";
  }
}
