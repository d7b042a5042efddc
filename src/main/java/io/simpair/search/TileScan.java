package io.simpair.search;

import io.simpair.kernel.BinaryTileScorer;
import io.simpair.kernel.ExactDot;
import io.simpair.kernel.ExactValue;
import io.simpair.kernel.Metric;
import io.simpair.kernel.ProjectionBound;
import io.simpair.kernel.SimilaritySupport;
import io.simpair.kernel.TileScorer;
import java.util.List;

/**
 * Scores tiles and feeds the exact reducers: the fused kernel gives each row's (and, where a
 * reducer wants columns, each column's) fp32 maximum ({@link TileMaxima}); a row is re-scored
 * only when its maximum reaches the lowest floor of the reducers ({@link TileReducer#rowFloor});
 * within it only the pairs whose fp32 score reaches that floor ({@link ChunkFilter} skips whole
 * chunks first) are re-scored exactly (their real values, {@link ExactValue}) and offered to
 * every reducer, which decide on the exact values. Floors only rise while a tile is scanned, so the rows taken as
 * candidates after the kernel are a superset of those that still matter later.
 *
 * <p>Pure Java (no Spark); one instance per task thread.
 */
public final class TileScan implements BoundedKey.Source {
  private final SimilaritySupport support;
  private final TileMaxima maxima;
  private final ChunkFilter chunks;
  private final Metric metric;
  private final ScoreUnits units;
  private final int dim;
  private final TileReducer<?>[] reducers;
  private final boolean columns;
  private int[] candidates = new int[0];
  private final ExactDot exact = new ExactDot();
  private final double[] fp64 = new double[2];
  private final ScanCounts counts = new ScanCounts();
  /** The tile being scanned, for {@link #exactKey}. */
  private RowBlock tileA;
  private RowBlock tileB;
  /** This tile's exact keys by {@code i * B rows + j}: a pair may be asked from its row and its column. */
  private final java.util.HashMap<Long, ExactValue> exactKeys = new java.util.HashMap<>();
  /** The bound stage of a pruned scan, or null for the plain scan. */
  private final SketchTile sketches;
  /** Pruned scan: a pair whose sketch bound is below its floor minus this cannot reach the floor. */
  private final double sigma;
  private float[] open = new float[0];
  private long[] order = new long[0];

  /**
   * @param binary the exact popcount kernel for 0/1 rows (cosine or dot), or null for fp32
   * @param reducers what to keep of the re-scored pairs; at least one
   */
  public TileScan(
      SimilaritySupport support,
      BinaryTileScorer binary,
      Metric metric,
      boolean least,
      ScoreUnits units,
      int dim,
      List<? extends TileReducer<?>> reducers) {
    this(support, binary, false, metric, least, units, dim, reducers);
  }

  /**
   * @param binary the exact popcount kernel for 0/1 rows (cosine or dot), or null
   * @param sparse the sparse kernel (with binary null); else fp32 when binary is null
   * @param reducers what to keep of the re-scored pairs; at least one
   */
  public TileScan(
      SimilaritySupport support,
      BinaryTileScorer binary,
      boolean sparse,
      Metric metric,
      boolean least,
      ScoreUnits units,
      int dim,
      List<? extends TileReducer<?>> reducers) {
    this(support, binary, sparse, null, metric, least, units, dim, reducers);
  }

