package io.simpair.peers;

import io.simpair.io.NpyHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.feature.BucketedRandomProjectionLSH;
import org.apache.spark.ml.feature.BucketedRandomProjectionLSHModel;
import org.apache.spark.mllib.linalg.Matrix;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.linalg.distributed.BlockMatrix;
import org.apache.spark.mllib.linalg.distributed.IndexedRow;
import org.apache.spark.mllib.linalg.distributed.IndexedRowMatrix;
import org.apache.spark.mllib.linalg.distributed.MatrixEntry;
import org.apache.spark.mllib.linalg.distributed.RowMatrix;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * The best cosine pair of an NPY file the way a Spark user would find it with MLlib: {@code
 * blockmatrix} (unit rows, BlockMatrix A*A^T, the max above the diagonal), {@code dimsum}
 * (RowMatrix of the transposed matrix, columnSimilarities() at threshold 0, exact), {@code brp}
 * (BucketedRandomProjectionLSH.approxSimilarityJoin on unit rows; Euclidean distance t means
 * cosine 1 - t^2/2). Run under spark-submit (bench/peers-e2e.sh). Prints one JSON line; work
 * seconds start after the SparkSession exists and include the file read. For brp the candidate
 * pairs (distinct i < j sharing a bucket in some table) are counted afterwards, off the clock.
 * Usage: {@code MllibPeersRun blockmatrix|dimsum|brp FILE.npy [bucketLength tables cosThreshold seed]}
 */
public final class MllibPeersRun {
  private MllibPeersRun() {}

