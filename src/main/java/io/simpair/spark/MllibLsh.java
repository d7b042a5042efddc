package io.simpair.spark;

import io.simpair.baseline.PairProblem;
import io.simpair.baseline.ScoredPairs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.feature.BucketedRandomProjectionLSH;
import org.apache.spark.ml.feature.BucketedRandomProjectionLSHModel;
import org.apache.spark.ml.feature.LSHModel;
import org.apache.spark.ml.feature.MinHashLSH;
import org.apache.spark.ml.feature.MinHashLSHModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The two MLlib LSH baselines. brp-lsh: {@code approxSimilarityJoin} equi-joins the rows on
 * (table, hash) and computes the distance of every colliding pair: those pairs are the ones
 * scored, and the budget bounds them through the bucket length, the largest whose collision
 * count (computed on the driver from the hashes) stays within {@code budget} pairs per query
 * row. minhash: MLlib's MinHash tables, banded (see {@link #minhash}).
 */
final class MllibLsh {
  /** BucketedRandomProjectionLSH: hash tables (one projection each, OR-amplified). */
  static final int BRP_TABLES = 8;

  private MllibLsh() {}

  /** What a run chose. */
  record Run(String parameters) {}

  /**
   * BucketedRandomProjectionLSH on the unit rows (least mode: on A and -B), Euclidean distance
   * of unit vectors being sqrt(2 - 2 cos).
   */
  static Run brp(SparkSession spark, PairProblem p, int budget, long seed, ScoredPairs out) {
    Dataset<Row> a = frame(spark, p.a(), false);
    Dataset<Row> b = p.monochromatic() ? a : frame(spark, p.b(), p.least());
    if (p.monochromatic() && p.least()) {
      b = frame(spark, p.b(), true);
    }
    // with bucket length 1e-9 the hashes are the projections themselves, to 1e-9
    BucketedRandomProjectionLSHModel probe = brpModel(1e-9, seed).fit(a);
    double[][] pa = hashes(probe, a, p.a().length);
    double[][] pb = b == a ? pa : hashes(probe, b, p.b().length);
    long limit = (long) budget * p.a().length;
    double lo = 1e-6;
    double hi = 4;
    if (collisions(bucketed(pa, 1e-9, lo), bucketed(pb, 1e-9, lo), p) > limit) {
      hi = lo;
    } else {
      for (int it = 0; it < 40; it++) {
        double mid = Math.sqrt(lo * hi);
        if (collisions(bucketed(pa, 1e-9, mid), bucketed(pb, 1e-9, mid), p) <= limit) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
    }
    double w = lo;
    BucketedRandomProjectionLSHModel model = brpModel(w, seed).fit(a);
    collect(model, a, b, p, out);
    return new Run(String.format(Locale.ROOT, "numHashTables=%d bucketLength=%.4g, unit rows%s, join threshold +inf",
        BRP_TABLES, w, p.least() ? ", B negated" : ""));
  }

  /**
   * MinHashLSH's hashes of the rows' sets of ones (least mode: of B's complements, an orthogonal
   * b's complement holding all of a), banded: {@value #MINHASH_BANDS} bands of r of MLlib's
   * tables each, r the smallest whose band collisions stay within {@value #MINHASH_SLACK} x the
   * budget; a query's colliding rows are ranked by how many of all the tables agree (the
   * Jaccard estimate) and its {@code budget} best scored. MLlib's own join ORs single tables, and
   * one table of MinHash already collides on a fraction Jaccard of all pairs: no budget below
   * that could hold.
   */
  static Run minhash(SparkSession spark, PairProblem p, int budget, long seed, ScoredPairs out) {
    Dataset<Row> a = sets(spark, p.a(), false);
    Dataset<Row> b = p.monochromatic() && !p.least() ? a : sets(spark, p.b(), p.least());
    int tables = MINHASH_BANDS * MINHASH_MAX_ROWS;
    MinHashLSHModel model = new MinHashLSH().setNumHashTables(tables).setSeed(seed).setInputCol("v").setOutputCol("h").fit(a);
    double[][] ha = hashes(model, a, p.a().length);
    double[][] hb = b == a ? ha : hashes(model, b, p.b().length);
    long limit = (long) MINHASH_SLACK * budget * p.a().length;
    int r = 1;
    while (r < MINHASH_MAX_ROWS && collisions(bands(ha, r), bands(hb, r), p) > limit) {
      r++;
    }
    double[][] ba = bands(ha, r);
    double[][] bb = b == a ? ba : bands(hb, r);
    List<Map<Double, List<Integer>>> buckets = new ArrayList<>();
    for (int band = 0; band < MINHASH_BANDS; band++) {
      Map<Double, List<Integer>> m = new HashMap<>();
      for (int j = 0; j < bb.length; j++) {
        if (bb[j] != null) {
          m.computeIfAbsent(bb[j][band], x -> new ArrayList<>()).add(j);
        }
      }
      buckets.add(m);
    }
    for (int i = 0; i < ba.length; i++) {
      if (ba[i] == null) {
        continue;
      }
      java.util.Set<Integer> cands = new java.util.LinkedHashSet<>();
      for (int band = 0; band < MINHASH_BANDS; band++) {
        for (int j : buckets.get(band).getOrDefault(ba[i][band], List.of())) {
          if (p.allowed(i, j)) {
            cands.add(j);
          }
        }
      }
      final int q = i;
      cands.stream().sorted((x, y) -> {
        int c = Integer.compare(agree(ha[q], hb[y]), agree(ha[q], hb[x]));
        return c != 0 ? c : Integer.compare(x, y);
      }).limit(budget).forEach(j -> out.score(q, j));
    }
    return new Run(String.format(Locale.ROOT, "MinHashLSH numHashTables=%d as %d bands x %d rows, agreement-ranked%s",
        tables, MINHASH_BANDS, r, p.least() ? ", B complemented" : ""));
  }

  static final int MINHASH_BANDS = 8;
  static final int MINHASH_MAX_ROWS = 8;
  static final int MINHASH_SLACK = 4;

  /** Each band's key: a hash of its r tables' values. */
  private static double[][] bands(double[][] h, int r) {
    double[][] out = new double[h.length][];
    for (int i = 0; i < h.length; i++) {
      if (h[i] == null) {
        continue;
      }
      out[i] = new double[MINHASH_BANDS];
      for (int band = 0; band < MINHASH_BANDS; band++) {
        out[i][band] = java.util.Arrays.hashCode(java.util.Arrays.copyOfRange(h[i], band * r, band * r + r));
      }
    }
    return out;
  }

  private static int agree(double[] x, double[] y) {
    int c = 0;
    for (int t = 0; t < x.length; t++) {
      c += x[t] == y[t] ? 1 : 0;
    }
    return c;
  }

  private static BucketedRandomProjectionLSH brpModel(double w, long seed) {
    return new BucketedRandomProjectionLSH().setBucketLength(w).setNumHashTables(BRP_TABLES).setSeed(seed)
        .setInputCol("v").setOutputCol("h");
  }

  /** Runs the join with an infinite threshold (every colliding pair) and scores its pairs. */
  private static <M extends LSHModel<M>> void collect(LSHModel<M> model, Dataset<Row> a, Dataset<Row> b, PairProblem p, ScoredPairs out) {
    List<Row> pairs = model.approxSimilarityJoin(a, b, Double.POSITIVE_INFINITY, "dist")
        .selectExpr("datasetA.id AS i", "datasetB.id AS j").collectAsList();
    for (Row r : pairs) {
      out.score(r.getInt(0), r.getInt(1));
    }
  }

  /** Every row's hashes by its index (null for a row left out of the frame). */
  private static double[][] hashes(LSHModel<?> model, Dataset<Row> rows, int n) {
    List<Row> h = model.transform(rows).select("id", "h").collectAsList();
    double[][] out = new double[n][];
    for (Row r : h) {
      List<Vector> hs = r.getList(1);
      double[] v = new double[hs.size()];
      for (int t = 0; t < v.length; t++) {
        v[t] = hs.get(t).apply(0);
      }
      out[r.getInt(0)] = v;
    }
    return out;
  }

  private static double[][] bucketed(double[][] fine, double fineWidth, double w) {
    double[][] out = new double[fine.length][];
    for (int i = 0; i < fine.length; i++) {
      if (fine[i] == null) {
        continue;
      }
      out[i] = new double[fine[i].length];
      for (int t = 0; t < fine[i].length; t++) {
        out[i][t] = Math.floor(fine[i][t] * fineWidth / w);
      }
    }
    return out;
  }

  /** Colliding (query, row) pairs summed over tables: at least the distinct pairs the join scores. */
  static long collisions(double[][] ha, double[][] hb, PairProblem p) {
    long total = 0;
    int tables = 0;
    for (double[] h : ha) {
      tables = h != null ? h.length : tables;
    }
    for (int t = 0; t < tables; t++) {
      Map<Double, long[]> buckets = new HashMap<>();
      for (double[] h : ha) {
        if (h == null) {
          continue;
        }
        buckets.computeIfAbsent(h[t], k -> new long[2])[0]++;
      }
      for (double[] h : hb) {
        if (h == null) {
          continue;
        }
        buckets.computeIfAbsent(h[t], k -> new long[2])[1]++;
      }
      for (long[] c : buckets.values()) {
        total += p.monochromatic() && !p.least() ? c[0] * (c[0] - 1) / 2 : c[0] * c[1];
      }
    }
    return total;
  }

  private static final StructType SCHEMA = new StructType().add("id", DataTypes.IntegerType, false)
      .add("v", SQLDataTypes.VectorType(), false);

  private static Dataset<Row> frame(SparkSession spark, double[][] x, boolean negate) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      double[] v = x[i].clone();
      if (negate) {
        for (int k = 0; k < v.length; k++) {
          v[k] = -v[k];
        }
      }
      rows.add(RowFactory.create(i, Vectors.dense(v)));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  /** The set of ones of each row (or of its complement) as a sparse 0/1 vector. */
  private static Dataset<Row> sets(SparkSession spark, double[][] x, boolean complement) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      List<Integer> idx = new ArrayList<>();
      for (int k = 0; k < x[i].length; k++) {
        if ((x[i][k] != 0) != complement) {
          idx.add(k);
        }
      }
      if (idx.isEmpty()) {
        continue;
      }
      int[] ii = idx.stream().mapToInt(Integer::intValue).toArray();
      double[] ones = new double[ii.length];
      java.util.Arrays.fill(ones, 1.0);
      rows.add(RowFactory.create(i, Vectors.sparse(x[i].length, ii, ones)));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }
}
