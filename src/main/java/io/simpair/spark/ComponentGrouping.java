package io.simpair.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.graphx.Edge;
import org.apache.spark.graphx.Graph;
import org.apache.spark.graphx.lib.ConnectedComponents;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * {@code --group-mode components}: the connected components of the graph whose edges are the
 * pairs at or past the threshold, by GraphX's {@code ConnectedComponents} (label propagation of
 * the smallest vertex id, one Pregel superstep per step of the longest shortest path in a
 * component); the first member of each component in keep order is kept. Nothing is collected:
 * the graph, the labels and the heads are RDDs and DataFrames throughout.
 */
final class ComponentGrouping implements Grouping {
  private static final ClassTag<Integer> INT = ClassTag$.MODULE$.apply(Integer.class);

  @Override
  public Dataset<Row> assign(SparkSession spark, Dataset<Row> pairs, Dataset<Row> docs, Dataset<Row> ranks) {
    Dataset<Row> comp = components(spark, pairs);
    Dataset<Row> heads =
        comp.join(ranks, DocumentTable.INDEX)
            .groupBy("_component")
            .agg(min(struct(col("_rank"), col(DocumentTable.INDEX))).as("_head"))
            .select(col("_component"), col("_head." + DocumentTable.INDEX).as("_head_index"));
    Dataset<Row> headIds = docs.select(col(DocumentTable.INDEX).as("_head_index"), col(DocumentTable.ID).as(GROUP_ID));
    Dataset<Row> direct = pairs.select(
        least(col("index_a"), col("index_b")).as("_lo"), greatest(col("index_a"), col("index_b")).as("_hi"),
        col("score").as(KEPT_SCORE));
    Dataset<Row> withHead = comp.join(heads, "_component").join(headIds, "_head_index");
    Dataset<Row> joined = withHead.join(
        direct,
        least(col(DocumentTable.INDEX), col("_head_index")).equalTo(col("_lo"))
            .and(greatest(col(DocumentTable.INDEX), col("_head_index")).equalTo(col("_hi"))),
        "left");
    return joined.select(
        col(DocumentTable.INDEX), col(GROUP_ID), col(KEPT_SCORE),
        col(DocumentTable.INDEX).notEqual(col("_head_index")).as(REMOVED));
  }

  /** {@code INDEX, _component} for every document in some pair (the component's smallest index). */
  static Dataset<Row> components(SparkSession spark, Dataset<Row> pairs) {
    JavaRDD<Edge<Integer>> edges =
        pairs.select("index_a", "index_b").javaRDD().map(r -> new Edge<>(r.getLong(0), r.getLong(1), 0));
    Graph<Integer, Integer> g =
        Graph.fromEdges(edges.rdd(), 0, StorageLevel.MEMORY_AND_DISK(), StorageLevel.MEMORY_AND_DISK(), INT, INT);
    Graph<Object, Integer> cc = ConnectedComponents.run(g, INT, INT);
    JavaRDD<Row> rows =
        cc.vertices().toJavaRDD().map(t -> RowFactory.create((Long) t._1(), (Long) t._2()))
            .persist(StorageLevel.MEMORY_AND_DISK());
    rows.count(); // materialised before the graphs are dropped
    g.unpersist(false);
    cc.unpersist(false);
    StructType schema = new StructType()
        .add(DocumentTable.INDEX, DataTypes.LongType, false)
        .add("_component", DataTypes.LongType, false);
    return spark.createDataFrame(rows, schema);
  }
}
