package io.simpair.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Reads the embed job's documents (JSONL, plain text or Parquet; a file or a directory; any
 * Hadoop URI) in input order: files sorted by path, then lines (rows) in file order. Text files
 * are read one task per file with {@link TextLines}; every record is checked, and the first
 * problem in input order, an empty input or a duplicate id fails the read with an {@link
 * InputException} naming the file and line.
 */
public final class TextReader {
  private TextReader() {}

  /** The documents read: indexed 0.. in input order, every one with an id and a text. */
  public record TextInput(JavaRDD<TextRecord> docs, long count, TextFormat format, List<String> files) {}

  /**
   * Reads and validates {@code spec}; the returned RDD is persisted (the caller unpersists).
   *
   * @throws InputException on the first bad input, naming it
   */
  public static TextInput read(SparkSession spark, TextSpec spec) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<FileStatus> files = InputFiles.list(conf, spec.path());
    TextFormat format = spec.format() != null ? spec.format() : infer(files);
    InputFiles.requireNonEmpty(files);
    List<String> names = new ArrayList<>();
    for (FileStatus f : files) {
      names.add(f.getPath().toString());
    }
    JavaRDD<TextRecord> raw =
        format == TextFormat.PARQUET ? parquet(spark, spec, names) : lines(spark, spec, format, names);
    JavaRDD<TextRecord> indexed =
        raw.zipWithIndex()
            .map(
                t -> {
                  TextRecord r = t._1();
                  r.index = t._2();
                  if (format == TextFormat.TEXT && r.problem == null) {
                    r.id = spec.idPrefix() == null ? Long.toString(r.index) : spec.idPrefix() + r.index;
                  }
                  return r;
                });
    indexed.persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    try {
      check(indexed, spec);
    } catch (RuntimeException e) {
      indexed.unpersist(false);
      throw e;
    }
    return new TextInput(indexed, indexed.count(), format, names);
  }

  private static TextFormat infer(List<FileStatus> files) {
    TextFormat first = null;
    for (FileStatus f : files) {
      TextFormat t = TextFormat.fromFileName(f.getPath().getName());
      if (t == null) {
        throw new InputException(
            f.getPath() + ": unknown format: cannot tell it from the file name; pass --format jsonl|text|parquet");
      }
      if (first != null && t != first) {
        throw new InputException(f.getPath() + ": mixes " + first.label() + " and " + t.label() + " files in one input");
      }
      first = t;
    }
    return first;
  }

  private static void check(JavaRDD<TextRecord> docs, TextSpec spec) {
    List<TextRecord> bad = docs.filter(r -> r.problem != null).collect();
    if (!bad.isEmpty()) {
      TextRecord first = Collections.min(bad, (a, b) -> Long.compare(a.index, b.index));
      throw new InputException(first.where + ": " + first.problem);
    }
    if (docs.isEmpty()) {
      throw new InputException(spec.path() + ": no documents");
    }
    List<Tuple2<String, Long>> dups =
        docs.mapToPair(r -> new Tuple2<>(r.id, 1L)).reduceByKey(Long::sum).filter(t -> t._2() > 1).take(10);
    if (!dups.isEmpty()) {
      java.util.Set<String> ids = new java.util.HashSet<>();
      for (Tuple2<String, Long> t : dups) {
        ids.add(t._1());
      }
      List<TextRecord> at = docs.filter(r -> ids.contains(r.id)).collect();
      List<TextRecord> sorted = new ArrayList<>(at);
      sorted.sort((a, b) -> Long.compare(a.index, b.index));
      Map<String, String> firstWhere = new HashMap<>();
      for (TextRecord r : sorted) {
        String w = firstWhere.putIfAbsent(r.id, r.where);
        if (w != null) {
          throw new InputException(r.where + ": duplicate id '" + r.id + "' (first at " + w + ")");
        }
      }
    }
  }

  private static JavaRDD<TextRecord> lines(SparkSession spark, TextSpec spec, TextFormat format, List<String> names) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Map<String, String> conf = HadoopConf.toMap(spark.sparkContext().hadoopConfiguration());
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      idx.add(i);
    }
    String idField = spec.idField() == null ? "id" : spec.idField();
    String textField = spec.textField() == null ? "text" : spec.textField();
    return jsc.parallelize(idx, Math.max(1, idx.size()))
        .flatMap(
            i -> {
              List<TextRecord> out = new ArrayList<>();
              Path p = new Path(names.get(i));
              Configuration c = HadoopConf.fromMap(conf);
              CompressionCodec codec = new CompressionCodecFactory(c).getCodec(p);
              try (InputStream raw = p.getFileSystem(c).open(p);
                  InputStream in = codec == null ? raw : codec.createInputStream(raw)) {
                TextLines.read(in, i, names.get(i), format, idField, textField, out::add);
              } catch (IOException e) {
                throw new InputException(names.get(i) + ": cannot read: " + e.getMessage(), e);
              }
              return out.iterator();
            });
  }

  private static JavaRDD<TextRecord> parquet(SparkSession spark, TextSpec spec, List<String> names) {
    String idCol = spec.idField() == null ? "id" : spec.idField();
    String textCol = spec.textField() == null ? "text" : spec.textField();
    Dataset<Row> df;
    StructType schema;
    try {
      df = spark.read().parquet(names.toArray(String[]::new));
      schema = df.schema();
    } catch (Exception e) {
      throw new InputException(spec.path() + ": cannot read as Parquet: " + e.getMessage(), e);
    }
    StructField id = field(schema, idCol, spec.path(), "--id-col");
    StructField text = field(schema, textCol, spec.path(), "--text-col");
    if (id.dataType() instanceof ArrayType || id.dataType() instanceof StructType) {
      throw new InputException(spec.path() + ": id column '" + idCol + "' has type " + id.dataType().simpleString());
    }
    if (!text.dataType().equals(DataTypes.StringType)) {
      throw new InputException(
          spec.path() + ": text column '" + textCol + "' has type " + text.dataType().simpleString() + ", not string");
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      index.put(new Path(names.get(i)).toUri().getPath(), i);
    }
    Dataset<Row> sel =
        df.selectExpr(
            "CAST(`" + idCol + "` AS STRING) AS id",
            "`" + textCol + "` AS text",
            "_metadata.file_path AS file",
            "_metadata.row_index AS row");
    return sel.javaRDD()
        .map(
            r -> {
              String file = r.getString(2);
              Integer fi = index.get(new Path(file).toUri().getPath());
              TextRecord t = new TextRecord();
              t.file = fi == null ? -1 : fi;
              t.line = r.getLong(3);
              t.where = file + " row " + t.line;
              if (r.isNullAt(0)) {
                t.problem = "null id";
              } else if (r.isNullAt(1)) {
                t.problem = "null text";
              } else {
                t.id = r.getString(0);
                t.text = r.getString(1);
              }
              return t;
            })
        .sortBy(t -> ((long) t.file << 40) | t.line, true, Math.max(1, sel.rdd().getNumPartitions()));
  }

  private static StructField field(StructType schema, String name, String path, String option) {
    for (StructField f : schema.fields()) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    throw new InputException(
        path + ": no column '" + name + "' (columns: " + String.join(", ", schema.fieldNames()) + "; pass " + option + ")");
  }
}
