package io.simpair.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simpair.kernel.BinaryScorerProvider;
import io.simpair.kernel.ExactScore;
import io.simpair.kernel.Metric;
import io.simpair.kernel.SimilarityProvider;
import io.simpair.plan.ClusterFacts;
import io.simpair.plan.InputFacts;
import io.simpair.plan.Planner;
import io.simpair.plan.SearchOptions;
import io.simpair.plan.SearchOptions.Kernel;
import io.simpair.plan.SearchPlan;
import io.simpair.plan.TileGrid;
import io.simpair.testutil.Oracle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The tile scan over a whole grid against an exact brute force ({@link Oracle}: BigDecimal, each
 * score checked against the double-precision formula), for every reducer at once.
 */
class TileScanTest {
  private static final ClusterFacts CLUSTER = new ClusterFacts(4, 1L << 30);
  private static final int[] DIMS = {1, 3, 17, 64, 100};
  private static final int[] BLOCKS = {7, 16}; // cut the inputs mid-way, many partial blocks
  private static final int TOP_K = 5;
  private static final int PER_ROW = 3;
  private static final int THRESHOLD_PAIRS = 20;

  /** A scored pair: (a, b), key and score. */
  record P(long a, long b, double key, double score) {}

  /**
   * A pair of the brute force: its double-precision key with a bound on that formula's error, and
   * its exact value and score, computed only when the doubles cannot decide.
   */
  static final class X {
    final long a;
    final long b;
    final Metric metric;
    final boolean least;
    final double fp64;
    final double tol;
    final double[] ra;
    final double[] rb;
    final java.math.BigDecimal sa;
    final java.math.BigDecimal sb;
    private Oracle.Exact exact;
    private P p;

    X(long a, long b, Metric metric, boolean least, double[] ra, java.math.BigDecimal sa, double[] rb, java.math.BigDecimal sb) {
      this.a = a;
      this.b = b;
      this.metric = metric;
      this.least = least;
      this.ra = ra;
      this.rb = rb;
      this.sa = sa;
      this.sb = sb;
      this.fp64 = Oracle.fp64Score(metric.label(), ra, rb);
      this.tol = Oracle.fp64Tolerance(metric.label(), ra, rb, fp64);
    }

    /** The fp64 score in the search's direction (larger is better). */
    double fkey() {
      return ScoreUnits.key(metric, least, fp64);
    }

    Oracle.Exact exact() {
      if (exact == null) {
        exact = Oracle.exact(metric.label(), ra, sa, rb, sb);
      }
      return exact;
    }

    P p() {
      if (p == null) {
        double s = Oracle.checked(metric.label(), ra, rb, exact());
        p = new P(a, b, ScoreUnits.key(metric, least, s), s);
      }
      return p;
    }

    /** Compares the exact score in the search's direction with {@code t}: the double decides when far enough. */
    int compareKeyTo(double t) {
      int sign = metric.largerIsBetter() != least ? 1 : -1;
      if (Math.abs(fp64 - t) > tol) {
        return sign * Double.compare(fp64, t);
      }
      return sign * exact().compareScore(t);
    }

    X swapped() {
      return new X(b, a, metric, least, rb, sb, ra, sa);
    }
  }

  /** Best first by exact value in the search's direction, then (a, b); doubles decide when apart by more than their errors. */
  private static final Comparator<X> EXACT =
      ((Comparator<X>)
              (x, y) -> {
                double gap = x.fkey() - y.fkey();
                if (Math.abs(gap) > x.tol + y.tol) {
                  return gap > 0 ? -1 : 1;
                }
                return x.least ? x.exact().compareBetter(y.exact()) : y.exact().compareBetter(x.exact());
              })
          .thenComparingLong(x -> x.a)
          .thenComparingLong(x -> x.b);

  /** By rounded key, then (a, b): a canonical order to compare sets of pairs. */
  private static final Comparator<P> ORDER =
      Comparator.comparingDouble((P p) -> -p.key()).thenComparingLong(P::a).thenComparingLong(P::b);

  /** One input side: its rows as fp32 ({@code f}) or fp64 ({@code d}) values, one non-null. */
  record Side(float[][] f, double[][] d) {
    int n() {
      return f != null ? f.length : d.length;
    }

    double value(int i, int k) {
      return f != null ? f[i][k] : d[i][k];
    }

    double norm(int i, int dim) {
      return f != null ? ExactScore.norm(f[i], 0, dim) : ExactScore.norm(d[i], 0, dim);
    }

