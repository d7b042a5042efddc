package io.simpair.spark;

import io.simpair.kernel.Metric;
import io.simpair.kernel.RoundingBound;
import io.simpair.search.BestPairsReducer;
import io.simpair.search.PairCandidate;
import io.simpair.search.RowBlock;
import io.simpair.search.ScanSpec;
import io.simpair.search.TileReducer;
import io.simpair.search.TileScan;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Whether sparse tf-idf / hashing vectors would score faster sparse than densified: the best
 * cosine pair of an embed job's ML Vectors by (a) the dense fused kernel over the densified rows,
 * as {@code pairs} runs today, and (b) a sparse all-pairs join (an inverted index over the
 * features: row i's weights multiplied into the rows after i that share a feature), both in one
 * thread, the same pair checked. Prints each one's seconds, the rows' mean non-zeros and the
 * pair. Usage: {@code SparseVsDenseRun EMBEDDINGS_PARQUET [repeats=3]}
 */
public final class SparseVsDenseRun {
  private SparseVsDenseRun() {}

  public static void main(String[] args) {
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false").getOrCreate();
    List<Row> rows = spark.read().parquet(args[0]).select("vector").collectAsList();
    spark.stop();
    List<SparseVector> kept = new java.util.ArrayList<>();
    for (Row row : rows) {
      SparseVector sv;
      if (row.get(0) instanceof Vector mv) {
        sv = mv.toSparse();
      } else { // array<float>, as the embed job writes every embedder's vectors
        List<Float> a = row.getList(0);
        double[] d = new double[a.size()];
        for (int k = 0; k < d.length; k++) {
          d[k] = a.get(k);
        }
        sv = new org.apache.spark.ml.linalg.DenseVector(d).toSparse();
      }
      if (sv.numNonzeros() > 0) { // cosine has no value for a zero row (the job refuses it)
        kept.add(sv);
      }
    }
    SparseVector[] v = kept.toArray(new SparseVector[0]);
    int n = v.length;
    int dim = v[0].size();
    long nnz = Arrays.stream(v).mapToLong(SparseVector::numNonzeros).sum();
    System.out.printf("rows=%d (zero rows left out: %d) dim=%d mean_nonzeros=%.1f%n", n, rows.size() - n, dim, (double) nnz / n);
    for (int r = 0; r < repeats; r++) {
      long t0 = System.nanoTime();
      PairCandidate dense = dense(v, dim);
      double td = (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      double[] sparse = sparse(v, dim);
      double ts = (System.nanoTime() - t0) / 1e9;
      System.out.printf("dense %.3f s (%d,%d %.9f) | sparse %.3f s (%d,%d %.9f) | dense/sparse %.2f%n",
          td, dense.a, dense.b, dense.score, ts, (long) sparse[0], (long) sparse[1], sparse[2], td / ts);
    }
  }

  /** One block of all rows, one diagonal tile: the kernel's own path at d = dim. */
  private static PairCandidate dense(SparseVector[] v, int dim) {
    RowBlock blk = RowBlock.allocate(0, 0, v.length, dim, Metric.COSINE, 1, true);
    double[] d = new double[dim];
    for (int i = 0; i < v.length; i++) {
      Arrays.fill(d, 0);
      int[] idx = v[i].indices();
      double[] val = v[i].values();
      for (int k = 0; k < idx.length; k++) {
        d[idx[k]] = val[k];
      }
      float[] f = new float[dim];
      for (int k = 0; k < dim; k++) {
        f[k] = (float) d[k];
      }
      blk.setRow(i, f, d);
    }
    ScanSpec spec = new ScanSpec(Metric.COSINE, false, 1, dim, RoundingBound.delta(dim, 1.0, 0.0), false, false,
        List.of(new BestPairsReducer.Spec(1)));
    List<TileReducer<?>> reducers = spec.newReducers();
    TileScan scan = spec.newScan(reducers);
    scan.score(blk, blk, true);
    return ((BestPairsReducer) reducers.get(0)).sorted().get(0);
  }

  /** Inverted index over features; scores accumulate in double; ties to the smaller (i, j). */
  private static double[] sparse(SparseVector[] v, int dim) {
    int n = v.length;
    double[] norm = new double[n];
    int[] count = new int[dim];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (double x : v[i].values()) {
        s += x * x;
      }
      norm[i] = Math.sqrt(s);
      for (int t : v[i].indices()) {
        count[t]++;
      }
    }
    int[][] postRow = new int[dim][];
    double[][] postVal = new double[dim][];
    for (int t = 0; t < dim; t++) {
      postRow[t] = new int[count[t]];
      postVal[t] = new double[count[t]];
    }
    int[] fill = new int[dim];
    for (int i = 0; i < n; i++) {
      int[] idx = v[i].indices();
      double[] val = v[i].values();
      for (int k = 0; k < idx.length; k++) {
        int t = idx[k];
        postRow[t][fill[t]] = i;
        postVal[t][fill[t]++] = val[k] / norm[i];
      }
    }
    double[] acc = new double[n];
    int[] start = new int[dim]; // postings before it belong to rows <= i
    double best = Double.NEGATIVE_INFINITY;
    long ba = -1;
    long bb = -1;
    for (int i = 0; i < n; i++) {
      int[] idx = v[i].indices();
      double[] val = v[i].values();
      for (int k = 0; k < idx.length; k++) {
        int t = idx[k];
        while (start[t] < postRow[t].length && postRow[t][start[t]] <= i) {
          start[t]++;
        }
        double w = val[k] / norm[i];
        int[] pr = postRow[t];
        double[] pv = postVal[t];
        for (int p = start[t]; p < pr.length; p++) {
          acc[pr[p]] += w * pv[p];
        }
      }
      for (int j = i + 1; j < n; j++) {
        if (acc[j] > best) {
          best = acc[j];
          ba = i;
          bb = j;
        }
        acc[j] = 0;
      }
    }
    return new double[] {ba, bb, best};
  }
}