  /**
   * @param binary the exact popcount kernel for 0/1 rows (cosine or dot), or null
   * @param sparse the sparse kernel (with binary null); else fp32 when binary is null
   * @param prune the projection of a pruned scan (fp32 kernel only), or null for the plain scan
   * @param reducers what to keep of the re-scored pairs; at least one
   */
  public TileScan(
      SimilaritySupport support,
      BinaryTileScorer binary,
      boolean sparse,
      ProjectionBound prune,
      Metric metric,
      boolean least,
      ScoreUnits units,
      int dim,
      List<? extends TileReducer<?>> reducers) {
    if (prune != null && (binary != null || sparse || prune.dim() != dim)) {
      throw new IllegalArgumentException("a pruned scan runs on the fp32 kernel at the projection's dimension");
    }
    if (binary != null && metric == Metric.L2) {
      throw new IllegalArgumentException("the popcount kernel scores cosine and dot only");
    }
    if (reducers.isEmpty() || reducers.size() > 31) {
      throw new IllegalArgumentException("a scan needs 1 to 31 reducers, got " + reducers.size());
    }
    TileScorer scorer = support.newTileScorer(dim);
    this.support = support;
    AttentionReducer attention = null;
    for (TileReducer<?> r : reducers) {
      attention = r instanceof AttentionReducer at ? at : attention;
    }
    if (attention != null && prune != null) {
      throw new IllegalArgumentException("the attention pass scores every pair: no pruning");
    }
    if (attention != null && (binary != null || sparse)) {
      throw new IllegalArgumentException("the attention pass runs on the dense fp32 kernel only");
    }
    this.maxima =
        attention != null
            ? new AttentionMaxima(support, least, dim, attention)
            : binary != null
                ? new PopcountMaxima(binary, least, dim)
                : sparse ? new SparseMaxima(least, dim) : new Fp32Maxima(scorer, least, dim);
    this.chunks = new ChunkFilter(scorer, dim);
    this.metric = metric;
    this.units = units;
    this.dim = dim;
    this.reducers = reducers.toArray(new TileReducer<?>[0]);
    boolean cols = false;
    for (TileReducer<?> r : this.reducers) {
      cols |= r.wantsColumns();
    }
    this.columns = cols;
    this.sketches = prune == null ? null : new SketchTile(prune, support, least);
    this.sigma = prune == null ? 0 : units.delta() + prune.slack();
  }

  /** The work done so far. */
  public ScanCounts counts() {
    return counts;
  }

  /** Scores tile (a, b); {@code diagonal} means a and b are the same block (pairs i < j only). */
  public void score(RowBlock a, RowBlock b, boolean diagonal) {
    if ((a.exactF == null) != (b.exactF == null)) { // an fp32 input against an fp64 one: the exact re-scores need one type
      a = a.fp64();
      b = b.fp64();
    }
    tileA = a;
    tileB = b;
    try {
      scan(a, b, diagonal);
      for (TileReducer<?> r : reducers) {
        r.endTile();
      }
    } finally {
      exactKeys.clear();
      tileA = null;
      tileB = null;
    }
  }

  @Override
  public ExactValue exactKey(int i, int j) {
    Long id = (long) i * tileB.rows + j;
    ExactValue v = exactKeys.get(id);
    if (v == null) {
      counts.exactValues++;
      v = units.exactKey(tileA.exactValue(metric, i, tileB, j, exact));
      exactKeys.put(id, v);
    }
    return v;
  }

  private void scan(RowBlock a, RowBlock b, boolean diagonal) {
    if (sketches != null) {
      scorePruned(a, b, diagonal);
      return;
    }
    int m = a.rows;
    int n = b.rows;
    maxima.compute(a, b, diagonal, columns);
    counts.tiles++;
    counts.pairs += diagonal ? (long) m * (m - 1) / 2 : (long) m * n;
    float[] rowMax = maxima.rowMax;
    for (TileReducer<?> r : reducers) {
      r.beginTile(rowMax, m);
    }
    float[] ak = maxima.rowsA();
    float[] ab = maxima.biasA();
    float[] bk = b.kernel();
    float[] bb = maxima.biasB();

    int q = 0;
    int[] cand = candidates(m);
    for (int i = 0; i < m; i++) {
      if (rowMax[i] != Float.NEGATIVE_INFINITY && rowMax[i] >= rowFloor(a.start + i)) {
        cand[q++] = i;
      }
    }
    chunks.compute(ak, ab, cand, q, bk, bb, n);
    for (int t = 0; t < q; t++) {
      int i = cand[t];
      double f = rowFloor(a.start + i);
      if (rowMax[i] >= f) {
        rescoreRow(a, ak, ab, i, b, bb, diagonal ? i + 1 : 0, f, t, false);
      }
    }
    if (!columns) {
      return;
    }
    float[] colMax = maxima.colMax;
    q = 0;
    cand = candidates(n);
    for (int j = 0; j < n; j++) {
      if (colMax[j] != Float.NEGATIVE_INFINITY && colMax[j] >= columnFloor(b.start + j)) {
        cand[q++] = j;
      }
    }
    // the same chunk filter with the roles swapped: B's rows against chunks of A's rows
    chunks.compute(bk, bb, cand, q, ak, ab, m);
    for (int t = 0; t < q; t++) {
      int j = cand[t];
      double f = columnFloor(b.start + j);
      if (colMax[j] >= f) {
        rescoreColumn(a, ak, ab, b, bb, j, diagonal ? j : m, f, t, false);
      }
    }
  }