    double[] row(int i) {
      return f != null ? Oracle.toDouble(new float[][] {f[i]})[0] : d[i];
    }
  }

  /** What the scan is asked: the search and its sides ({@code b} null: monochromatic). */
  record Case(Metric metric, boolean least, int dim, int blockRows, Side a, Side b, Kernel kernel) {
    @Override
    public String toString() {
      return metric.label() + (least ? " least" : " most") + ", d=" + dim + ", block " + blockRows
          + ", n=" + a.n() + (b == null ? " mono" : " x " + b.n()) + (a.f() != null ? " fp32" : " fp64")
          + ", kernel " + kernel;
    }
  }

  @Test
  void gaussianRowsEveryMetricModeShapeDimAndBlockSize() {
    Random r = new Random(11);
    int c = 0;
    for (Metric metric : Metric.values()) {
      for (boolean least : new boolean[] {false, true}) {
        for (boolean bi : new boolean[] {false, true}) {
          for (int dim : DIMS) {
            for (int block : BLOCKS) {
              boolean fp32 = c++ % 2 == 0; // half the cases as fp64 input
              Side a = gaussian(r, 1 + r.nextInt(70), dim, fp32);
              Side b = bi ? gaussian(r, 1 + r.nextInt(70), dim, fp32) : null;
              check(new Case(metric, least, dim, block, a, b, Kernel.AUTO));
            }
          }
        }
      }
    }
  }

  @Test
  void exactDuplicateRowsTieAndAreOrderedByIndex() {
    Random r = new Random(12);
    for (Metric metric : Metric.values()) {
      for (boolean least : new boolean[] {false, true}) {
        for (boolean bi : new boolean[] {false, true}) {
          for (int dim : new int[] {3, 17}) {
            Side a = withDuplicates(r, gaussian(r, 40 + r.nextInt(30), dim, true), null);
            // B copies rows of A too, so that A x B has exact ties across the sides
            Side b = bi ? withDuplicates(r, gaussian(r, 30 + r.nextInt(30), dim, true), a) : null;
            check(new Case(metric, least, dim, 7, a, b, Kernel.AUTO));
          }
        }
      }
    }
  }

  @Test
  void allEqualRowsTieEverywhere() {
    Random r = new Random(13);
    for (Metric metric : Metric.values()) {
      for (boolean least : new boolean[] {false, true}) {
        for (boolean bi : new boolean[] {false, true}) {
          int dim = 17;
          float[] v = gaussian(r, 1, dim, true).f()[0];
          check(new Case(metric, least, dim, 7, repeat(v, 23), bi ? repeat(v, 19) : null, Kernel.AUTO));
        }
      }
    }
  }

  @Test
  void zeroOneRowsOnThePopcountAndTheFloatKernel() {
    Random r = new Random(14);
    for (Metric metric : new Metric[] {Metric.COSINE, Metric.DOT}) {
      for (boolean least : new boolean[] {false, true}) {
        for (boolean bi : new boolean[] {false, true}) {
          for (int dim : new int[] {1, 17, 64, 100}) {
            for (Kernel kernel : new Kernel[] {Kernel.AUTO, Kernel.FLOAT}) {
              double density = r.nextBoolean() ? 0.1 : 0.5;
              Side a = zeroOne(r, 1 + r.nextInt(70), dim, density, metric == Metric.COSINE);
              Side b = bi ? zeroOne(r, 1 + r.nextInt(70), dim, density, metric == Metric.COSINE) : null;
              check(new Case(metric, least, dim, 16, a, b, kernel));
            }
          }
        }
      }
    }
  }

  @Test
  void mostlyZeroRowsOnTheSparseAndTheFloatKernel() {
    Random r = new Random(15);
    for (Metric metric : Metric.values()) {
      for (boolean least : new boolean[] {false, true}) {
        for (boolean bi : new boolean[] {false, true}) {
          for (int dim : new int[] {1, 17, 300}) {
            for (Kernel kernel : new Kernel[] {Kernel.AUTO, Kernel.SPARSE}) {
              boolean fp32 = r.nextBoolean();
              // dim 300 at 2% non-zero: auto takes the sparse kernel; rows repeat, some share nothing
              double density = dim == 300 ? 0.02 : 0.2;
              Side a = sparse(r, 1 + r.nextInt(70), dim, density, fp32, metric == Metric.COSINE);
              Side b = bi ? sparse(r, 1 + r.nextInt(70), dim, density, fp32, metric == Metric.COSINE) : null;
              check(new Case(metric, least, dim, 16, a, b, kernel));
            }
          }
        }
      }
    }
  }

