package io.simpair.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads Parquet through Spark SQL: an id column of any scalar type (read as a string) and a
 * vector column of {@code array<float>}, {@code array<double>} or an ML Vector. Row indices
 * are Parquet's own row index within each file.
 */
public final class ParquetReader implements EmbeddingReader {

  @Override
  public InputFormat format() {
    return InputFormat.PARQUET;
  }

  /**
   * {@inheritDoc}
   *
   * @throws InputException when Spark cannot read the files as Parquet, or a column is missing
   *     or of a type that is not supported
   */
  @Override
  public LoadedInput open(SparkSession spark, InputSpec spec, List<FileStatus> files) {
    String[] paths = files.stream().map(f -> f.getPath().toString()).toArray(String[]::new);
    String idCol = spec.idCol() == null ? "id" : spec.idCol();
    String vecCol = spec.vectorCol() == null ? "vector" : spec.vectorCol();
    Dataset<Row> df;
    StructType schema;
    try {
      // every footer is read here (not only one file's), so a truncated or foreign file and
      // schemas that do not agree are found before any work, not in a task
      df = spark.read().option("mergeSchema", "true").parquet(paths);
      schema = df.schema();
    } catch (Exception e) {
      if (isSerializationFailure(e)) {
        throw e; // a Kryo registration gap is our bug, not bad input: exit 1
      }
      throw new InputException(whichFile(spark, paths, spec.path(), e), e);
    }
    StructField idField = field(schema, idCol, spec.path());
    StructField vecField = field(schema, vecCol, spec.path());
    DataType vt = vecField.dataType();
    boolean fp32;
    boolean mlVector = false;
    if (vt instanceof ArrayType at && at.elementType().equals(DataTypes.FloatType)) {
      fp32 = true;
    } else if (vt instanceof ArrayType at && at.elementType().equals(DataTypes.DoubleType)) {
      fp32 = false;
    } else if (vt.getClass().getName().endsWith("linalg.VectorUDT")) {
      fp32 = false;
      mlVector = true;
    } else {
      throw new InputException(
          spec.path()
              + ": column '"
              + vecCol
              + "' has type "
              + vt.simpleString()
              + "; need array<float>, array<double> or an ML Vector");
    }
    if (idField.dataType() instanceof ArrayType || idField.dataType() instanceof StructType) {
      throw new InputException(
          spec.path() + ": id column '" + idCol + "' has type " + idField.dataType().simpleString());
    }
    String valCol = spec.valueCol();
    if (valCol != null) {
      valueType(field(schema, valCol, spec.path()), spec.path(), idCol, vecCol);
    }
    Dataset<Row> sel =
        df.selectExpr(
            "CAST(`" + idCol + "` AS STRING) AS id",
            "`" + vecCol + "` AS vector",
            "_metadata.file_path AS file",
            "_metadata.row_index AS row",
            valCol == null ? "CAST(NULL AS DOUBLE) AS value" : "`" + valCol + "` AS value");
    List<String> names = new ArrayList<>();
    for (Row r : sel.select("file").distinct().collectAsList()) {
      names.add(r.getString(0));
    }
    Collections.sort(names);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      index.put(names.get(i), i);
    }
    boolean ml = mlVector;
    JavaRDD<InputRow> rows = sel.javaRDD().map(r -> parquetRow(r, index, fp32, ml, valCol));
    return new LoadedInput(spec, InputFormat.PARQUET, names, rows, fp32, null);
  }

  /**
   * Why the files cannot be read together, naming the file: the first that cannot be read
   * alone, or the first whose schema differs from the first file's, by column.
   */
  private static String whichFile(SparkSession spark, String[] paths, String input, Exception e) {
    StructType first = null;
    for (String p : paths) {
      StructType s;
      try {
        s = spark.read().parquet(p).schema();
      } catch (Exception inner) {
        if (isSerializationFailure(inner)) {
          throw inner;
        }
        return p + ": cannot read as Parquet: " + firstLine(inner);
      }
      if (first == null) {
        first = s;
        continue;
      }
      for (StructField f : first.fields()) {
        String here = typeOf(s, f.name());
        if (!f.dataType().simpleString().equals(here)) {
          return p + ": column '" + f.name() + "' is " + (here == null ? "missing" : here) + " here but "
              + f.dataType().simpleString() + " in " + paths[0] + " (the files of one input need one schema)";
        }
      }
    }
    return input + ": cannot read as Parquet: " + firstLine(e);
  }

  private static String typeOf(StructType s, String name) {
    for (StructField f : s.fields()) {
      if (f.name().equals(name)) {
        return f.dataType().simpleString();
      }
    }
    return null;
  }

  private static StructField field(StructType schema, String name, String path) {
    for (StructField f : schema.fields()) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    throw new InputException(
        path + ": no column '" + name + "' (columns: " + String.join(", ", schema.fieldNames()) + ")");
  }

  /** The value column must hold numbers that a double holds exactly (integers, float, double). */
  private static void valueType(StructField f, String path, String idCol, String vecCol) {
    if (f.name().equals(idCol) || f.name().equals(vecCol)) {
      throw new InputException(path + ": the value column '" + f.name() + "' is also the " + (f.name().equals(idCol) ? "id" : "vector")
          + " column");
    }
    DataType t = f.dataType();
    if (!(t.equals(DataTypes.ByteType) || t.equals(DataTypes.ShortType) || t.equals(DataTypes.IntegerType)
        || t.equals(DataTypes.LongType) || t.equals(DataTypes.FloatType) || t.equals(DataTypes.DoubleType))) {
      throw new InputException(path + ": value column '" + f.name() + "' has type " + t.simpleString()
          + "; need a number column (tinyint, smallint, int, bigint, float or double)");
    }
  }

  private static InputRow parquetRow(Row r, Map<String, Integer> index, boolean fp32, boolean ml, String valCol) {
    InputRow out = new InputRow();
    out.file = index.get(r.getString(2));
    out.row = r.getLong(3);
    out.line = -1;
    out.id = r.isNullAt(0) ? null : r.getString(0);
    if (out.id == null) {
      out.problem = "null id";
      return out;
    }
    if (valCol != null) {
      out.problem = value(r.get(4), valCol, out);
      if (out.problem != null) {
        return out;
      }
    }
    if (r.isNullAt(1)) {
      out.problem = "null vector";
      return out;
    }
    if (ml) {
      Object v = r.get(1);
      if (v instanceof org.apache.spark.ml.linalg.Vector mv) {
        out.d = mv.toArray();
      } else {
        out.d = ((org.apache.spark.mllib.linalg.Vector) v).toArray();
      }
      return out;
    }
    List<Object> list = r.getList(1);
    int n = list.size();
    if (fp32) {
      float[] f = new float[n];
      for (int k = 0; k < n; k++) {
        Object o = list.get(k);
        if (o == null) {
          out.problem = "null element at position " + k;
          return out;
        }
        f[k] = (Float) o;
      }
      out.f = f;
    } else {
      double[] d = new double[n];
      for (int k = 0; k < n; k++) {
        Object o = list.get(k);
        if (o == null) {
          out.problem = "null element at position " + k;
          return out;
        }
        d[k] = (Double) o;
      }
      out.d = d;
    }
    return out;
  }

  /** Sets the row's value from the value column's cell; the problem with it, or null. */
  private static String value(Object cell, String col, InputRow out) {
    if (cell == null) {
      return "null in value column '" + col + "'";
    }
    if (cell instanceof Long l && Math.abs(l) > (1L << 53)) {
      return "value " + l + " in column '" + col + "' is not exactly a double (|value| > 2^53)";
    }
    double v = ((Number) cell).doubleValue();
    if (!Double.isFinite(v)) {
      return "value " + v + " in column '" + col + "' is not finite";
    }
    out.value = v;
    return null;
  }

  /** True when a Kryo failure is in the cause chain (e.g. an unregistered class). */
  private static boolean isSerializationFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof com.esotericsoftware.kryo.KryoException) {
        return true;
      }
    }
    return false;
  }

  /** The first line of a message: Spark's analysis errors run over many lines. */
  private static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