  /**
   * The pruned scan of tile (a, b): the bound stage (the kernel over the sketches) gives each
   * row's largest upper bound; rows are verified in decreasing order of it, so that the floors
   * rise early, and within a row only the pairs whose bound reaches the floor (less {@link
   * #sigma}) are scored at full dimension, then as in the plain scan. The reducers get no tile
   * floor: bound maxima are not attained scores.
   */
  private void scorePruned(RowBlock a, RowBlock b, boolean diagonal) {
    long t0 = System.nanoTime();
    int m = a.rows;
    int n = b.rows;
    maxima.prepareOnly(a, b);
    float[] ak = maxima.rowsA();
    float[] ab = maxima.biasA();
    float[] bb = maxima.biasB();
    sketches.compute(a, b, diagonal, columns, ab, bb);
    long t1 = System.nanoTime();
    counts.boundNanos += t1 - t0;
    counts.tiles++;
    counts.pairs += diagonal ? (long) m * (m - 1) / 2 : (long) m * n;
    if (open.length < m) {
      open = new float[m];
      java.util.Arrays.fill(open, Float.NEGATIVE_INFINITY);
    }
    for (TileReducer<?> r : reducers) {
      r.beginTile(open, m);
    }
    float[] rowMax = sketches.rowMax;
    int q = 0;
    int[] cand = candidates(m);
    long[] ord = order(m);
    for (int i = 0; i < m; i++) {
      if (rowMax[i] != Float.NEGATIVE_INFINITY && rowMax[i] >= rowFloor(a.start + i) - sigma) {
        ord[q++] = descending(rowMax[i], i);
      } else {
        counts.pruned += diagonal ? m - i - 1 : n;
      }
    }
    java.util.Arrays.sort(ord, 0, q);
    for (int t = 0; t < q; t++) {
      cand[t] = (int) ord[t];
    }
    sketches.chunks.compute(sketches.rowsA(), ab, cand, q, sketches.rowsB(), bb, n);
    for (int t = 0; t < q; t++) {
      int i = cand[t];
      double f = rowFloor(a.start + i);
      if (rowMax[i] >= f - sigma) {
        rescoreRow(a, ak, ab, i, b, bb, diagonal ? i + 1 : 0, f, t, true);
      } else {
        counts.pruned += diagonal ? m - i - 1 : n;
      }
    }
    if (columns) {
      float[] colMax = sketches.colMax;
      q = 0;
      cand = candidates(n);
      for (int j = 0; j < n; j++) {
        if (colMax[j] != Float.NEGATIVE_INFINITY && colMax[j] >= columnFloor(b.start + j) - sigma) {
          cand[q++] = j;
        }
      }
      sketches.chunks.compute(sketches.rowsB(), bb, cand, q, sketches.rowsA(), ab, m);
      for (int t = 0; t < q; t++) {
        int j = cand[t];
        double f = columnFloor(b.start + j);
        if (colMax[j] >= f - sigma) {
          rescoreColumn(a, ak, ab, b, bb, j, diagonal ? j : m, f, t, true);
        }
      }
    }
    counts.verifyNanos += System.nanoTime() - t1;
  }

  /** A sort key that orders rows by decreasing bound, then by index. */
  private static long descending(float bound, int row) {
    int bits = Float.floatToIntBits(bound);
    int sortable = bits ^ ((bits >> 31) & 0x7fffffff); // increasing with the float
    return ((long) ~sortable << 32) | row;
  }

  private long[] order(int n) {
    if (order.length < n) {
      order = new long[n];
    }
    return order;
  }

  /** The lowest kernel score a pair of row {@code row} (of A) needs to matter to some reducer. */
  private double rowFloor(long row) {
    double f = Double.POSITIVE_INFINITY;
    for (TileReducer<?> r : reducers) {
      f = Math.min(f, r.rowFloor(row));
    }
    return f;
  }

  private double columnFloor(long col) {
    double f = Double.POSITIVE_INFINITY;
    for (TileReducer<?> r : reducers) {
      if (r.wantsColumns()) {
        f = Math.min(f, r.columnFloor(col));
      }
    }
    return f;
  }

  /**
   * Bounds on the exact key of pair (i of a, j of b): the double's key plus or minus its proven
   * error bound ({@code |fp64 - exact| <= err}, ExactScore.errorBound), rounded outwards.
   */
  private BoundedKey boundedKey(RowBlock a, int i, RowBlock b, int j) {
    a.fp64Score(metric, i, b, j, fp64);
    double k = units.key(fp64[0]);
    return new BoundedKey(Math.nextDown(k - fp64[1]), Math.nextUp(k + fp64[1]), this, i, j);
  }