  @Test
  void blocksOfSeveralChunksSkipOnlyChunksThatCannotReachTheFloor() {
    // Blocks above ChunkFilter.CHUNK rows: the chunk filter and the diagonal's mid-chunk start.
    Random r = new Random(16);
    for (Metric metric : Metric.values()) {
      // each metric once most and once least similar, over the two shapes
      boolean least = metric.ordinal() % 2 == 1;
      Side x = withDuplicates(r, gaussian(r, 300, 17, true), null);
      check(new Case(metric, least, 17, 200, x, null, Kernel.AUTO));
      Side a = gaussian(r, 290, 5, true);
      Side b = withDuplicates(r, gaussian(r, 150, 5, true), a);
      check(new Case(metric, !least, 5, 140, a, b, Kernel.AUTO));
    }
  }

  @Test
  void floorsPruneAlmostAllExactRescoresWhenOnlyTheBestPairIsAsked() {
    // If floors stopped pruning (say, stayed at -Infinity), every pair would be re-scored.
    Side x = gaussian(new Random(15), 300, 32, true);
    for (Metric metric : Metric.values()) {
      for (boolean least : new boolean[] {false, true}) {
        SearchOptions o = options(metric, least, 0, Double.NaN, 0, 64, Kernel.AUTO);
        SearchPlan plan = Planner.plan(o, facts(x, 32), null, CLUSTER);
        List<TileReducer<?>> reducers = plan.scan().newReducers();
        Run run = run(plan, x, null, reducers, plan.scan().newScan(reducers));
        String what = metric.label() + (least ? " least" : " most");
        assertEquals(300L * 299 / 2, run.scan.counts().pairs, what);
        // measured: 2 to 6 of the 44,850 pairs; 1% leaves a wide margin
        ScanCounts n = run.scan.counts();
        assertTrue(n.exactScored < 0.01 * n.pairs, what + ": " + n.exactScored + " exact re-scores of " + n.pairs);
        List<P> best = List.of(allPairs(metric, least, 32, x, null).get(0).p());
        assertEquals(best, toP(((BestPairsReducer) run.reducers.get(0)).sorted()), what);
      }
    }
  }

  /** A scan of every tile, and the reducers it fed. */
  record Run(TileScan scan, List<TileReducer<?>> reducers) {}

  /** The brute force answer. */
  record Expected(List<P> top, List<P> threshold, Map<Long, List<P>> perRow) {}

  /**
   * Plans the case as the job does, with every reducer at once, scans every tile of its grid
   * with the provider's kernels (what the job runs) and again with the scalar ones, and compares
   * each to the brute force. Then each reducer with only the best pair beside it: the scan
   * offers every re-scored pair to every reducer, so together the lowest floor (per-row, before
   * its heaps fill) would hide a floor that is too high in another.
   */
  private static void check(Case c) {
    List<X> all = allPairs(c);
    // a threshold that selects about THRESHOLD_PAIRS pairs (more when the cut falls in a tie);
    // it is a pair's rounded exact score, so that pair's fp32 score may well lie below it
    double threshold = all.isEmpty() ? 0 : all.get(Math.min(THRESHOLD_PAIRS, all.size()) - 1).p().score();
    Expected e = expected(all, c.metric(), c.least(), c.b() == null, TOP_K, threshold, PER_ROW);
    List<P> best = e.top.subList(0, Math.min(1, e.top.size()));
    check(c, TOP_K, threshold, PER_ROW, e, true, true);
    // (the JIT warms the vectorized kernels slowly: alternate them with the scalar ones here)
    boolean provider = Math.floorMod(c.toString().hashCode(), 2) == 0;
    check(c, TOP_K, Double.NaN, 0, new Expected(e.top, null, null), provider, !provider);
    check(c, 0, threshold, 0, new Expected(best, e.threshold, null), !provider, provider);
    check(c, 0, Double.NaN, PER_ROW, new Expected(best, null, e.perRow), provider, !provider);
  }

