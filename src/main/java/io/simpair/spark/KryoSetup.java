package io.simpair.spark;

import com.esotericsoftware.kryo.Kryo;
import io.simpair.io.InputRow;
import io.simpair.search.PairCandidate;
import io.simpair.search.PairHeap;
import io.simpair.search.RowBlock;
import io.simpair.search.ScanCounts;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Registers every class simpair ships between JVMs, so that {@code
 * spark.kryo.registrationRequired=true} holds. Named in conf/spark-defaults.conf as {@code
 * spark.kryo.registrator}; tests call {@link #configure(SparkConf)} before the session exists.
 */
public final class KryoSetup implements KryoRegistrator {

  static final Class<?>[] CLASSES = {
    InputRow.class,
    io.simpair.io.TextRecord.class,
    EmbeddedDoc.class,
    io.simpair.io.NpyReader.NpyChunk.class,
    io.simpair.io.CsvReader.SplitInfo.class,
    RowBlock.class,
    RowBlock[].class,
    PairCandidate.class,
    TaskResult.class,
    TaskOutput.class,
    PairHeap.class,
    io.simpair.search.PairOrder.class,
    io.simpair.search.PairOrder[].class,
    ScanCounts.class,
    io.simpair.kernel.ExactValue.class,
    io.simpair.kernel.ExactValue[].class,
    io.simpair.kernel.Dyadic.class,
    java.math.BigInteger.class,
    RowStats.class,
    io.simpair.search.AttentionStats.class,
    io.simpair.search.AttentionSummary.class,
    long[][].class,
    boolean[].class,
    io.simpair.kernel.Metric.class,
    float[].class,
    float[][].class,
    double[].class,
    long[].class,
    int[].class,
    int[][].class,
    String[].class,
    Object[].class,
    java.util.ArrayList.class,
    java.util.HashMap.class,
  };

  @Override
  public void registerClasses(Kryo kryo) {
    for (Class<?> c : CLASSES) {
      kryo.register(c);
    }
    // Spark SQL types: Parquet schema discovery ships the file schemas through the serializer.
    for (String t :
        new String[] {
          "ArrayType", "StructType", "StructField", "StructField[]", "MapType", "Metadata",
          "StringType$", "FloatType$", "DoubleType$", "LongType$", "IntegerType$", "ShortType$",
          "ByteType$", "BooleanType$", "BinaryType$", "DateType$", "TimestampType$",
          "TimestampNTZType$", "NullType$", "DecimalType", "CharType", "VarcharType"
        }) {
      registerByName(kryo, "org.apache.spark.sql.types." + t);
    }
    registerByName(kryo, "org.apache.spark.ml.linalg.VectorUDT");
    registerByName(kryo, "org.apache.spark.mllib.linalg.VectorUDT");
    registerByName(kryo, "org.apache.spark.sql.types.StringType");
    registerByName(kryo, "scala.collection.immutable.ArraySeq$ofRef");
    registerByName(kryo, "scala.collection.mutable.ArraySeq$ofRef");
    registerByName(kryo, "scala.reflect.ClassTag$GenericClassTag");
    registerByName(kryo, "org.apache.spark.util.collection.CompactBuffer");
    registerByName(kryo, "org.apache.spark.util.collection.CompactBuffer[]");
    // embed --embedder tfidf: MLlib's IDF fit aggregates document frequencies in a tree
    registerByName(kryo, "org.apache.spark.mllib.feature.IDF$DocumentFrequencyAggregator");
    registerByName(kryo, "breeze.linalg.DenseVector$mcJ$sp");
    registerByName(kryo, "breeze.linalg.DenseVector$mcD$sp");
    // dedup --group-mode components: GraphX ships its edge and vertex partitions and messages
    for (String g :
        new String[] {
          "org.apache.spark.graphx.Edge", "org.apache.spark.graphx.Edge$mcI$sp", "org.apache.spark.graphx.Edge[]",
          "org.apache.spark.graphx.impl.EdgePartition", "org.apache.spark.graphx.impl.EdgePartition$mcI$sp",
          "org.apache.spark.graphx.impl.VertexAttributeBlock", "org.apache.spark.graphx.impl.VertexAttributeBlock$mcJ$sp",
          "org.apache.spark.graphx.impl.VertexAttributeBlock$mcI$sp",
          "org.apache.spark.graphx.impl.ShippableVertexPartition", "org.apache.spark.graphx.impl.RoutingTablePartition",
          "org.apache.spark.graphx.util.collection.GraphXPrimitiveKeyOpenHashMap",
          "org.apache.spark.graphx.util.collection.GraphXPrimitiveKeyOpenHashMap$mcJI$sp",
          "org.apache.spark.graphx.EdgeDirection", "org.apache.spark.graphx.PartitionStrategy",
          "org.apache.spark.util.collection.BitSet", "org.apache.spark.util.collection.OpenHashSet",
          "org.apache.spark.util.collection.OpenHashSet$LongHasher", "org.apache.spark.util.collection.OpenHashSet$IntHasher",
          "org.apache.spark.util.collection.OpenHashSet$mcJ$sp", "org.apache.spark.util.collection.OpenHashSet$mcI$sp",
          "org.apache.spark.util.BoundedPriorityQueue",
          "scala.Tuple2", "scala.Tuple2[]", "scala.Tuple3", "scala.Tuple3[]", "scala.Tuple2$mcJJ$sp", "scala.Tuple2$mcJI$sp",
          "scala.reflect.ManifestFactory$IntManifest", "scala.reflect.ManifestFactory$LongManifest",
          "scala.reflect.ManifestFactory$ObjectManifest", "scala.reflect.ManifestFactory$AnyManifest",
          "java.lang.Integer[]", "java.lang.Long[]", "java.lang.Object[]",
          // dedup --group-mode star streams sorted pairs to the driver (Dataset.toLocalIterator)
          "org.apache.spark.util.io.ChunkedByteBuffer", "org.apache.spark.util.io.ChunkedByteBuffer[]",
          "java.nio.HeapByteBuffer", "java.nio.ByteBuffer[]",
          "org.apache.spark.sql.catalyst.expressions.GenericRow",
          "org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema"
        }) {
      registerByName(kryo, g);
    }
  }

  private static void registerByName(Kryo kryo, String name) {
    try {
      if (name.endsWith("[]")) {
        Class<?> c = Class.forName(name.substring(0, name.length() - 2));
        kryo.register(java.lang.reflect.Array.newInstance(c, 0).getClass());
      } else {
        kryo.register(Class.forName(name));
      }
    } catch (ClassNotFoundException e) {
      // not present in this Scala/Spark build: nothing of that class can be shipped either
    }
  }

  /** Sets the serializer, this registrator and registrationRequired on a conf. */
  public static SparkConf configure(SparkConf conf) {
    return conf.set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .set("spark.kryo.registrator", KryoSetup.class.getName())
        .set("spark.kryo.registrationRequired", "true");
  }
}