  private int[] candidates(int n) {
    if (candidates.length < n) {
      candidates = new int[n];
    }
    return candidates;
  }

  private float fp32(float[] ak, float[] ab, int i, RowBlock b, float[] bb, int j) {
    // Another fp32 evaluation of the kernel's score; it obeys the same bound.
    float s = support.dot(ak, i * dim, b.kernel(), j * dim, dim);
    if (bb != null) {
      s = s + ab[i] + bb[j];
    }
    return s;
  }

  /**
   * Row i of the tile against B's rows from {@code from}; {@code pruned}: the chunks and pairs
   * are first gated by their sketch bounds, and the pairs the bound rules out are counted.
   */
  private void rescoreRow(
      RowBlock a, float[] ak, float[] ab, int i, RowBlock b, float[] bb, int from, double floor, int t,
      boolean pruned) {
    counts.rowsRescored++;
    long ga = a.start + i;
    ChunkFilter gate = pruned ? sketches.chunks : chunks;
    double slack = pruned ? sigma : 0;
    for (int c0 = from; c0 < b.rows; c0 = (c0 / ChunkFilter.CHUNK + 1) * ChunkFilter.CHUNK) {
      int end = Math.min(b.rows, (c0 / ChunkFilter.CHUNK + 1) * ChunkFilter.CHUNK);
      if (!gate.mayReach(t, c0, floor - slack)) {
        if (pruned) {
          counts.pruned += end - c0;
        }
        continue;
      }
      for (int j = c0; j < end; j++) {
        if (pruned) {
          counts.sketchChecked++;
          if (sketches.pair(i, j) < floor - slack) {
            counts.pruned++;
            continue;
          }
          counts.fullDim++;
        }
        if (fp32(ak, ab, i, b, bb, j) >= floor) {
          counts.exactScored++; // re-scored in double; exactly too unless that rules it out
          BoundedKey bk = boundedKey(a, i, b, j);
          long gb = b.start + j;
          boolean wanted = false;
          int bounded = 0; // the reducers that took the pair from the double and its bound
          for (int r = 0; r < reducers.length; r++) {
            if (reducers[r].takeBounded(ga, gb, fp64[0], fp64[1])) {
              bounded |= 1 << r;
            } else {
              wanted |= reducers[r].mayTake(ga, bk.hi);
            }
          }
          if (!wanted) {
            continue; // the double and its error bound rule the pair out: no exact value needed
          }
          boolean kept = false;
          for (int r = 0; r < reducers.length; r++) {
            if ((bounded & (1 << r)) == 0) {
              kept |= reducers[r].offer(ga, gb, bk);
            }
          }
          if (kept) {
            floor = rowFloor(ga); // reducers only fill up: the floor can only rise
          }
        }
      }
    }
  }

  /** Column j of the tile, for the reducers that see pairs from B's row j (rows i < to). */
  private void rescoreColumn(
      RowBlock a, float[] ak, float[] ab, RowBlock b, float[] bb, int j, int to, double floor, int t,
      boolean pruned) {
    counts.rowsRescored++;
    long gb = b.start + j;
    ChunkFilter gate = pruned ? sketches.chunks : chunks;
    double slack = pruned ? sigma : 0;
    for (int c0 = 0; c0 < to; c0 += ChunkFilter.CHUNK) {
      int end = Math.min(to, c0 + ChunkFilter.CHUNK);
      if (!gate.mayReach(t, c0, floor - slack)) {
        continue;
      }
      for (int i = c0; i < end; i++) {
        if (pruned) {
          counts.sketchChecked++;
          if (sketches.pair(i, j) < floor - slack) {
            continue;
          }
          counts.fullDimColumns++;
        }
        if (fp32(ak, ab, i, b, bb, j) >= floor) {
          counts.exactScored++;
          BoundedKey bk = boundedKey(a, i, b, j);
          boolean wanted = false;
          for (TileReducer<?> r : reducers) {
            wanted |= r.wantsColumns() && r.mayTakeColumn(gb, bk.hi);
          }
          if (!wanted) {
            continue;
          }
          boolean kept = false;
          for (TileReducer<?> r : reducers) {
            if (r.wantsColumns()) {
              kept |= r.offerColumn(gb, a.start + i, bk);
            }
          }
          if (kept) {
            floor = columnFloor(gb);
          }
        }
      }
    }
  }
}