  private static void check(
      Case c, int topK, double threshold, int perRow, Expected e, boolean withProvider, boolean withScalar) {
    SearchOptions o = options(c.metric(), c.least(), topK, threshold, perRow, c.blockRows(), c.kernel());
    SearchPlan plan =
        Planner.plan(o, facts(c.a(), c.dim()), c.b() == null ? null : facts(c.b(), c.dim()), CLUSTER);
    ScanSpec spec = plan.scan();
    boolean zeroOne = notBinary(c.a(), c.dim()) == null && (c.b() == null || notBinary(c.b(), c.dim()) == null);
    boolean binary = zeroOne && c.metric() != Metric.L2 && c.kernel() != Kernel.FLOAT;
    assertEquals(binary, spec.binary(), "kernel of " + c);
    InputFacts fa = facts(c.a(), c.dim());
    double density = Math.max(fa.density(), c.b() == null ? 0 : facts(c.b(), c.dim()).density());
    boolean sparse = c.kernel() == Kernel.SPARSE
        || (c.kernel() == Kernel.AUTO && !binary && c.dim() >= 256 && density <= 1.0 / 32);
    assertEquals(sparse, spec.sparse(), "sparse kernel of " + c);
    String what = c + ", top " + topK + ", threshold " + threshold + ", per-row " + perRow;

    if (withProvider) {
      List<TileReducer<?>> mine = spec.newReducers();
      compare(what + " (" + spec.kernelName() + ")", plan, run(plan, c.a(), c.b(), mine, spec.newScan(mine)), e);
    }
    if (withProvider && !spec.binary() && !spec.sparse()) {
      // the pruned scan must give the same answer at any rank: 1, d - 1 or a quarter of d
      int[] ranks = {1, Math.max(1, c.dim() - 1), Math.max(1, c.dim() / 4)};
      int rank = ranks[Math.floorMod(what.hashCode(), 3)];
      List<TileReducer<?>> pruned = spec.newReducers();
      compare(what + " (pruned, r=" + rank + ")", plan, runPruned(plan, c.a(), c.b(), pruned, rank), e);
    }
    if (withScalar) {
      List<TileReducer<?>> scalar = spec.newReducers();
      TileScan scalarScan =
          new TileScan(
              SimilarityProvider.scalar(),
              spec.binary() ? BinaryScorerProvider.scalar(c.dim(), ScanSpec.binaryScore(c.metric())) : null,
              spec.sparse(), c.metric(), c.least(), spec.units(), c.dim(), scalar);
      compare(what + " (scalar)", plan, run(plan, c.a(), c.b(), scalar, scalarScan), e);
    }
  }

  private static void compare(String what, SearchPlan plan, Run run, Expected e) {
    TileGrid g = plan.grid();
    assertEquals(g.pairCount(), run.scan.counts().pairs, "pairs of " + what);
    assertEquals(g.tileCount(), run.scan.counts().tiles, "tiles of " + what);
    int seen = 0;
    for (TileReducer<?> r : run.reducers) {
      if (r instanceof BestPairsReducer top) {
        assertEquals(e.top, toP(top.sorted()), "top pairs of " + what);
        seen |= 1;
      } else if (r instanceof ThresholdReducer above) {
        assertEquals(e.threshold.size(), above.count(), "threshold count of " + what);
        assertEquals(
            e.threshold.stream().sorted(ORDER).toList(), toP(above.pairs()).stream().sorted(ORDER).toList(),
            "threshold pairs of " + what);
        seen |= 2;
      } else if (r instanceof PerRowTopReducer rows) {
        Map<Long, List<P>> got = new TreeMap<>();
        for (Map.Entry<Long, PairHeap> en : rows.heaps().entrySet()) {
          got.put(en.getKey(), toP(en.getValue().sorted()));
        }
        assertEquals(e.perRow, got, "per-row top of " + what);
        seen |= 4;
      }
    }
    int asked = 1 | (e.threshold == null ? 0 : 2) | (e.perRow == null ? 0 : 4);
    assertEquals(asked, seen, "reducers of " + what);
  }

  /** Packs the sides into the plan's blocks (as the job does) and scans every tile. */
  private static Run run(SearchPlan plan, Side a, Side b, List<TileReducer<?>> reducers, TileScan scan) {
    TileGrid g = plan.grid();
    ScanSpec spec = plan.scan();
    RowBlock[] blocksA = blocks(g, 0, a, g.blocksA(), spec);
    RowBlock[] blocksB = b == null ? blocksA : blocks(g, 1, b, g.blocksB(), spec);
    for (int[] t : g.tiles()) {
      scan.score(blocksA[t[0]], blocksB[t[1]], !g.bichromatic() && t[0] == t[1]);
    }
    return new Run(scan, reducers);
  }

