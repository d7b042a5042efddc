package io.simpair.spark;

import io.simpair.kernel.BinaryTileScorer;
import io.simpair.kernel.Metric;
import io.simpair.kernel.SimilaritySupport;
import io.simpair.kernel.TileScorer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores tiles with the fused fp32 kernel and feeds the exact reducers: the K best pairs (K = 1
 * for the best pair), every pair past a threshold, and each row's K best others.
 *
 * <p>The kernel returns each row's (and, for per-row search, each column's) fp32 maximum.
 * A row is re-scored only when its maximum can still matter to some reducer; within it, only
 * pairs whose fp32 score reaches the same floor are re-scored exactly in double, and the
 * reducers decide on the double-precision scores. The floors are proven lower bounds (see
 * {@link io.simpair.kernel.RoundingBound}: |fp32 − exact| ≤ δ in kernel units):
 *
 * <ul>
 *   <li>top-K, from the tile: the K-th largest row maximum r_K is at most the tile's K-th best
 *       fp32 score, so a pair of the tile's exact top K has fp32 ≥ r_K − 2δ;
 *   <li>top-K, from the heap: a pair that can still enter has exact ≥ the heap's worst exact
 *       key, so fp32 ≥ that − δ (the same for a per-row heap);
 *   <li>threshold T: fp32 ≥ T − δ.
 * </ul>
 *
 * Least-similar search negates the A side (rows and biases) and the B biases, so the kernel
 * always maximises. Pure Java (no Spark); one instance per task thread.
 */
final class TileEvaluator {
  /** What to compute besides the counts. */
  record Reducers(int topK, double thresholdKey, int maxKeep, int perRowK, boolean perRowColumns)
      implements java.io.Serializable {}

  private final SimilaritySupport support;
  private final TileScorer scorer;
  /** The exact popcount kernel for 0/1 rows (most similar, cosine or dot), or null. */
  private final BinaryTileScorer binary;
  private int[] rowArg = new int[0];
  private int[] rowCount = new int[0];
  private long[] reversed = new long[0];
  private final Metric metric;
  private final boolean least;
  private final double scale2;
  private final int dim;
  private final double delta;
  private final Reducers want;
  /** Candidate rows at least this many per tile are filtered by chunk maxima first. */
  static final int BATCH = 8;
  /** Key rows per chunk of the chunk filter. */
  static final int CHUNK = 128;

  private float[] rowMax = new float[0];
  private int[] candidates = new int[0];
  private float[] gather = new float[0];
  private float[] gatherBias = new float[0];
  private float[] gatherMax = new float[0];
  private float[] chunkMax = new float[0];
  private float[] keyBuf;
  private float[] keyBiasBuf = new float[CHUNK];
  private int chunkCount;
  /** The current tile's top-k floor (r_K - 2 delta) and threshold floor, in kernel units. */
  private double tileFloor;
  private double thresholdFloor;
  private float[] colMax = new float[0];
  private float[] sortScratch = new float[0];
  private int negBlock = -1;
  private float[] negRows;
  private float[] negBiasA;
  private float[] negBiasB;

  final PairHeap top;
  final List<PairCandidate> thresholdPairs = new ArrayList<>();
  long thresholdCount;
  final Map<Long, PairHeap> perRow = new HashMap<>();
  long tiles;
  long pairs;
  /** Rows and columns whose maximum came within a floor, re-scored in fp32. */
  long rowsRescored;
  /** Pairs re-scored in double. */
  long exactScored;

  /**
   * @param scale the 2^-e applied to dot and l2 kernel rows (1 for cosine)
   * @param delta the rounding bound in kernel units
   */
  TileEvaluator(
      SimilaritySupport support,
      Metric metric,
      boolean least,
      double scale,
      int dim,
      double delta,
      Reducers want) {
    this(support, null, metric, least, scale, dim, delta, want);
  }

  /**
   * As above; with {@code binary} non-null, full tiles get their row (and column) maxima from
   * the exact popcount kernel instead of the fp32 one. Only for 0/1 rows, cosine or dot: a
   * row's best count c gives its kernel score c * u_i * u_j (u = the kernel value of a row's
   * non-zero entries), computed in double and rounded once, so it is within the fp32 kernel's
   * bound of the exact score and every floor below holds. Least-similar search takes the
   * kernel's row minima and negates them, as the fp32 path negates the A rows.
   */
  TileEvaluator(
      SimilaritySupport support,
      BinaryTileScorer binary,
      Metric metric,
      boolean least,
      double scale,
      int dim,
      double delta,
      Reducers want) {
    if (binary != null && metric == Metric.L2) {
      throw new IllegalArgumentException("the popcount kernel scores cosine and dot only");
    }
    this.support = support;
    this.binary = binary;
    this.scorer = support.newTileScorer(dim);
    this.metric = metric;
    this.least = least;
    this.scale2 = scale * scale;
    this.dim = dim;
    this.delta = delta;
    this.want = want;
    this.top = new PairHeap(Math.max(1, want.topK()));
    this.keyBuf = new float[CHUNK * dim];
  }

