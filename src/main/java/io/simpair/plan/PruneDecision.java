package io.simpair.plan;

import io.simpair.kernel.ProjectionBound;
import io.simpair.search.BestPairsReducer;
import io.simpair.search.PairCandidate;
import io.simpair.search.Projections;
import io.simpair.search.RowBlock;
import io.simpair.search.ScanCounts;
import io.simpair.search.ScanSpec;
import io.simpair.search.TileReducer;
import io.simpair.search.TileScan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether and at which rank a search is pruned, decided from a sample: the pruned scan is run
 * over the sample's pairs at each candidate rank with the search's own reducers, and its
 * measured share of pairs scored at full dimension prices the rank.
 *
 * <p>Cost model, in kernel flops per pair: the plain scan does {@code d}; a pruned one {@code
 * (r + 1)} in the bound stage (once more for the chunk filter of each verified row), plus {@code
 * VERIFY_COST (r + 1)} for each pair whose bound is computed alone (the chunks the filter keeps)
 * and {@code VERIFY_COST d} for each pair scored at full dimension, since those are scored one
 * pair at a time rather than by the fused tile kernel. A probe of {@link #PROBE_ROWS} rows at
 * the largest rank first rejects inputs that are not low-rank (random, 0/1) cheaply. The sample's floors are lower than the whole
 * input's (fewer pairs, a lower best), so its share overestimates the real one.
 *
 * @param prune whether to prune
 * @param bound the projection when pruning, else null
 * @param reason why, for the log and result.json
 * @param rank r of the chosen (or best rejected) projection, 0 when none was tried
 * @param energy the share of the sample's squared norm the rank keeps
 * @param sampleFullDim the sample's share of pairs scored at full dimension at that rank
 * @param estimatedGain the plain scan's cost over the pruned one's, by the model
 * @param spec the search to run: pruned with {@code bound} and its best pairs' floor started at
 *     the sample's K-th best exact key; null when not pruned
 */
public record PruneDecision(
    boolean prune, ProjectionBound bound, String reason, int rank, double energy, double sampleFullDim,
    double estimatedGain, ScanSpec spec) {

  /** Pairs of one input (or A x B) below which auto does not prune: the set-up does not pay. */
  public static final long MIN_PAIRS = 10_000_000L;
  /** Widest input pruned: the d x d second-moment matrix is shipped and decomposed. */
  public static final int MAX_DIM = 2048;
  /** Pruning must cut the modelled work at least this many times. */
  static final double MIN_GAIN = 2.0;
  /** A pair verified alone costs this many times a fused-kernel flop. */
  static final double VERIFY_COST = 8.0;
  /** Rows of the first, cheap pruned scan at the largest rank. */
  static final int PROBE_ROWS = 384;

  /** Not pruned, for {@code reason}. */
  public static PruneDecision off(String reason) {
    return new PruneDecision(false, null, reason, 0, 0, 1, 1, null);
  }

  /**
   * The reason a search cannot or should not be pruned before any sample, or null when it may be.
   *
   * @param pairs the search's pair count
   */
  public static String precheck(PruneMode mode, ScanSpec spec, long pairs) {
    if (mode == PruneMode.OFF) {
      return "--prune off";
    }
    for (io.simpair.search.TileReducer.Spec r : spec.reducers()) {
      if (r instanceof io.simpair.search.AttentionReducer.Spec) {
        return "the attention statistics need every pair's score";
      }
      if (r instanceof io.simpair.search.HistogramReducer.Spec) {
        return "the histogram counts every pair's score";
      }
    }
    if (spec.binary()) {
      return "the popcount kernel scores 0/1 rows exactly with integer counts; the bound is for the fp32 kernel";
    }
    if (spec.sparse()) {
      return "the sparse kernel already skips the zeros; the bound is for the fp32 kernel";
    }
    if (spec.dim() < 4) {
      return "dimension " + spec.dim() + ": a sketch of r + 1 values cannot be shorter than the row";
    }
    if (spec.dim() > MAX_DIM) {
      return "dimension " + spec.dim() + " is above " + MAX_DIM + " (the d x d second-moment matrix is too large)";
    }
    if (mode == PruneMode.AUTO && pairs < MIN_PAIRS) {
      return String.format(Locale.ROOT, "%,d pairs: below %,d the bound stage does not pay for its set-up", pairs, MIN_PAIRS);
    }
    return null;
  }

  /** The ranks tried: 15, 31 and 63 where below d - 1 (sketches of 16, 32, 64 values: whole vectors), else d / 2. */
  static List<Integer> ranks(int d) {
    List<Integer> r = new ArrayList<>();
    for (int k = 15; k <= 63; k = 2 * k + 1) {
      if (k + 1 < d) {
        r.add(k);
      }
    }
    if (r.isEmpty()) {
      r.add(Math.max(1, d / 2));
    }
    return r;
  }

  /** The largest rank tried for dimension d: the eigenvectors to compute. */
  public static int maxRank(int d) {
    List<Integer> r = ranks(d);
    return r.get(r.size() - 1);
  }

  /** A share of the probe's pairs at full dimension, at the largest rank, beyond which the rows are not low-rank. */
  static final double GIVE_UP_SHARE = 0.25;

  /**
   * Decides from the sample blocks ({@code sampleB} null for one input, whose sample is scored
   * as a diagonal tile), a larger sample for the floor ({@code floorA}, {@code floorB}: its K
   * best pairs by the plain scan) and the second-moment decomposition {@code eigen}.
   */
  public static PruneDecision decide(
      PruneMode mode, ScanSpec spec, RowBlock sampleA, RowBlock sampleB, RowBlock floorA, RowBlock floorB,
      java.util.function.Supplier<Projections.Eigen> eigens) {
    int d = spec.dim();
    // the sample's K best pairs are pairs of the input: the whole search's K-th best key is at least theirs
    List<TileReducer<?>> plain = spec.withKnownBest(Double.NEGATIVE_INFINITY).newReducers();
    spec.newScan(plain).score(floorA, floorB == null ? floorA : floorB, floorB == null);
    BestPairsReducer top = (BestPairsReducer) plain.get(0);
    List<PairCandidate> best = top.sorted();
    int k = top.heap().capacity();
    ScanSpec hinted = best.size() >= k ? spec.withKnownBest(best.get(k - 1).key) : spec;
    Projections.Eigen eigen = eigens.get(); // computed meanwhile by the caller, if it likes
    PruneDecision chosen = null;
    double bestCost = Double.POSITIVE_INFINITY;
    int sampleRows = sampleA.rows + (sampleB == null ? 0 : sampleB.rows);
    List<Integer> ranks = ranks(d);
    int topRank = ranks.get(ranks.size() - 1);
    if (mode == PruneMode.AUTO && sampleA.rows > 2 * PROBE_ROWS && sampleB == null) {
      RowBlock probe = sampleA.head(PROBE_ROWS);
      ScanSpec p = hinted.withPrune(eigen.bound(topRank, spec.maxKernelNorm(), spec.maxAbsBias()));
      List<TileReducer<?>> pr = p.newReducers();
      TileScan ps = p.newScan(pr);
      ps.score(probe, probe, true);
      double share = (double) ps.counts().fullDim / Math.max(1, ps.counts().pairs);
      if (share > GIVE_UP_SHARE) {
        return new PruneDecision(false, null, String.format(Locale.ROOT,
            "probe of %d rows: at r = %d (%.1f%% of the squared norm) %.1f%% of its pairs need full dimension: not low-rank, the plain scan",
            PROBE_ROWS, topRank, 100 * eigen.energy(topRank), 100 * share), topRank, eigen.energy(topRank), share, 1, null);
      }
    }
    // start in the middle; go down when it is already tight, up when too many pairs get through
    int at = ranks.size() / 2;
    java.util.Set<Integer> tried = new java.util.HashSet<>();
    while (at >= 0 && at < ranks.size() && tried.add(at)) {
      int r = ranks.get(at);
      ProjectionBound bound = eigen.bound(r, spec.maxKernelNorm(), spec.maxAbsBias());
      ScanSpec pruned = hinted.withPrune(bound);
      List<TileReducer<?>> reducers = pruned.newReducers();
      TileScan scan = pruned.newScan(reducers);
      scan.score(sampleA, sampleB == null ? sampleA : sampleB, sampleB == null);
      ScanCounts c = scan.counts();
      if (c.pairs == 0) {
        return off("the sample has no pairs");
      }
      double full = (double) (c.fullDim + c.fullDimColumns) / c.pairs;
      double rowShare = (double) c.rowsRescored / sampleRows;
      double checked = (double) c.sketchChecked / c.pairs;
      double verify = VERIFY_COST * (checked * (r + 1) + full * d);
      double cost = (r + 1) * (1 + rowShare) + verify;
      boolean better = cost < bestCost;
      if (better) {
        bestCost = cost;
        chosen = new PruneDecision(true, bound, null, r, bound.energy(), full, d / cost, pruned);
      } else if (chosen != null) {
        break; // the cost rose: the rank before was the best of this walk
      }
      at += verify < 0.25 * (r + 1) ? -1 : 1;
    }
    boolean pays = chosen.estimatedGain() >= MIN_GAIN;
    String what =
        String.format(
            Locale.ROOT,
            "sample of %d rows: r = %d keeps %.1f%% of the squared norm; %.3f%% of the sample's pairs need full dimension; modelled gain %.2fx",
            sampleRows, chosen.rank(), 100 * chosen.energy(), 100 * chosen.sampleFullDim(), chosen.estimatedGain());
    if (mode == PruneMode.ON || pays) {
      return new PruneDecision(true, chosen.bound(), (mode == PruneMode.ON ? "--prune on; " : "") + what, chosen.rank(),
          chosen.energy(), chosen.sampleFullDim(), chosen.estimatedGain(), chosen.spec());
    }
    return new PruneDecision(
        false, null, what + ", below " + MIN_GAIN + "x: the plain scan", chosen.rank(), chosen.energy(),
        chosen.sampleFullDim(), chosen.estimatedGain(), null);
  }
}