  /** As {@link #run} with a pruned scan whose projection has rank {@code r}, from all rows of both sides. */
  static Run runPruned(SearchPlan plan, Side a, Side b, List<TileReducer<?>> reducers, int r) {
    TileGrid g = plan.grid();
    ScanSpec spec = plan.scan();
    RowBlock[] blocksA = blocks(g, 0, a, g.blocksA(), spec);
    RowBlock[] blocksB = b == null ? blocksA : blocks(g, 1, b, g.blocksB(), spec);
    int d = spec.dim();
    double[] gram = new double[d * d];
    for (RowBlock blk : blocksA) {
      Projections.addGram(blk.kernel(), blk.rows, d, gram);
    }
    if (b != null) {
      for (RowBlock blk : blocksB) {
        Projections.addGram(blk.kernel(), blk.rows, d, gram);
      }
    }
    ScanSpec pruned = spec.withPrune(Projections.eigen(gram, d, Math.min(r, d)).bound(Math.min(r, d), spec.maxKernelNorm(), spec.maxAbsBias()));
    TileScan scan = pruned.newScan(reducers);
    for (int[] t : g.tiles()) {
      scan.score(blocksA[t[0]], blocksB[t[1]], !g.bichromatic() && t[0] == t[1]);
    }
    ScanCounts n = scan.counts();
    assertEquals(n.pairs, n.fullDim + n.pruned, "full-dimension and pruned pairs add up to the pairs scored");
    return new Run(scan, reducers);
  }

  private static RowBlock[] blocks(TileGrid g, int side, Side s, int count, ScanSpec spec) {
    RowBlock[] out = new RowBlock[count];
    for (int k = 0; k < count; k++) {
      int start = (int) g.blockStart(k);
      int rows = side == 0 ? g.blockSizeA(k) : g.blockSizeB(k);
      RowBlock blk = RowBlock.allocate(side, k, start, rows, spec.dim(), spec.metric(), spec.scale(), s.f() != null);
      for (int i = 0; i < rows; i++) {
        blk.setRow(i, s.f() == null ? null : s.f()[start + i], s.d() == null ? null : s.d()[start + i]);
      }
      out[k] = blk;
    }
    return out;
  }

  private static SearchOptions options(
      Metric metric, boolean least, int topK, double threshold, int perRow, int blockRows, Kernel kernel) {
    return new SearchOptions(
        metric, least ? SearchOptions.Mode.LEAST : SearchOptions.Mode.MOST, topK, threshold,
        SearchOptions.DEFAULT_MAX_PAIRS, perRow, blockRows, SearchOptions.Strategy.BROADCAST, 0, 0, kernel);
  }

  /** What validation would report of a side: rows, dim, largest norm, fp32, first non-0/1 value. */
  private static InputFacts facts(Side s, int dim) {
    double maxNorm = 0;
    for (int i = 0; i < s.n(); i++) {
      maxNorm = Math.max(maxNorm, s.norm(i, dim));
    }
    long nonZeros = 0;
    for (int i = 0; i < s.n(); i++) {
      for (int k = 0; k < dim; k++) {
        nonZeros += s.value(i, k) != 0 ? 1 : 0;
      }
    }
    return new InputFacts(s.n(), dim, maxNorm, s.f() != null, notBinary(s, dim), (double) nonZeros / ((double) s.n() * dim));
  }

  private static String notBinary(Side s, int dim) {
    for (int i = 0; i < s.n(); i++) {
      for (int k = 0; k < dim; k++) {
        double v = s.value(i, k);
        if (v != 0 && v != 1) {
          return "row " + i + " has the value " + v + " at position " + k;
        }
      }
    }
    return null;
  }

  /** Every admissible pair (i < j, or A x B) scored exactly, best first. */
  private static List<X> allPairs(Case c) {
    return allPairs(c.metric(), c.least(), c.dim(), c.a(), c.b());
  }

  private static List<X> allPairs(Metric metric, boolean least, int dim, Side a, Side b) {
    Side other = b == null ? a : b;
    double[][] ra = rows(a);
    double[][] rb = b == null ? ra : rows(b);
    java.math.BigDecimal[] sa = squares(ra);
    java.math.BigDecimal[] sb = b == null ? sa : squares(rb);
    List<X> out = new ArrayList<>();
    for (int i = 0; i < a.n(); i++) {
      for (int j = b == null ? i + 1 : 0; j < other.n(); j++) {
        out.add(new X(i, j, metric, least, ra[i], sa[i], rb[j], sb[j]));
      }
    }
    out.sort(EXACT);
    return out;
  }

