package io.simpair.search;

import io.simpair.kernel.BinaryScore;
import io.simpair.kernel.BinaryScorerProvider;
import io.simpair.kernel.Metric;
import io.simpair.kernel.ProjectionBound;
import io.simpair.kernel.SimilarityProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * What every tile task needs besides its blocks: the metric and direction, the kernel rows'
 * scale and rounding bound, which kernel scores, and the reducers to feed. Made by the planner,
 * shipped to the tasks.
 *
 * @param scale the 2^-e applied to dot and l2 kernel rows (1 for cosine)
 * @param delta the fp32 rounding bound in kernel units
 * @param binary score with the exact popcount kernel (0/1 rows, cosine or dot)
 * @param bichromatic A x B (else one input's triangle, diagonal tiles i < j)
 * @param reducers in the order they are offered pairs; the first is always the best pairs
 * @param sparse score with the sparse kernel (rows that are mostly zeros; not with binary)
 * @param prune the projection of a pruned scan (bound stage, then verify), or null for the plain scan
 */
public record ScanSpec(
    Metric metric,
    boolean least,
    double scale,
    int dim,
    double delta,
    boolean binary,
    boolean bichromatic,
    List<TileReducer.Spec> reducers,
    boolean sparse,
    ProjectionBound prune)
    implements java.io.Serializable {

  public ScanSpec {
    reducers = List.copyOf(reducers);
    if (sparse && binary) {
      throw new IllegalArgumentException("one kernel: sparse or binary");
    }
    if (prune != null && (sparse || binary || prune.dim() != dim)) {
      throw new IllegalArgumentException("a pruned scan runs on the fp32 kernel at the projection's dimension");
    }
  }

  /** A search without pruning. */
  public ScanSpec(
      Metric metric, boolean least, double scale, int dim, double delta, boolean binary, boolean bichromatic,
      List<TileReducer.Spec> reducers, boolean sparse) {
    this(metric, least, scale, dim, delta, binary, bichromatic, reducers, sparse, null);
  }

  /**
   * This search with its best-pairs reducer told that K pairs reach {@code key} (exact keys of
   * real pairs, e.g. a sample's K best), so that its floors start there.
   */
  public ScanSpec withKnownBest(double key) {
    List<TileReducer.Spec> out = new ArrayList<>();
    for (TileReducer.Spec s : reducers) {
      out.add(s instanceof BestPairsReducer.Spec b ? new BestPairsReducer.Spec(b.k(), key) : s);
    }
    return new ScanSpec(metric, least, scale, dim, delta, binary, bichromatic, out, sparse, prune);
  }

  /** This search, pruned with {@code p} (null: the plain scan). */
  public ScanSpec withPrune(ProjectionBound p) {
    return new ScanSpec(metric, least, scale, dim, delta, binary, bichromatic, reducers, sparse, p);
  }

  /** A search on the dense fp32 or the popcount kernel. */
  public ScanSpec(
      Metric metric, boolean least, double scale, int dim, double delta, boolean binary, boolean bichromatic,
      List<TileReducer.Spec> reducers) {
    this(metric, least, scale, dim, delta, binary, bichromatic, reducers, false, null);
  }

  /**
   * A bound on every kernel row's norm: cosine rows are unit, dot and l2 rows are scaled by
   * 2^-e below norm 1 (the planner's choice of e), with room for the fp32 rounding.
   */
  public double maxKernelNorm() {
    return 1 + 1e-6;
  }

  /** A bound on every kernel bias: l2's {@code |x~|²/2}, else 0. */
  public double maxAbsBias() {
    return metric == Metric.L2 ? maxKernelNorm() * maxKernelNorm() / 2 : 0;
  }

  /** This spec with one more reducer, offered pairs last. */
  public ScanSpec withReducer(TileReducer.Spec more) {
    List<TileReducer.Spec> r = new ArrayList<>(reducers);
    r.add(more);
    return new ScanSpec(metric, least, scale, dim, delta, binary, bichromatic, r, sparse);
  }

  /** The score units of this search. */
  public ScoreUnits units() {
    return new ScoreUnits(metric, least, scale, delta);
  }

  /** One reducer per spec, for one task thread. */
  public List<TileReducer<?>> newReducers() {
    ScoreUnits u = units();
    List<TileReducer<?>> out = new ArrayList<>(reducers.size());
    for (TileReducer.Spec s : reducers) {
      out.add(s.create(u));
    }
    return out;
  }

  /** A scan over the given reducers with the kernels this JVM provides. */
  public TileScan newScan(List<TileReducer<?>> forReducers) {
    return new TileScan(
        SimilarityProvider.get(),
        binary ? BinaryScorerProvider.newScorer(dim, binaryScore(metric)) : null,
        sparse,
        prune,
        metric,
        least,
        units(),
        dim,
        forReducers);
  }

  /** The implementation that scores the tiles in this JVM, for logs and result.json. */
  public String kernelName() {
    if (sparse) {
      return "sparse(inverted index over the non-zeros, fp64 sums)";
    }
    return binary ? BinaryScorerProvider.newScorer(dim, binaryScore(metric)).name() : SimilarityProvider.get().name();
  }

  /** Why this JVM's provider chose that implementation. */
  public String providerReason() {
    if (sparse) {
      return "sparse: plain Java";
    }
    return binary ? BinaryScorerProvider.reason() : SimilarityProvider.reason();
  }

  /** The popcount kernel's score for a metric (cosine or dot). */
  public static BinaryScore binaryScore(Metric metric) {
    return metric == Metric.COSINE ? BinaryScore.COSINE : BinaryScore.INNER_PRODUCT;
  }
}