  /** The ranking key of an exact score: larger is better in the search's direction. */
  static double key(Metric metric, boolean least, double score) {
    boolean larger = metric.largerIsBetter() != least;
    return larger ? score : -score;
  }

  /** The kernel score that corresponds to an exact key (monotone increasing in the key). */
  double toKernel(double key) {
    if (key == Double.NEGATIVE_INFINITY) {
      return key;
    }
    switch (metric) {
      case COSINE:
        return key;
      case DOT:
        return key * scale2;
      case L2:
        // most: key = -dist, kernel = -dist²/2; least: key = dist, kernel = +dist²/2 (scaled)
        return (least ? 1 : -1) * key * key * scale2 / 2;
      default:
        throw new AssertionError(metric);
    }
  }

  /** Scores tile (a, b); {@code diagonal} means a and b are the same block (pairs i < j only). */
  void score(RowBlock a, RowBlock b, boolean diagonal) {
    int m = a.rows;
    int n = b.rows;
    if (rowMax.length < m) {
      rowMax = new float[m];
      sortScratch = new float[m];
    }
    boolean columns = want.perRowK() > 0 && want.perRowColumns();
    if (columns && colMax.length < n) {
      colMax = new float[n];
    }
    float[] ak = a.kernel();
    float[] ab = a.bias();
    float[] bk = b.kernel();
    float[] bb = b.bias();
    if (least) {
      negateA(a);
      ak = negRows;
      ab = negBiasA;
      bb = negBias(b);
    }
    if (binary != null) {
      binaryMaxima(a, b, diagonal, columns);
    } else {
      scorer.maxScores(ak, ab, m, bk, bb, n, diagonal, rowMax, columns ? colMax : null);
    }
    tiles++;
    pairs += diagonal ? (long) m * (m - 1) / 2 : (long) m * n;

    tileFloor = kthLargest(m, Math.max(1, want.topK())) - 2 * delta;
    thresholdFloor =
        Double.isNaN(want.thresholdKey())
            ? Double.POSITIVE_INFINITY
            : toKernel(want.thresholdKey()) - delta;
    // Rows that may matter. Floors only rise while the tile is processed, so the set taken
    // now is a superset of the rows that still matter later.
    int q = 0;
    int[] cand = candidates(m);
    for (int i = 0; i < m; i++) {
      if (rowMax[i] != Float.NEGATIVE_INFINITY && rowMax[i] >= rowFloor(a.start + i)) {
        cand[q++] = i;
      }
    }
    float[] chunks = q >= BATCH ? chunkMaxima(ak, ab, cand, q, bk, bb, n) : null;
    for (int t = 0; t < q; t++) {
      int i = cand[t];
      double f = rowFloor(a.start + i);
      if (rowMax[i] >= f) {
        rescoreRow(a, ak, ab, i, b, bb, diagonal ? i + 1 : 0, f, chunks, t);
      }
    }
    if (columns) {
      q = 0;
      cand = candidates(n);
      for (int j = 0; j < n; j++) {
        if (colMax[j] != Float.NEGATIVE_INFINITY && colMax[j] >= heapFloor(b.start + j)) {
          cand[q++] = j;
        }
      }
      // the same chunk filter with the roles swapped: B's rows against chunks of A's rows
      chunks = q >= BATCH ? chunkMaxima(bk, bb, cand, q, ak, ab, m) : null;
      for (int t = 0; t < q; t++) {
        int j = cand[t];
        double f = heapFloor(b.start + j);
        if (colMax[j] >= f) {
          rescoreColumn(a, ak, ab, b, bb, j, diagonal ? j : m, f, chunks, t);
        }
      }
    }
  }

