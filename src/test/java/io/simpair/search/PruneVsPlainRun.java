package io.simpair.search;

import io.simpair.kernel.Metric;
import io.simpair.plan.ClusterFacts;
import io.simpair.plan.InputFacts;
import io.simpair.plan.PruneDecision;
import io.simpair.plan.PruneMode;
import io.simpair.plan.Planner;
import io.simpair.plan.SearchOptions;
import io.simpair.plan.SearchPlan;
import io.simpair.plan.TileGrid;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The pruned scan against the plain one on the same rows, in one thread of one JVM, alternated:
 * every tile of the job's grid (the planner's blocks), the decision from the job's sample sizes
 * included in the pruned time. Prints each repeat's seconds, the pruned scan's counts, and
 * checks that the answers are the same. Usage: {@code PruneVsPlainRun FILE.npy best|top:K|threshold:T
 * [repeats=3] [rows=all]} (float32 NPY, cosine).
 */
public final class PruneVsPlainRun {
  private PruneVsPlainRun() {}

  public static void main(String[] args) throws IOException {
    float[][] x = readF32(Path.of(args[0]), args.length > 3 ? Integer.parseInt(args[3]) : Integer.MAX_VALUE);
    String what = args[1];
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int n = x.length;
    int d = x[0].length;
    int topK = what.startsWith("top:") ? Integer.parseInt(what.substring(4)) : 0;
    double t = what.startsWith("threshold:") ? Double.parseDouble(what.substring(10)) : Double.NaN;
    SearchOptions o = new SearchOptions(Metric.COSINE, SearchOptions.Mode.MOST, topK, t, 100_000_000L, 0, 0,
        SearchOptions.Strategy.BROADCAST, 0, 0, SearchOptions.Kernel.FLOAT);
    double maxNorm = 0;
    for (float[] r : x) {
      double s = 0;
      for (float v : r) {
        s += (double) v * v;
      }
      maxNorm = Math.max(maxNorm, Math.sqrt(s));
    }
    SearchPlan plan = Planner.plan(o, new InputFacts(n, d, maxNorm, true, "not 0/1", 1.0), null, new ClusterFacts(2, 1L << 32));
    TileGrid g = plan.grid();
    ScanSpec spec = plan.scan();
    RowBlock[] blocks = new RowBlock[g.blocksA()];
    for (int k = 0; k < blocks.length; k++) {
      int start = (int) g.blockStart(k);
      blocks[k] = RowBlock.allocate(0, k, start, g.blockSizeA(k), d, Metric.COSINE, 1, true);
      for (int i = 0; i < blocks[k].rows; i++) {
        blocks[k].setRow(i, x[start + i], null);
      }
    }
    System.out.printf(Locale.ROOT, "rows=%d dim=%d %s tiles=%d block_rows=%d%n", n, d, what, g.tileCount(), g.blockRows());
    for (int rep = 0; rep < repeats; rep++) {
      long t0 = System.nanoTime();
      List<TileReducer<?>> plain = spec.newReducers();
      TileScan ps = spec.newScan(plain);
      for (int[] tile : g.tiles()) {
        ps.score(blocks[tile[0]], blocks[tile[1]], tile[0] == tile[1]);
      }
      double tp = (System.nanoTime() - t0) / 1e9;

      t0 = System.nanoTime();
      PruneDecision dec = decide(spec, blocks, d);
      double tdec = (System.nanoTime() - t0) / 1e9;
      System.out.println("decision: " + dec.reason());
      List<TileReducer<?>> pruned = dec.spec().newReducers();
      TileScan qs = dec.spec().newScan(pruned);
      for (int[] tile : g.tiles()) {
        qs.score(blocks[tile[0]], blocks[tile[1]], tile[0] == tile[1]);
      }
      double tq = (System.nanoTime() - t0) / 1e9;
      ScanCounts c = qs.counts();
      boolean same = answer(plain).equals(answer(pruned));
      System.out.printf(Locale.ROOT,
          "plain %.3f s | pruned %.3f s (decision %.3f s, r=%d, bound %.3f s, verify %.3f s, full-dim %d of %d = %.4f%%) | plain/pruned %.2f | same answer %s%n",
          tp, tq, tdec, dec.rank(), c.boundNanos / 1e9, c.verifyNanos / 1e9, c.fullDim, c.pairs, 100.0 * c.fullDim / c.pairs,
          tp / tq, same);
      if (!same) {
        throw new IllegalStateException("answers differ: " + answer(plain) + " vs " + answer(pruned));
      }
    }
  }