  public static void main(String[] args) throws IOException {
    SparkSession spark = SparkSession.builder().getOrCreate();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    long t0 = System.nanoTime();
    double[][] x = read(Path.of(args[1]));
    int n = x.length;
    int d = x[0].length;
    String extra = "";
    double[] best; // score, a, b
    switch (args[0]) {
      case "blockmatrix" -> {
        List<IndexedRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          rows.add(new IndexedRow(i, Vectors.dense(unit(x[i]))));
        }
        BlockMatrix a = new IndexedRowMatrix(jsc.parallelize(rows).rdd(), n, d).toBlockMatrix(1024, 1024).cache();
        BlockMatrix g = a.multiply(a.transpose());
        best = g.blocks().toJavaRDD().map(MllibPeersRun::blockMax).reduce(MllibPeersRun::better);
      }
      case "dimsum" -> {
        List<org.apache.spark.mllib.linalg.Vector> cols = new ArrayList<>();
        for (int k = 0; k < d; k++) {
          double[] c = new double[n];
          for (int i = 0; i < n; i++) {
            c[i] = x[i][k];
          }
          cols.add(Vectors.dense(c));
        }
        RowMatrix m = new RowMatrix(jsc.parallelize(cols).rdd(), d, n);
        best = m.columnSimilarities().entries().toJavaRDD()
            .map((MatrixEntry e) -> new double[] {e.value(), e.i(), e.j()}).reduce(MllibPeersRun::better);
      }
      case "brp" -> {
        double w = Double.parseDouble(args[2]);
        int tables = Integer.parseInt(args[3]);
        double cos = Double.parseDouble(args[4]);
        double dist = Math.sqrt(2 - 2 * cos);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          rows.add(RowFactory.create((long) i, org.apache.spark.ml.linalg.Vectors.dense(unit(x[i]))));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType)
            .add("features", new org.apache.spark.ml.linalg.VectorUDT());
        Dataset<Row> df = spark.createDataFrame(rows, schema);
        BucketedRandomProjectionLSHModel model = new BucketedRandomProjectionLSH().setBucketLength(w)
            .setNumHashTables(tables).setSeed(Long.parseLong(args[5])).setInputCol("features").setOutputCol("h").fit(df);
        List<Row> top = model.approxSimilarityJoin(df, df, dist, "dist")
            .selectExpr("datasetA.id as a", "datasetB.id as b", "dist").where("a < b")
            .orderBy("dist", "a", "b").limit(1).collectAsList();
        best = top.isEmpty() ? new double[] {Double.NaN, -1, -1}
            : new double[] {1 - top.get(0).getDouble(2) * top.get(0).getDouble(2) / 2, top.get(0).getLong(0), top.get(0).getLong(1)};
        double secs = (System.nanoTime() - t0) / 1e9;
        extra = String.format(Locale.ROOT, ", \"bucketLength\": %s, \"numHashTables\": %d, \"cos_threshold\": %s, \"dist_threshold\": %.6f, \"candidate_pairs\": %d",
            w, tables, cos, dist, candidates(model, df, n, tables));
        print(args[0], n, d, best, secs, extra);
        spark.stop();
        return;
      }
      default -> throw new IllegalArgumentException("method: blockmatrix, dimsum or brp, not " + args[0]);
    }
    print(args[0], n, d, best, (System.nanoTime() - t0) / 1e9, extra);
    spark.stop();
  }

  private static void print(String m, int n, int d, double[] best, double secs, String extra) {
    System.out.printf(Locale.ROOT, "{\"method\": \"mllib-%s\", \"n\": %d, \"d\": %d, \"a\": %d, \"b\": %d, \"score\": %.17g, \"work_seconds\": %.3f%s}%n",
        m, n, d, (long) best[1], (long) best[2], best[0], secs, extra);
  }

  /** Distinct pairs i < j that share a bucket in at least one table (inclusion-exclusion over the tables). */
  private static long candidates(BucketedRandomProjectionLSHModel model, Dataset<Row> df, int n, int tables) {
    List<Row> hs = model.transform(df).select("id", "h").collectAsList();
    long[][] h = new long[n][tables];
    for (Row r : hs) {
      List<org.apache.spark.ml.linalg.Vector> v = r.getList(1);
      for (int t = 0; t < tables; t++) {
        h[(int) r.getLong(0)][t] = (long) v.get(t).apply(0);
      }
    }
    long total = 0;
    for (int s = 1; s < (1 << tables); s++) {
      java.util.HashMap<List<Long>, Long> groups = new java.util.HashMap<>();
      for (long[] row : h) {
        List<Long> key = new ArrayList<>();
        for (int t = 0; t < tables; t++) {
          if ((s >> t & 1) == 1) {
            key.add(row[t]);
          }
        }
        groups.merge(key, 1L, Long::sum);
      }
      long pairs = groups.values().stream().mapToLong(c -> c * (c - 1) / 2).sum();
      total += Integer.bitCount(s) % 2 == 1 ? pairs : -pairs;
    }
    return total;
  }

  private static double[] blockMax(Tuple2<Tuple2<Object, Object>, Matrix> blk) {
    int bi = (Integer) blk._1()._1();
    int bj = (Integer) blk._1()._2();
    Matrix m = blk._2();
    double[] best = {Double.NEGATIVE_INFINITY, -1, -1};
    for (int i = 0; i < m.numRows(); i++) {
      for (int j = 0; j < m.numCols(); j++) {
        long a = (long) bi * 1024 + i;
        long b = (long) bj * 1024 + j;
        if (a < b && m.apply(i, j) > best[0]) {
          best = new double[] {m.apply(i, j), a, b};
        }
      }
    }
    return best;
  }

  /** The higher score; on a tie the smaller (a, b). */
  private static double[] better(double[] p, double[] q) {
    if (p[0] != q[0]) {
      return p[0] > q[0] ? p : q;
    }
    if (p[1] != q[1]) {
      return p[1] < q[1] ? p : q;
    }
    return p[2] <= q[2] ? p : q;
  }

  private static double[] unit(double[] r) {
    double s = 0;
    for (double v : r) {
      s += v * v;
    }
    double inv = 1 / Math.sqrt(s);
    double[] u = new double[r.length];
    for (int k = 0; k < r.length; k++) {
      u[k] = r[k] * inv;
    }
    return u;
  }

  private static double[][] read(Path p) throws IOException {
    byte[] all = Files.readAllBytes(p);
    NpyHeader hd = NpyHeader.parse(all, Math.min(all.length, NpyHeader.MAX_PREFIX), all.length);
    ByteBuffer bb = ByteBuffer.wrap(all, hd.dataOffset(), all.length - hd.dataOffset()).order(ByteOrder.LITTLE_ENDIAN);
    double[][] x = new double[(int) hd.rows()][hd.cols()];
    for (double[] r : x) {
      for (int k = 0; k < r.length; k++) {
        r[k] = hd.fp32() ? bb.getFloat() : bb.getDouble();
      }
    }
    return x;
  }
}