  /**
   * Row maxima (and, with {@code columns}, column maxima) of tile (a, b) in kernel units from
   * the popcount kernel's exact best counts. Column maxima come from a second pass with the
   * roles swapped; on a diagonal tile, where column j needs rows i < j, that pass runs over the
   * block's rows in reverse order, so that the earlier rows are the later ones the kernel scans.
   */
  private void binaryMaxima(RowBlock a, RowBlock b, boolean diagonal, boolean columns) {
    int m = a.rows;
    int n = b.rows;
    int most = Math.max(m, n);
    if (rowArg.length < most) {
      rowArg = new int[most];
      rowCount = new int[most];
    }
    long[] aBits = a.bits();
    long[] bBits = b.bits();
    float[] ua = a.unit();
    float[] ub = b.unit();
    // most similar: maxima of S; least similar: maxima of -S = -(minima of S)
    double sign = least ? -1 : 1;
    extremes(aBits, m, bBits, n, diagonal);
    for (int i = 0; i < m; i++) {
      int j = rowArg[i];
      rowMax[i] =
          j < 0 ? Float.NEGATIVE_INFINITY : (float) (sign * rowCount[i] * ua[i] * ub[j]);
    }
    if (!columns) {
      return;
    }
    if (!diagonal) {
      extremes(bBits, n, aBits, m, false);
      for (int j = 0; j < n; j++) {
        int i = rowArg[j];
        colMax[j] =
            i < 0 ? Float.NEGATIVE_INFINITY : (float) (sign * rowCount[j] * ub[j] * ua[i]);
      }
      return;
    }
    int words = binary.words();
    if (reversed.length < n * words) {
      reversed = new long[n * words];
    }
    for (int r = 0; r < n; r++) {
      System.arraycopy(bBits, (n - 1 - r) * words, reversed, r * words, words);
    }
    extremes(reversed, n, reversed, n, true);
    for (int r = 0; r < n; r++) {
      int j = n - 1 - r;
      int i = rowArg[r] < 0 ? -1 : n - 1 - rowArg[r];
      colMax[j] =
          i < 0 ? Float.NEGATIVE_INFINITY : (float) (sign * rowCount[r] * ub[j] * ua[i]);
    }
  }

  /** The popcount kernel's row maxima, or row minima for least-similar search, into rowArg/rowCount. */
  private void extremes(long[] x, int xRows, long[] y, int yRows, boolean diagonal) {
    if (least) {
      binary.minScores(x, xRows, y, yRows, diagonal, rowArg, rowCount);
    } else {
      binary.maxScores(x, xRows, y, yRows, diagonal, rowArg, rowCount);
    }
  }

  /** The lowest kernel score a pair of row {@code row} (of A) needs to matter to a reducer. */
  private double rowFloor(long row) {
    double topFloor = Math.max(tileFloor, toKernel(top.floorKey()) - delta);
    double f = Math.min(topFloor, thresholdFloor);
    return want.perRowK() > 0 ? Math.min(f, heapFloor(row)) : f;
  }

  private int[] candidates(int n) {
    if (candidates.length < n) {
      candidates = new int[n];
    }
    return candidates;
  }

  /**
   * Per candidate row and per chunk of {@link #CHUNK} key rows, the fp32 maximum (by the tile
   * kernel), so that a candidate row is re-scored one pair at a time only in the chunks that
   * can reach its floor. The maxima ignore the diagonal's j > i rule: a superset, which is all
   * a filter needs. Returns {@code q x chunks} maxima, row-major.
   */
  private float[] chunkMaxima(
      float[] rows, float[] rowBias, int[] idx, int q, float[] keys, float[] keyBias, int nKeys) {
    int chunks = (nKeys + CHUNK - 1) / CHUNK;
    if (gather.length < q * dim) {
      gather = new float[q * dim];
      gatherBias = new float[q];
      gatherMax = new float[q];
    }
    for (int t = 0; t < q; t++) {
      System.arraycopy(rows, idx[t] * dim, gather, t * dim, dim);
      gatherBias[t] = rowBias == null ? 0f : rowBias[idx[t]];
    }
    if (chunkMax.length < q * chunks) {
      chunkMax = new float[q * chunks];
    }
    for (int c = 0; c < chunks; c++) {
      int from = c * CHUNK;
      int cn = Math.min(CHUNK, nKeys - from);
      System.arraycopy(keys, from * dim, keyBuf, 0, cn * dim);
      if (keyBias != null) {
        System.arraycopy(keyBias, from, keyBiasBuf, 0, cn);
      }
      scorer.maxScores(
          gather, rowBias == null ? null : gatherBias, q, keyBuf, keyBias == null ? null : keyBiasBuf,
          cn, false, gatherMax, null);
      for (int t = 0; t < q; t++) {
        chunkMax[t * chunks + c] = gatherMax[t];
      }
    }
    chunkCount = chunks;
    return chunkMax;
  }

