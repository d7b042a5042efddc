package io.simpair.spark;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import io.simpair.io.EmbeddingSource;
import io.simpair.io.InputException;
import io.simpair.io.InputFormat;
import io.simpair.io.InputSpec;
import io.simpair.io.LoadedInput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The documents of a dedup input with every column they have (text included), numbered by the
 * same global row index the pair search gives them: files sorted by path, then Parquet's row
 * index within each file. Two columns are added: {@link #INDEX} and {@link #ID} (the id column
 * as a string).
 */
final class DocumentTable {
  static final String INDEX = "_simpair_index";
  static final String ID = "_simpair_id";

  private DocumentTable() {}

  /**
   * The documents of {@code spec} (Parquet: the embed job's output or any table of id, vector and
   * other columns).
   *
   * @throws InputException when the input is not Parquet or cannot be read
   */
  static Dataset<Row> read(SparkSession spark, InputSpec spec) {
    LoadedInput in = EmbeddingSource.open(spark, spec);
    if (in.format() != InputFormat.PARQUET) {
      throw new InputException(spec.path() + ": dedup reads Parquet (for example the embed job's embeddings.parquet),"
          + " whose other columns (text) it keeps; this input is " + in.format().label());
    }
    Dataset<Row> raw = spark.read().parquet(in.files().toArray(new String[0]));
    Dataset<Row> pos = raw.withColumn("_simpair_file", col("_metadata.file_path"))
        .withColumn("_simpair_row", col("_metadata.row_index"));
    Map<String, Long> perFile = new HashMap<>();
    for (Row r : pos.groupBy("_simpair_file").count().collectAsList()) {
      perFile.put(r.getString(0), r.getLong(1));
    }
    List<Row> offsets = new ArrayList<>();
    long at = 0;
    for (String f : in.files()) { // the reader's sorted order, which fixes the global index
      offsets.add(RowFactory.create(f, at));
      at += perFile.getOrDefault(f, 0L);
    }
    StructType schema = new StructType()
        .add("_simpair_file", DataTypes.StringType, false)
        .add("_simpair_offset", DataTypes.LongType, false);
    String idCol = spec.idCol() == null ? "id" : spec.idCol();
    return pos.join(broadcast(spark.createDataFrame(offsets, schema)), "_simpair_file")
        .withColumn(INDEX, col("_simpair_row").plus(col("_simpair_offset")))
        .withColumn(ID, col("`" + idCol + "`").cast(DataTypes.StringType))
        .drop("_simpair_file", "_simpair_row", "_simpair_offset");
  }

  /** The input's own columns (without the two added). */
  static List<String> inputColumns(Dataset<Row> docs) {
    List<String> out = new ArrayList<>();
    for (String c : docs.columns()) {
      if (!c.startsWith("_simpair_")) {
        out.add(c);
      }
    }
    return out;
  }
}
