package io.simpair.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simpair.testutil.LocalSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The embed job end to end through its command, and pairs --show-text on what it writes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbedSparkTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private SparkSession spark;
  @TempDir Path tmp;

  @BeforeAll
  void start() {
    spark = LocalSpark.start("EmbedSparkTest");
  }

  @AfterAll
  void stop() {
    LocalSpark.stop(spark);
  }

  record Run(int code, String out, String err) {}

  Run embed(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    EmbedCommand c = new EmbedCommand();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = c.runOn(spark, EmbedCommand.config(Args.parse(args, EmbedCommand.OPTIONS, EmbedCommand.FLAGS)), o, e);
    }
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  Run pairs(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = new PairsCommand().runOn(spark, PairsCommand.config(Args.parse(args, PairsCommand.OPTIONS, PairsCommand.FLAGS)), o, e);
    }
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Path write(String name, String content) throws IOException {
    Path p = tmp.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  private static String jsonl(String... idText) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < idText.length; i += 2) {
      sb.append(JSON.writeValueAsString(java.util.Map.of("id", idText[i], "text", idText[i + 1]))).append('\n');
    }
    return sb.toString();
  }

  private List<Row> table(Path dir) {
    // input order = files by path, then rows (a plain read orders file splits by size)
    return spark.read().parquet(dir.resolve("embeddings.parquet").toString())
        .selectExpr("*", "_metadata.file_path AS _f", "_metadata.row_index AS _r").orderBy("_f", "_r").collectAsList();
  }

  // ------------------------------------------------------------------------ bad input

  private void refused(Path input, String[] extra, String... expected) {
    Path out = tmp.resolve("refused-" + input.getFileName());
    List<String> args = new ArrayList<>(List.of("--input", input.toString(), "--output", out.toString(), "--embedder", "bow", "--no-progress"));
    args.addAll(List.of(extra));
    Run r = embed(args.toArray(String[]::new));
    assertEquals(2, r.code(), input + ": " + r.err());
    for (String e : expected) {
      assertTrue(r.err().contains(e), "expected '" + e + "' in: " + r.err());
    }
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertFalse(Files.exists(out), out + " was left behind");
  }

  @Test
  void everyBadInputExitsTwoNamingFileAndLineAndWritesNothing() throws IOException {
    String[] none = {};
    refused(write("missing-text.jsonl", jsonl("a", "x") + "{\"id\": \"b\", \"body\": \"y\"}\n"), none,
        "missing-text.jsonl:2", "no 'text' field");
    refused(write("number-text.jsonl", jsonl("a", "x", "b", "y") + "{\"id\": \"c\", \"text\": 7}\n"), none,
        "number-text.jsonl:3", "text field 'text' is a number, not a string");
    refused(write("empty.jsonl", ""), none, "empty.jsonl", "empty file");
    refused(write("broken.jsonl", jsonl("a", "x") + "{\"id\": \"b\", \"text\": \"y\"\n" + jsonl("c", "z")), none,
        "broken.jsonl:2", "invalid JSON on line 2");
    refused(write("blank.jsonl", jsonl("a", "x") + "\n" + jsonl("c", "z")), none, "blank.jsonl:2", "blank line");
    refused(write("no-id.jsonl", "{\"text\": \"x\"}\n"), none, "no-id.jsonl:1", "no 'id' field");
    refused(write("dup.jsonl", jsonl("a", "x", "b", "y", "a", "z")), none, "dup.jsonl:3", "duplicate id 'a'", "dup.jsonl:1");
    refused(write("array.jsonl", "[1, 2]\n"), none, "array.jsonl:1", "not a JSON object");
    Path latin = tmp.resolve("latin1.txt");
    Files.write(latin, "caf\u00e9 ok\nna\u00efve\n".getBytes(StandardCharsets.UTF_8));
    byte[] bad = "good line\nalso good\nbad \u00e9 here\n".getBytes(StandardCharsets.ISO_8859_1);
    Files.write(latin, bad);
    refused(latin, none, "latin1.txt:3", "not valid UTF-8", "0xE9");
    refused(write("doc.bin", "x\n"), none, "doc.bin", "unknown format");
    refused(tmp.resolve("nothing-here.jsonl"), none, "nothing-here.jsonl", "input not found");
    write("dir-bad/a.jsonl", jsonl("a", "x"));
    write("dir-bad/b.jsonl", jsonl("a", "y"));
    refused(tmp.resolve("dir-bad"), none, "b.jsonl:1", "duplicate id 'a'", "a.jsonl:1");
    // Parquet: a text column that is not a string, a null text
    StructType intText = new StructType().add("id", DataTypes.StringType).add("text", DataTypes.IntegerType);
    Path p1 = tmp.resolve("int-text.parquet");
    spark.createDataFrame(List.of(RowFactory.create("a", 1), RowFactory.create("b", 2)), intText).write().parquet(p1.toString());
    refused(p1, none, "int-text.parquet", "text column 'text' has type int, not string");
    StructType strText = new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType);
    Path p2 = tmp.resolve("null-text.parquet");
    spark.createDataFrame(List.of(RowFactory.create("a", "x"), RowFactory.create("b", null)), strText).coalesce(1).write().parquet(p2.toString());
    refused(p2, none, "null-text.parquet", "row 1", "null text");
    refused(p2, new String[] {"--text-col", "body"}, "no column 'body'");
  }

  // --------------------------------------------------------------------- bow by hand

  @Test
  void bowMatchesAHandComputedVocabularyAndThePopcountKernelTakesIt() throws IOException {
    Path in = write("tiny.jsonl", jsonl("d0", "The cat sat on the mat.", "d1", "the dog SAT", "d2", "A cat, a dog!", "d3", "  "));
    Path out = tmp.resolve("bow");
    Run r = embed("--input", in.toString(), "--output", out.toString(), "--embedder", "bow", "--vocab-size", "5", "--no-progress");
    assertEquals(0, r.code(), r.err());
    // counts: the 3; a, cat, dog, sat 2; mat, on 1 -> top 5 with ties by the word
    assertEquals(List.of("the", "a", "cat", "dog", "sat"), Files.readAllLines(out.resolve("vocabulary.txt")));
    float[][] want = {{1, 0, 1, 0, 1}, {1, 0, 0, 1, 1}, {0, 1, 1, 1, 0}, {0, 0, 0, 0, 0}};
    List<Row> rows = table(out);
    assertEquals(4, rows.size());
    for (int i = 0; i < 4; i++) {
      assertEquals("d" + i, rows.get(i).getString(0));
      List<Object> v = rows.get(i).getList(1);
      float[] got = new float[v.size()];
      for (int k = 0; k < got.length; k++) {
        got[k] = (Float) v.get(k);
      }
      assertArrayEquals(want[i], got, "d" + i);
    }
    JsonNode j = JSON.readTree(out.resolve("embed.json").toFile());
    assertEquals(4, j.get("documents").asLong());
    assertEquals(1, j.get("empty_documents").asLong());
    assertEquals(1, j.get("zero_vectors").asLong());
    assertEquals("d3", j.get("zero_vector_ids").get(0).asText());
    assertEquals(6 + 3 + 4, j.get("tokens").asLong());
    assertEquals(5, j.get("dimension").asInt());
    assertTrue(r.out().contains("all-zero vectors"), r.out());
    // the zero vector is refused under cosine (named), taken under dot, by the popcount kernel
    Run refusedCos = pairs("--input", out.resolve("embeddings.parquet").toString(), "--output", tmp.resolve("bow-cos").toString(), "--no-progress");
    assertEquals(2, refusedCos.code(), refusedCos.err());
    Run dot = pairs("--input", out.resolve("embeddings.parquet").toString(), "--output", tmp.resolve("bow-dot").toString(),
        "--metric", "dot", "--no-progress", "--show-text");
    assertEquals(0, dot.code(), dot.err());
    JsonNode res = JSON.readTree(tmp.resolve("bow-dot/result.json").toFile());
    assertTrue(res.get("kernel_reason").asText().startsWith("binary"), res.get("kernel_reason").asText());
    // d0.d1 = 2 (the, sat), d0.d2 = 1, d1.d2 = 1: d0/d1 is the best pair
    assertEquals("d0", res.get("best").get("a").asText());
    assertEquals("d1", res.get("best").get("b").asText());
    assertEquals(2.0, res.get("best").get("score").asDouble());
    assertEquals("The cat sat on the mat.", res.get("best").get("text_a").asText());
    assertEquals("the dog SAT", res.get("best").get("text_b").asText());
  }

  // ------------------------------------------------------------------------- minilm

  @Test
  void minilmVectorsDoNotDependOnPartitionsOrBatchesAndPairsShowsTheTexts() throws IOException {
    List<String> sentences = new ArrayList<>();
    JsonNode ref = JSON.readTree(EmbedSparkTest.class.getResourceAsStream("/minilm/reference.json"));
    ref.get("sentences").forEach(s -> sentences.add(s.asText()));
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < sentences.size(); i++) {
      sb.append(JSON.writeValueAsString(java.util.Map.of("key", "s" + i, "body", sentences.get(i)))).append('\n');
    }
    Path in = write("sentences/part-1.jsonl", sb.toString());
    Path a = tmp.resolve("minilm-a");
    Path b = tmp.resolve("minilm-b");
    String[] common = {"--input", in.getParent().toString(), "--id-field", "key", "--text-field", "body", "--no-progress"};
    Run ra = embed(concat(common, "--output", a.toString(), "--partitions", "1", "--batch-size", "64"));
    assertEquals(0, ra.code(), ra.err());
    Run rb = embed(concat(common, "--output", b.toString(), "--partitions", "3", "--batch-size", "2"));
    assertEquals(0, rb.code(), rb.err());
    List<Row> ta = table(a);
    List<Row> tb = table(b);
    assertEquals(sentences.size(), ta.size());
    for (int i = 0; i < ta.size(); i++) {
      assertEquals("s" + i, ta.get(i).getString(0), "input order");
      assertEquals(sentences.get(i), ta.get(i).getString(2));
      assertEquals(ta.get(i).getList(1), tb.get(i).getList(1), "vector of s" + i + " changed with partitions/batch");
      JsonNode want = ref.get("models").get("int8").get(i).get("vector");
      List<Object> got = ta.get(i).getList(1);
      for (int k = 0; k < 384; k++) {
        assertEquals(want.get(k).asDouble(), (Float) got.get(k), 1e-5, "s" + i + "[" + k + "]");
      }
    }
    JsonNode j = JSON.readTree(a.resolve("embed.json").toFile());
    assertEquals(sentences.size(), j.get("documents").asInt());
    assertEquals(1, j.get("empty_documents").asInt());
    assertEquals(0, j.get("truncated_documents").asInt());
    assertEquals(384, j.get("dimension").asInt());
    assertTrue(j.get("model").asText().contains("int8"));
    // pairs reads it directly and shows the texts
    Run p = pairs("--input", a.resolve("embeddings.parquet").toString(), "--output", tmp.resolve("minilm-pairs").toString(),
        "--top-k", "2", "--show-text", "--text-width", "20", "--no-progress");
    assertEquals(0, p.code(), p.err());
    JsonNode res = JSON.readTree(tmp.resolve("minilm-pairs/result.json").toFile());
    for (JsonNode pair : res.get("pairs")) {
      int ia = Integer.parseInt(pair.get("a").asText().substring(1));
      int ib = Integer.parseInt(pair.get("b").asText().substring(1));
      assertEquals(sentences.get(ia), pair.get("text_a").asText());
      assertEquals(sentences.get(ib), pair.get("text_b").asText());
    }
    assertEquals(res.get("pairs").get(0).get("text_a"), res.get("best").get("text_a"));
    String first = sentences.get(Integer.parseInt(res.get("best").get("a").asText().substring(1)));
    assertTrue(p.out().contains("a: " + first.substring(0, 19) + "…"), p.out());
    // --no-text: no text column, and --show-text then says so (exit 2, nothing written)
    Path c = tmp.resolve("minilm-c");
    assertEquals(0, embed(concat(common, "--output", c.toString(), "--no-text")).code());
    assertEquals(List.of("id", "vector"), List.of(spark.read().parquet(c.resolve("embeddings.parquet").toString()).columns()));
    Run noText = pairs("--input", c.resolve("embeddings.parquet").toString(), "--output", tmp.resolve("no-text-pairs").toString(), "--show-text");
    assertEquals(2, noText.code());
    assertTrue(noText.err().contains("no column 'text'"), noText.err());
    assertFalse(Files.exists(tmp.resolve("no-text-pairs")));
  }

  @Test
  void plainTextAndParquetInputsTfidfAndHashing() throws IOException {
    write("lines/a.txt", "alpha beta gamma\n\nbeta gamma delta\n");
    write("lines/b.txt", "gamma delta epsilon\n");
    Path out = tmp.resolve("hash");
    Run r = embed("--input", tmp.resolve("lines").toString(), "--output", out.toString(), "--embedder", "hashing",
        "--num-features", "64", "--id-prefix", "line-", "--no-progress");
    assertEquals(0, r.code(), r.err());
    List<Row> rows = table(out);
    assertEquals(List.of("line-0", "line-1", "line-2", "line-3"), rows.stream().map(x -> x.getString(0)).toList());
    assertEquals("", rows.get(1).getString(2));
    assertEquals(64, rows.get(0).getList(1).size());
    JsonNode j = JSON.readTree(out.resolve("embed.json").toFile());
    assertEquals(1, j.get("empty_documents").asInt());
    // Parquet in, tfidf out; then pairs under dot
    StructType s = new StructType().add("doc", DataTypes.LongType).add("body", DataTypes.StringType);
    Path pq = tmp.resolve("docs.parquet");
    spark.createDataFrame(List.of(RowFactory.create(10L, "red green blue"), RowFactory.create(11L, "red green"),
        RowFactory.create(12L, "yellow")), s).coalesce(1).write().parquet(pq.toString());
    Path tf = tmp.resolve("tfidf");
    Run t = embed("--input", pq.toString(), "--output", tf.toString(), "--embedder", "tfidf", "--id-col", "doc",
        "--text-col", "body", "--num-features", "256", "--no-progress");
    assertEquals(0, t.code(), t.err());
    assertEquals(List.of("10", "11", "12"), table(tf).stream().map(x -> x.getString(0)).toList());
    Run p = pairs("--input", tf.resolve("embeddings.parquet").toString(), "--output", tmp.resolve("tfidf-pairs").toString(), "--no-progress");
    assertEquals(0, p.code(), p.err());
    JsonNode res = JSON.readTree(tmp.resolve("tfidf-pairs/result.json").toFile());
    assertEquals("10", res.get("best").get("a").asText());
    assertEquals("11", res.get("best").get("b").asText());
    // an existing output is refused without --overwrite, and nothing is changed
    Run again = embed("--input", pq.toString(), "--output", tf.toString(), "--embedder", "tfidf", "--id-col", "doc",
        "--text-col", "body", "--no-progress");
    assertEquals(2, again.code());
    assertTrue(again.err().contains("--overwrite"), again.err());
  }

  @Test
  void pairsReadsSparseMlVectorsAsTheirDenseValues() {
    StructType s = new StructType().add("id", DataTypes.StringType).add("vector", new org.apache.spark.ml.linalg.VectorUDT());
    List<Row> rows = List.of(
        RowFactory.create("x", org.apache.spark.ml.linalg.Vectors.sparse(6, new int[] {0, 3}, new double[] {1, 2})),
        RowFactory.create("y", org.apache.spark.ml.linalg.Vectors.sparse(6, new int[] {1, 4}, new double[] {3, 1})),
        RowFactory.create("z", org.apache.spark.ml.linalg.Vectors.sparse(6, new int[] {0, 3, 5}, new double[] {1, 2.5, 0.5})));
    Path in = tmp.resolve("sparse.parquet");
    spark.createDataFrame(rows, s).coalesce(1).write().parquet(in.toString());
    Run p = pairs("--input", in.toString(), "--output", tmp.resolve("sparse-pairs").toString(), "--no-progress");
    assertEquals(0, p.code(), p.err());
    assertTrue(p.out().contains("a=x b=z"), p.out());
    // x.z = 1 + 5 = 6; |x| = sqrt 5, |z| = sqrt 7.5
    assertTrue(p.out().contains(String.format(java.util.Locale.ROOT, "%.6f", 6 / Math.sqrt(5 * 7.5)).substring(0, 7)), p.out());
  }

  @Test
  void badArgumentsAreUsageErrors() {
    for (String[] args : new String[][] {
      {"--input", "x.jsonl"},
      {"--input", "x.jsonl", "--output", "o", "--embedder", "glove"},
      {"--input", "x.jsonl", "--output", "o", "--model", "int4"},
      {"--input", "x.jsonl", "--output", "o", "--embedder", "bow", "--model", "fp32"},
      {"--input", "x.jsonl", "--output", "o", "--vocab-size", "10"},
      {"--input", "x.jsonl", "--output", "o", "--batch-size", "0"},
      {"--input", "x.jsonl", "--output", "o", "--format", "csv"},
    }) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code = new EmbedCommand().run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
      assertEquals(2, code, String.join(" ", args));
      assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: run-cluster.sh embed"), err.toString());
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
