package io.simpair.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;

import io.simpair.search.StarAssignment;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code --group-mode star}: {@link StarAssignment} in keep order. The greedy is sequential by
 * nature: the pairs are sorted on the cluster by (later document, similarity) and streamed to
 * the driver one partition at a time ({@code toLocalIterator}), which keeps one bit per document
 * and 20 bytes per removed document; the pairs themselves are never held.
 */
final class StarGrouping implements Grouping {

  @Override
  public Dataset<Row> assign(SparkSession spark, Dataset<Row> pairs, Dataset<Row> docs, Dataset<Row> ranks) {
    Dataset<Row> ra = ranks.select(col(DocumentTable.INDEX).as("index_a"), col("_rank").as("_ra"));
    Dataset<Row> rb = ranks.select(col(DocumentTable.INDEX).as("index_b"), col("_rank").as("_rb"));
    Dataset<Row> sorted =
        pairs.join(ra, "index_a").join(rb, "index_b")
            .select(greatest(col("_ra"), col("_rb")).as("_later"), least(col("_ra"), col("_rb")).as("_earlier"),
                col("score"), col("_key"))
            .orderBy(col("_later"), col("_key").desc(), col("_earlier"));
    StarAssignment star = new StarAssignment();
    Iterator<Row> it = sorted.toLocalIterator();
    while (it.hasNext()) {
      Row r = it.next();
      star.offer(r.getLong(0), r.getLong(1), r.getDouble(2));
    }
    long[] removed = star.removedRanks();
    long[] kept = star.keptRanks();
    double[] scores = star.scores();
    List<Row> rows = new ArrayList<>(removed.length);
    for (int i = 0; i < removed.length; i++) {
      rows.add(RowFactory.create(removed[i], kept[i], scores[i]));
    }
    StructType schema = new StructType()
        .add("_member_rank", DataTypes.LongType, false)
        .add("_head_rank", DataTypes.LongType, false)
        .add(KEPT_SCORE, DataTypes.DoubleType, false);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Dataset<Row> members = spark.createDataFrame(jsc.parallelize(rows, Math.max(1, jsc.defaultParallelism())), schema);
    Dataset<Row> byRank = ranks.join(docs.select(DocumentTable.INDEX, DocumentTable.ID), DocumentTable.INDEX);
    Dataset<Row> removedRows =
        members
            .join(byRank.select(col("_rank").as("_member_rank"), col(DocumentTable.INDEX)), "_member_rank")
            .join(byRank.select(col("_rank").as("_head_rank"), col(DocumentTable.ID).as(GROUP_ID)), "_head_rank")
            .select(col(DocumentTable.INDEX), col(GROUP_ID), col(KEPT_SCORE), lit(true).as(REMOVED));
    Dataset<Row> headRows =
        members.select("_head_rank").distinct()
            .join(byRank.select(col("_rank").as("_head_rank"), col(DocumentTable.INDEX), col(DocumentTable.ID).as(GROUP_ID)),
                "_head_rank")
            .select(col(DocumentTable.INDEX), col(GROUP_ID), lit(null).cast(DataTypes.DoubleType).as(KEPT_SCORE),
                lit(false).as(REMOVED));
    return removedRows.unionByName(headRows);
  }
}