  /** The decision as the job takes it: 2048 rows spread over the blocks, 1536 of them scored. */
  private static PruneDecision decide(ScanSpec spec, RowBlock[] blocks, int d) {
    long n = 0;
    for (RowBlock b : blocks) {
      n += b.rows;
    }
    long step = Math.max(1, n / 4096);
    int take = (int) Math.min(1536, n);
    long stepDecide = Math.max(1, n / take);
    RowBlock sample = RowBlock.allocate(0, 0, 0, take, d, spec.metric(), spec.scale(), true);
    int filled = 0;
    for (RowBlock b : blocks) {
      for (int i = 0; i < b.rows; i++) {
        long gi = b.start + i;
        if (gi % stepDecide == 0 && filled < take) {
          sample.setRow(filled++, b.exactF, null, i * d);
        }
      }
    }
    double[] gram = new double[d * d];
    for (RowBlock b : blocks) {
      float[] k = b.kernel();
      for (int i = 0; i < b.rows; i++) {
        if ((b.start + i) % step == 0) {
          Projections.addGram(java.util.Arrays.copyOfRange(k, i * d, (i + 1) * d), 1, d, gram);
        }
      }
    }
    long t0 = System.nanoTime();
    Projections.Eigen e = Projections.eigen(gram, d, PruneDecision.maxRank(d));
    long t1 = System.nanoTime();
    int big = (int) Math.min(4096, n);
    long stepBig = Math.max(1, n / big);
    RowBlock floor = RowBlock.allocate(0, 0, 0, big, d, spec.metric(), spec.scale(), true);
    int f = 0;
    for (RowBlock b : blocks) {
      for (int i = 0; i < b.rows && f < big; i++) {
        if ((b.start + i) % stepBig == 0) {
          floor.setRow(f++, b.exactF, null, i * d);
        }
      }
    }
    PruneDecision dec = PruneDecision.decide(PruneMode.ON, spec, sample, null, floor, null, () -> e);
    System.out.printf(Locale.ROOT, "eigen %.3f s, decide %.3f s%n", (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
    return dec;
  }

  private static String answer(List<TileReducer<?>> reducers) {
    StringBuilder sb = new StringBuilder();
    for (TileReducer<?> r : reducers) {
      if (r instanceof BestPairsReducer b) {
        for (PairCandidate p : b.sorted()) {
          sb.append(p.a).append(',').append(p.b).append(',').append(p.score).append(';');
        }
      } else if (r instanceof ThresholdReducer th) {
        sb.append(" threshold ").append(th.count()).append(':');
        th.pairs().stream().map(p -> p.a + "," + p.b).sorted().forEach(s -> sb.append(s).append(';'));
      }
    }
    return sb.toString();
  }

  private static float[][] readF32(Path p, int limit) throws IOException {
    byte[] all = Files.readAllBytes(p);
    int headerLen = (all[8] & 0xff) | ((all[9] & 0xff) << 8);
    String header = new String(all, 10, headerLen, java.nio.charset.StandardCharsets.ISO_8859_1);
    if (!header.contains("'<f4'")) {
      throw new IllegalArgumentException("float32 NPY only: " + header);
    }
    String shape = header.substring(header.indexOf('(') + 1, header.indexOf(')'));
    String[] dims = shape.split(",");
    int n = Math.min(limit, Integer.parseInt(dims[0].trim()));
    int d = Integer.parseInt(dims[1].trim());
    ByteBuffer bb = ByteBuffer.wrap(all, 10 + headerLen, all.length - 10 - headerLen).order(ByteOrder.LITTLE_ENDIAN);
    float[][] x = new float[n][d];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        x[i][k] = bb.getFloat();
      }
    }
    return x;
  }
}