  /** The K-th largest finite row maximum, or -Infinity when fewer than K rows have one. */
  private double kthLargest(int m, int k) {
    if (k == 1) {
      float best = Float.NEGATIVE_INFINITY;
      for (int i = 0; i < m; i++) {
        best = Math.max(best, rowMax[i]);
      }
      return best;
    }
    if (k > m) {
      return Double.NEGATIVE_INFINITY;
    }
    System.arraycopy(rowMax, 0, sortScratch, 0, m);
    Arrays.sort(sortScratch, 0, m);
    return sortScratch[m - k];
  }

  /** The floor of a row's own per-row heap (-Infinity while it is not full or not used). */
  private double heapFloor(long row) {
    if (want.perRowK() == 0) {
      return Double.NEGATIVE_INFINITY;
    }
    PairHeap h = perRow.get(row);
    return h == null || !h.full() ? Double.NEGATIVE_INFINITY : toKernel(h.floorKey()) - delta;
  }

  private float fp32(float[] ak, float[] ab, int i, RowBlock b, float[] bb, int j) {
    // Another fp32 evaluation of the kernel's score; it obeys the same bound.
    float s = support.dot(ak, i * dim, b.kernel(), j * dim, dim);
    if (bb != null) {
      s = s + ab[i] + bb[j];
    }
    return s;
  }

  private void rescoreRow(
      RowBlock a,
      float[] ak,
      float[] ab,
      int i,
      RowBlock b,
      float[] bb,
      int from,
      double floor,
      float[] chunks,
      int t) {
    rowsRescored++;
    long ga = a.start + i;
    for (int c0 = from; c0 < b.rows; c0 = (c0 / CHUNK + 1) * CHUNK) {
      int end = Math.min(b.rows, (c0 / CHUNK + 1) * CHUNK);
      if (chunks != null && chunks[t * chunkCount + c0 / CHUNK] < floor) {
        continue; // no pair of this chunk reaches the floor
      }
      for (int j = c0; j < end; j++) {
        if (fp32(ak, ab, i, b, bb, j) >= floor) {
          exactScored++;
          double score = a.exactScore(metric, i, b, j);
          double key = key(metric, least, score);
          long gb = b.start + j;
          boolean kept = top.offer(ga, gb, key, score);
          if (!Double.isNaN(want.thresholdKey()) && key >= want.thresholdKey()) {
            thresholdCount++;
            if (thresholdPairs.size() <= want.maxKeep()) {
              thresholdPairs.add(new PairCandidate(ga, gb, score, key));
            }
          }
          if (want.perRowK() > 0) {
            kept |= perRow.computeIfAbsent(ga, r -> new PairHeap(want.perRowK())).offer(ga, gb, key, score);
          }
          if (kept) {
            floor = rowFloor(ga); // heaps only fill up: the floor can only rise
          }
        }
      }
    }
  }

  /** Column j of the tile, for the per-row heap of B's row j (rows i < to). */
  private void rescoreColumn(
      RowBlock a,
      float[] ak,
      float[] ab,
      RowBlock b,
      float[] bb,
      int j,
      int to,
      double floor,
      float[] chunks,
      int t) {
    rowsRescored++;
    long gb = b.start + j;
    for (int c0 = 0; c0 < to; c0 += CHUNK) {
      int end = Math.min(to, c0 + CHUNK);
      if (chunks != null && chunks[t * chunkCount + c0 / CHUNK] < floor) {
        continue; // no pair of this chunk reaches the floor
      }
      for (int i = c0; i < end; i++) {
        if (fp32(ak, ab, i, b, bb, j) >= floor) {
          exactScored++;
          double score = a.exactScore(metric, i, b, j);
          double key = key(metric, least, score);
          if (perRow.computeIfAbsent(gb, r -> new PairHeap(want.perRowK())).offer(gb, a.start + i, key, score)) {
            floor = heapFloor(gb);
          }
        }
      }
    }
  }

  private void negateA(RowBlock a) {
    int id = a.side * (1 << 30) + a.block;
    if (negBlock == id) {
      return;
    }
    negBlock = id;
    float[] k0 = a.kernel();
    if (negRows == null || negRows.length < k0.length) {
      negRows = new float[k0.length];
    }
    for (int k = 0; k < a.rows * dim; k++) {
      negRows[k] = -k0[k];
    }
    negBiasA = a.bias() == null ? null : negate(a.bias(), a.rows, negBiasA);
  }

  private float[] negBias(RowBlock b) {
    if (b.bias() == null) {
      return null;
    }
    negBiasB = negate(b.bias(), b.rows, negBiasB);
    return negBiasB;
  }

  private static float[] negate(float[] x, int n, float[] into) {
    float[] out = into == null || into.length < n ? new float[n] : into;
    for (int i = 0; i < n; i++) {
      out[i] = -x[i];
    }
    return out;
  }
}
