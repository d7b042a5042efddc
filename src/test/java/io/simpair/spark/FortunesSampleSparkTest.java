package io.simpair.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simpair.cli.MainAccess;
import io.simpair.embed.MiniLmModel;
import io.simpair.testutil.LocalSpark;
import io.simpair.testutil.Oracle;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * data-samples/fortunes-3000.jsonl and its MiniLM (int8) vectors: the best pair and top-10
 * written in data-samples/README.md, checked through the pairs job and a brute-force double
 * oracle; and the checked-in vectors are what the embedder gives today, bit for bit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FortunesSampleSparkTest {
  private static final Path SAMPLES = Path.of("data-samples");
  private static final String TABLE = "data-samples/fortunes-3000-minilm/embeddings.parquet";
  /** data-samples/README.md, "fortunes-3000": the 10 most similar pairs (a, b, cosine). */
  static final Object[][] TOP10 = {
    {"linux:78", "linuxcookie:87", 0.9899010592405616},
    {"linux:73", "linuxcookie:33", 0.9896954598639484},
    {"zh_CN/debian-hints:7", "zh_TW/debian-hints:7", 0.976984208030385},
    {"computers:757", "cookie:830", 0.9652439786333175},
    {"cookie:554", "people:497", 0.9326071655323998},
    {"linux:62", "linuxcookie:49", 0.9276959749895781},
    {"zh_CN/debian-hints:34", "zh_TW/debian-hints:34", 0.9176981194808396},
    {"cs/debian-hints:39", "sk/debian-hints:39", 0.9114380450546175},
    {"cookie:559", "people:55", 0.9069950557568937},
    {"cookie:629", "definitions:39", 0.8928550717058237},
  };
  private SparkSession spark;
  private List<Row> rows;
  @TempDir Path tmp;

  @BeforeAll
  void start() {
    spark = LocalSpark.start("FortunesSampleSparkTest");
    // input order = files by path, then rows (a plain read orders file splits by size)
    rows = spark.read().parquet(TABLE).selectExpr("id", "vector", "text", "_metadata.file_path AS f", "_metadata.row_index AS r")
        .orderBy("f", "r").collectAsList();
  }

  @AfterAll
  void stop() {
    LocalSpark.stop(spark);
  }

  private static float[] vector(Row r) {
    List<Object> v = r.getList(r.fieldIndex("vector"));
    float[] f = new float[v.size()];
    for (int k = 0; k < f.length; k++) {
      f[k] = (Float) v.get(k);
    }
    return f;
  }

  @Test
  void theTableHoldsTheJsonlInOrder() throws Exception {
    List<String> lines = Files.readAllLines(SAMPLES.resolve("fortunes-3000.jsonl"));
    assertEquals(3000, lines.size());
    assertEquals(3000, rows.size());
    ObjectMapper json = new ObjectMapper();
    for (int i = 0; i < lines.size(); i++) {
      JsonNode n = json.readTree(lines.get(i));
      assertEquals(n.get("id").asText(), rows.get(i).getString(0), "row " + i);
      assertEquals(n.get("text").asText(), rows.get(i).getString(rows.get(i).fieldIndex("text")), "row " + i);
    }
  }

  @Test
  void theBestPairAndTopTenAreTheReadmesAndTheOraclesAnswer() throws Exception {
    double[][] x = new double[rows.size()][];
    for (int i = 0; i < rows.size(); i++) {
      x[i] = Oracle.toDouble(new float[][] {vector(rows.get(i))})[0];
    }
    // brute force, exact order: the 10 best i<j, ties by (i, j)
    List<Oracle.Best> oracle = Oracle.top("cosine", x, 10);
    PairsConfig cfg = MainAccess.parse(List.of("--input", TABLE, "--output", tmp.resolve("top").toString(), "--top-k", "10", "--show-text", "--no-progress"));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(0, MainAccess.runPairs(spark, cfg, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err)), err.toString());
    JsonNode res = new ObjectMapper().readTree(tmp.resolve("top/result.json").toFile());
    assertEquals(TOP10.length, 10, "README table");
    for (int k = 0; k < 10; k++) {
      JsonNode p = res.get("pairs").get(k);
      String a = rows.get(oracle.get(k).i()).getString(0);
      String b = rows.get(oracle.get(k).j()).getString(0);
      assertEquals(a, p.get("a").asText(), "pair " + k);
      assertEquals(b, p.get("b").asText(), "pair " + k);
      assertEquals(oracle.get(k).score(), p.get("score").asDouble(), 0.0, "pair " + k);
      assertEquals(TOP10[k][0], a, "README pair " + k);
      assertEquals(TOP10[k][1], b, "README pair " + k);
      assertEquals((double) TOP10[k][2], p.get("score").asDouble(), 5e-7, "README pair " + k);
    }
    assertEquals(TOP10[0][0], res.get("best").get("a").asText());
    assertEquals(rows.get(oracle.get(0).i()).getString(2), res.get("best").get("text_a").asText());
  }

  @Test
  void theCheckedInVectorsAreWhatTheEmbedderGives() throws Exception {
    try (MiniLmModel m = MiniLmModel.open(MiniLmModel.Kind.INT8, Files.createTempDirectory("simpair-native"))) {
      List<String> texts = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        texts.add(rows.get(i * 75).getString(2));
      }
      MiniLmModel.Embedded[] e = m.embed(texts);
      for (int i = 0; i < 40; i++) {
        assertArrayEquals(vector(rows.get(i * 75)), e[i].vector(), "row " + i * 75);
      }
    }
  }
}
