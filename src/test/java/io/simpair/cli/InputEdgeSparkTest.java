package io.simpair.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simpair.io.InputSpec;
import io.simpair.kernel.Metric;
import io.simpair.spark.PairsConfig;
import io.simpair.testutil.LocalSpark;
import io.simpair.testutil.Oracle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet and CSV inputs a user may hand in by mistake, end to end through the pairs command:
 * each bad one exits 2 with one line naming the file and the column or line, nothing written;
 * the odd but good ones (int64 or string ids, files without rows, trailing blank lines) give the
 * brute-force answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InputEdgeSparkTest {
  private static final float[][] X = {{1, 2, 3}, {3, 1, 2}, {1, 2, 3.1f}, {-1, 0, 2}, {2, 2, 2}};
  private SparkSession spark;

  @BeforeAll
  void start() {
    spark = LocalSpark.start("InputEdgeSparkTest");
  }

  @AfterAll
  void stop() {
    LocalSpark.stop(spark);
  }

  record Outcome(int code, String out, String err) {}

  private Outcome run(Path in, String idCol, Path out) {
    PairsConfig cfg =
        PairsConfig.builder()
            .input(new InputSpec(in.toString(), null, idCol, null, null))
            .metric(Metric.COSINE)
            .output(out.toString())
            .progress(false)
            .build();
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code;
    try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8);
        PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
      code = MainAccess.runPairs(spark, cfg, po, pe);
    }
    return new Outcome(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
  }

  private void bad(Path in, Path out, String... fragments) {
    Outcome r = run(in, null, out);
    String err = r.err().strip();
    assertEquals(2, r.code(), err);
    assertTrue(err.startsWith("simpair: input error: "), err);
    assertFalse(err.contains("\n"), "one line: " + err);
    for (String f : fragments) {
      assertTrue(err.contains(f), "'" + f + "' missing from: " + err);
    }
    assertFalse(Files.exists(out), "nothing written");
  }

  private void good(Path in, String idCol, Path out, List<String> ids) throws IOException {
    Outcome r = run(in, idCol, out);
    assertEquals(0, r.code(), r.err());
    JsonNode best = new ObjectMapper().readTree(out.resolve("result.json").toFile()).path("best");
    Oracle.Best want = Oracle.best("cosine", Oracle.toDouble(X));
    assertEquals(ids.get(want.i()), best.path("a").asText());
    assertEquals(ids.get(want.j()), best.path("b").asText());
    assertEquals(want.score(), best.path("score").asDouble(), 0.0);
  }

  private void parquet(Path dir, StructType schema, List<Row> rows) {
    spark.createDataFrame(rows, schema).coalesce(1).write().parquet(dir.toString());
  }

  private static List<Float> boxed(float[] v) {
    List<Float> l = new ArrayList<>();
    for (float x : v) {
      l.add(x);
    }
    return l;
  }

  private static StructType schema(String idCol, DataType idType, DataType vectorType) {
    return new StructType().add(idCol, idType, true).add("vector", vectorType, true);
  }

  private static final DataType FLOATS = DataTypes.createArrayType(DataTypes.FloatType, true);

  private List<Row> rows(List<?> ids) {
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < X.length; i++) {
      out.add(RowFactory.create(ids.get(i), boxed(X[i])));
    }
    return out;
  }

  private static Path onlyFile(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
  }

  @Test
  void notParquetAtAll(@TempDir Path dir) throws IOException {
    Path in = Files.writeString(dir.resolve("v.parquet"), "id,x\na,1\n");
    bad(in, dir.resolve("out"), "v.parquet", "cannot read as Parquet");
  }

  /** The bytes of a good Parquet file of the five rows. */
  private byte[] goodFile(Path dir) throws IOException {
    Path d = dir.resolve("t");
    parquet(d, schema("id", DataTypes.StringType, FLOATS), rows(List.of("a", "b", "c", "d", "e")));
    return Files.readAllBytes(onlyFile(d));
  }

  @Test
  void truncatedFile(@TempDir Path dir) throws IOException {
    byte[] all = goodFile(dir);
    Path in = Files.write(dir.resolve("cut.parquet"), Arrays.copyOf(all, all.length / 2));
    bad(in, dir.resolve("out"), "cut.parquet", "cannot read as Parquet");
  }

  @Test
  void truncatedSecondFileOfADirectory(@TempDir Path dir) throws IOException {
    byte[] all = goodFile(dir);
    Path in = dir.resolve("both");
    Files.createDirectories(in);
    Files.write(in.resolve("a.parquet"), all);
    Files.write(in.resolve("b.parquet"), Arrays.copyOf(all, all.length - 10));
    bad(in, dir.resolve("out"), "b.parquet", "cannot read as Parquet");
  }

  @Test
  void missingIdColumnNamesTheColumnsThatExist(@TempDir Path dir) {
    Path in = dir.resolve("noid");
    parquet(in, schema("name", DataTypes.StringType, FLOATS), rows(List.of("a", "b", "c", "d", "e")));
    bad(in, dir.resolve("out"), "noid", "no column 'id'", "columns: name, vector");
  }

  @Test
  void vectorColumnOfStringsStructsOrNestedArrays(@TempDir Path dir) {
    Path strings = dir.resolve("strings");
    List<Row> s = new ArrayList<>();
    for (int i = 0; i < X.length; i++) {
      s.add(RowFactory.create("r" + i, Arrays.toString(X[i])));
    }
    parquet(strings, schema("id", DataTypes.StringType, DataTypes.StringType), s);
    bad(strings, dir.resolve("out1"), "strings", "column 'vector'", "type string", "need array<float>");

    Path structs = dir.resolve("structs");
    StructType xy = new StructType().add("x", DataTypes.FloatType).add("y", DataTypes.FloatType);
    List<Row> t = new ArrayList<>();
    for (int i = 0; i < X.length; i++) {
      t.add(RowFactory.create("r" + i, RowFactory.create(X[i][0], X[i][1])));
    }
    parquet(structs, schema("id", DataTypes.StringType, xy), t);
    bad(structs, dir.resolve("out2"), "structs", "column 'vector'", "struct<x:float,y:float>");

    Path nested = dir.resolve("nested");
    List<Row> n = new ArrayList<>();
    for (int i = 0; i < X.length; i++) {
      n.add(RowFactory.create("r" + i, List.of(boxed(X[i]))));
    }
    parquet(nested, schema("id", DataTypes.StringType, DataTypes.createArrayType(FLOATS)), n);
    bad(nested, dir.resolve("out3"), "nested", "column 'vector'", "array<array<float>>");
  }

  @Test
  void int64AndStringIdsWork(@TempDir Path dir) throws IOException {
    Path longs = dir.resolve("longs");
    List<Object> ids = List.of(10L, 20L, 1L << 40, -5L, 7L);
    parquet(longs, schema("id", DataTypes.LongType, FLOATS), rows(ids));
    good(longs, null, dir.resolve("out1"), ids.stream().map(String::valueOf).toList());

    Path strings = dir.resolve("strings");
    List<String> names = List.of("doc a", "doc-b", "ü", "12", "e,f");
    parquet(strings, schema("key", DataTypes.StringType, FLOATS), rows(names));
    good(strings, "key", dir.resolve("out2"), names);
  }

  @Test
  void nullIdsAreNamedByFileAndRow(@TempDir Path dir) {
    Path in = dir.resolve("nullid");
    parquet(in, schema("id", DataTypes.LongType, FLOATS), rows(Arrays.asList(1L, 2L, null, 4L, 5L)));
    bad(in, dir.resolve("out"), "nullid", ".parquet", "row 2", "null id");
  }

  @Test
  void filesWithoutRowsBesideFilesWithRows(@TempDir Path dir) throws IOException {
    Path in = dir.resolve("parts");
    StructType s = schema("id", DataTypes.StringType, FLOATS);
    List<String> ids = List.of("a", "b", "c", "d", "e");
    List<Row> all = rows(ids);
    // written as three files: rows 0-2, none, rows 3-4, in input (path) order
    spark.createDataFrame(all.subList(0, 3), s).coalesce(1).write().parquet(in.resolve("p1").toString());
    spark.createDataFrame(List.of(), s).coalesce(1).write().parquet(in.resolve("p2").toString());
    spark.createDataFrame(all.subList(3, 5), s).coalesce(1).write().parquet(in.resolve("p3").toString());
    Path flat = dir.resolve("flat");
    Files.createDirectories(flat);
    int k = 0;
    for (String p : List.of("p1", "p2", "p3")) {
      try (Stream<Path> files = Files.list(in.resolve(p))) {
        for (Path f : files.filter(x -> x.getFileName().toString().endsWith(".parquet")).sorted().toList()) {
          Files.copy(f, flat.resolve("part-" + (k++) + ".parquet"));
        }
      }
    }
    good(flat, null, dir.resolve("out"), ids);
  }

  @Test
  void twoFilesWithDifferentSchemas(@TempDir Path dir) throws IOException {
    Path in = dir.resolve("mixed");
    Files.createDirectories(in);
    Path a = dir.resolve("a");
    parquet(a, schema("id", DataTypes.StringType, FLOATS), rows(List.of("a", "b", "c", "d", "e")).subList(0, 3));
    Path b = dir.resolve("b");
    List<Row> doubles = new ArrayList<>();
    for (int i = 3; i < X.length; i++) {
      doubles.add(RowFactory.create("r" + i, List.of((double) X[i][0], (double) X[i][1], (double) X[i][2])));
    }
    parquet(b, schema("id", DataTypes.StringType, DataTypes.createArrayType(DataTypes.DoubleType, true)), doubles);
    Files.copy(onlyFile(a), in.resolve("1.parquet"));
    Files.copy(onlyFile(b), in.resolve("2.parquet"));
    bad(in, dir.resolve("out"), "mixed", "vector");
  }

  @Test
  void aFileWithoutTheVectorColumnBesideOneWithIt(@TempDir Path dir) throws IOException {
    Path in = dir.resolve("mixed");
    Files.createDirectories(in);
    Path a = dir.resolve("a");
    parquet(a, schema("id", DataTypes.StringType, FLOATS), rows(List.of("a", "b", "c", "d", "e")).subList(0, 3));
    Path b = dir.resolve("b");
    parquet(b, new StructType().add("id", DataTypes.StringType), List.of(RowFactory.create("x"), RowFactory.create("y")));
    Files.copy(onlyFile(a), in.resolve("1.parquet"));
    Files.copy(onlyFile(b), in.resolve("2.parquet"));
    bad(in, dir.resolve("out"), "2.parquet", "row 0", "null vector");
  }

  private static String csv(String tail) {
    StringBuilder sb = new StringBuilder("id,x,y,z\n");
    for (int i = 0; i < X.length; i++) {
      sb.append("r").append(i);
      for (float v : X[i]) {
        sb.append(',').append((double) v); // the float's exact value, as the oracle sees it
      }
      sb.append('\n');
      if (i == 2) {
        sb.append(tail.startsWith("inner") ? "\n" : "");
      }
    }
    return sb + (tail.startsWith("inner") ? "" : tail);
  }

  @Test
  void blankLinesAtTheEndOfACsvAreSkipped(@TempDir Path dir) throws IOException {
    List<String> ids = List.of("r0", "r1", "r2", "r3", "r4");
    Path in = Files.writeString(dir.resolve("t.csv"), csv("\n\n  \n\r\n"));
    good(in, null, dir.resolve("out"), ids);
  }

  @Test
  void aBlankLineBeforeARowIsNamed(@TempDir Path dir) throws IOException {
    Path in = Files.writeString(dir.resolve("b.csv"), csv("inner"));
    // header, rows r0..r2 on lines 2-4, the blank line is line 5
    bad(in, dir.resolve("out"), "b.csv", "line 5", "blank line");
  }

  @Test
  void aCsvOfBlankLinesOnlyIsEmpty(@TempDir Path dir) throws IOException {
    Path in = Files.writeString(dir.resolve("e.csv"), "\n\n \n");
    bad(in, dir.resolve("out"), "e.csv", "empty file");
  }
}