  private static double[][] rows(Side s) {
    double[][] out = new double[s.n()][];
    for (int i = 0; i < s.n(); i++) {
      out[i] = s.row(i);
    }
    return out;
  }

  private static java.math.BigDecimal[] squares(double[][] x) {
    java.math.BigDecimal[] out = new java.math.BigDecimal[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = Oracle.exactDot(x[i], x[i]);
    }
    return out;
  }

  /** The brute force answer from all pairs (best first); null for what was not asked. */
  private static Expected expected(
      List<X> all, Metric metric, boolean least, boolean mono, int topK, double threshold, int perRowK) {
    List<P> top = all.stream().limit(topK).map(X::p).toList();
    List<P> above = null;
    if (!Double.isNaN(threshold)) {
      // in iff the exact value is at least the threshold in the search's direction
      above = all.stream().filter(x -> x.compareKeyTo(threshold) >= 0).map(X::p).toList();
    }
    Map<Long, List<P>> perRow = null;
    if (perRowK > 0) {
      // each row's neighbours: in one input a pair (i, j) is a neighbour of both i and j
      Map<Long, List<X>> byRow = new TreeMap<>();
      for (X x : all) {
        byRow.computeIfAbsent(x.a, r -> new ArrayList<>()).add(x);
        if (mono) {
          byRow.computeIfAbsent(x.b, r -> new ArrayList<>()).add(x.swapped());
        }
      }
      perRow = new TreeMap<>();
      for (Map.Entry<Long, List<X>> en : byRow.entrySet()) {
        perRow.put(en.getKey(), en.getValue().stream().sorted(EXACT).limit(perRowK).map(X::p).toList());
      }
    }
    return new Expected(top, above, perRow);
  }

  private static Side gaussian(Random r, int n, int dim, boolean fp32) {
    if (fp32) {
      float[][] f = new float[n][dim];
      for (float[] row : f) {
        for (int k = 0; k < dim; k++) {
          row[k] = (float) r.nextGaussian();
        }
      }
      return new Side(f, null);
    }
    double[][] d = new double[n][dim];
    for (double[] row : d) {
      for (int k = 0; k < dim; k++) {
        row[k] = r.nextGaussian(); // not representable in fp32: the exact re-score sees doubles
      }
    }
    return new Side(null, d);
  }

  /** {@code s} with about a third of its rows replaced by copies of rows of {@code from} (or of s). */
  private static Side withDuplicates(Random r, Side s, Side from) {
    Side src = from == null ? s : from;
    for (int i = 0; i < s.n(); i++) {
      if (r.nextInt(3) == 0) {
        int j = r.nextInt(from == null ? Math.max(1, i) : src.n());
        s.f()[i] = src.f()[j].clone();
      }
    }
    return s;
  }

  private static Side repeat(float[] v, int n) {
    float[][] f = new float[n][];
    for (int i = 0; i < n; i++) {
      f[i] = v.clone();
    }
    return new Side(f, null);
  }

  /** 0/1 rows; {@code nonZero}: at least one 1 per row (cosine needs a norm). */
  /** Gaussian values at about {@code density} of the positions (one at least when {@code nonZero}). */
  private static Side sparse(Random r, int n, int dim, double density, boolean fp32, boolean nonZero) {
    double[][] d = new double[n][dim];
    for (double[] row : d) {
      for (int k = 0; k < dim; k++) {
        row[k] = r.nextDouble() < density ? r.nextGaussian() : 0;
      }
      if (nonZero) {
        row[r.nextInt(dim)] = 1 + r.nextDouble();
      }
    }
    for (int i = 1; i < n; i++) {
      if (r.nextInt(4) == 0) {
        d[i] = d[r.nextInt(i)].clone(); // exact ties
      }
    }
    if (!fp32) {
      return new Side(null, d);
    }
    float[][] f = new float[n][dim];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < dim; k++) {
        f[i][k] = (float) d[i][k];
      }
    }
    return new Side(f, null);
  }

  private static Side zeroOne(Random r, int n, int dim, double density, boolean nonZero) {
    float[][] f = new float[n][dim];
    for (float[] row : f) {
      for (int k = 0; k < dim; k++) {
        row[k] = r.nextDouble() < density ? 1 : 0;
      }
      if (nonZero) {
        row[r.nextInt(dim)] = 1;
      }
    }
    return new Side(f, null);
  }

  private static List<P> toP(List<PairCandidate> cs) {
    return cs.stream().map(c -> new P(c.a, c.b, c.key, c.score)).toList();
  }
}
