package io.simpair.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simpair.cli.Main;
import io.simpair.cli.MainAccess;
import io.simpair.report.ScalingReport;
import io.simpair.testutil.LocalSpark;
import io.simpair.testutil.Npy;
import io.simpair.testutil.Oracle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small local sweep through the scaling command: counted pair scores are exactly n(n-1)/2 at
 * every size, the files are written and parse, prefixes are prefixes, and bad arguments stop
 * with exit 2 before anything runs. No timing assertions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScalingSparkTest {
  private static final long[] SIZES = {64, 128, 256, 512, 1024, 2048};
  private SparkSession spark;

  @BeforeAll
  void start() {
    spark = LocalSpark.start("ScalingSparkTest");
  }

  @AfterAll
  void stop() {
    LocalSpark.stop(spark);
  }

  private record Outcome(int code, String out, String err) {}

  private Outcome sweep(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        MainAccess.runScaling(
            spark,
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Outcome cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void generatedSweepCountsExactPairsAndWritesTheFiles(@TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("out");
    Outcome o =
        sweep("--generate", "random:d=16,seed=3", "--sizes", "64,128,256,512,1024,2048", "--output", dir.toString(), "--no-progress");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("documents x2 -> pair scores x4.0"), o.out());

    JsonNode j = new ObjectMapper().readTree(dir.resolve("scaling.json").toFile());
    JsonNode runs = j.get("runs");
    assertEquals(SIZES.length, runs.size());
    for (int i = 0; i < SIZES.length; i++) {
      long n = SIZES[i];
      JsonNode r = runs.get(i);
      assertEquals(n, r.get("documents").asLong());
      assertEquals(n * (n - 1) / 2, r.get("pairs_scored").asLong(), "pairs at n=" + n);
      assertTrue(r.get("seconds").isNumber());
      List<String> stages = r.get("stages").findValuesAsText("name");
      assertTrue(stages.contains("score"), stages.toString());
      // each run's own result.json, as the pairs job writes it
      JsonNode res = new ObjectMapper().readTree(dir.resolve("runs/n=" + n + "/result.json").toFile());
      assertEquals(n, res.get("documents").asLong());
      assertEquals(n * (n - 1) / 2, res.get("counts").get("pairs_scored").asLong());
      assertEquals(16, res.get("dimension").asInt());
    }
    JsonNode fit = j.get("fit");
    double k = fit.get("pairs_exponent").asDouble();
    assertTrue(k >= 1.9 && k <= 2.1, "pairs exponent " + k);
    assertTrue(fit.get("time_exponent").isNumber());
    assertTrue(fit.get("r2").isNumber());
    assertEquals(9, j.get("extrapolation").size());

    List<String> csv = Files.readAllLines(dir.resolve("scaling.csv"));
    assertEquals(ScalingReport.CSV_HEADER, csv.get(0));
    assertEquals(SIZES.length, csv.stream().filter(l -> l.split(",")[1].equals("total")).count());
    assertTrue(csv.stream().anyMatch(l -> l.startsWith("2048,score,")));

    BufferedImage png = ImageIO.read(dir.resolve("scaling.png").toFile());
    assertTrue(png != null && png.getWidth() >= 1000 && png.getHeight() >= 300, "png " + png);

    String html = Files.readString(dir.resolve("scaling.html"));
    assertTrue(html.contains("src=\"scaling.png\""));

    // nothing temporary is left: no generated data, no half-written files
    try (Stream<Path> all = Files.walk(dir)) {
      List<String> hidden =
          all.map(p -> dir.relativize(p).toString())
              // .name.crc: the checksums Hadoop's local file system keeps beside every file
              .filter(p -> (p.startsWith(".") || p.contains("/.")) && !p.endsWith(".crc"))
              .toList();
      assertEquals(List.of(), hidden);
    }

    // a second sweep into the same directory is refused before it runs
    long before = Files.getLastModifiedTime(dir.resolve("scaling.json")).toMillis();
    Outcome again = sweep("--generate", "random:d=16", "--sizes", "64,128,256,512,1024,2048", "--output", dir.toString());
    assertEquals(2, again.code());
    assertTrue(again.err().contains("scaling.csv: exists; pass --overwrite"), again.err());
    assertEquals(before, Files.getLastModifiedTime(dir.resolve("scaling.json")).toMillis());
  }

  @Test
  void inputSweepRunsPrefixesInInputOrder(@TempDir Path tmp) throws IOException {
    Random rnd = new Random(11);
    float[][] x = new float[100][8];
    for (float[] row : x) {
      for (int k = 0; k < row.length; k++) {
        row[k] = (float) rnd.nextGaussian();
      }
    }
    Path npy = tmp.resolve("x.npy");
    Npy.writeF32(npy, x);
    Path dir = tmp.resolve("out");
    long[] sizes = {3, 6, 12, 24, 48, 96};
    Outcome o = sweep("--input", npy.toString(), "--sizes", "3,6,12,24,48,96", "--output", dir.toString(), "--no-progress");
    assertEquals(0, o.code(), o.err());
    double[][] xd = Oracle.toDouble(x);
    for (long n : sizes) {
      JsonNode res = new ObjectMapper().readTree(dir.resolve("runs/n=" + n + "/result.json").toFile());
      assertEquals(n * (n - 1) / 2, res.get("counts").get("pairs_scored").asLong());
      Oracle.Best best = Oracle.best("cosine", java.util.Arrays.copyOf(xd, (int) n));
      assertEquals(best.i(), res.get("best").get("index_a").asLong(), "n=" + n);
      assertEquals(best.j(), res.get("best").get("index_b").asLong(), "n=" + n);
    }
    assertTrue(Files.exists(dir.resolve("scaling.png")));
  }

  @Test
  void sizeLargerThanTheInputIsRefusedBeforeTheSweep(@TempDir Path tmp) throws IOException {
    float[][] x = new float[50][4];
    for (int i = 0; i < x.length; i++) {
      x[i][i % 4] = 1 + i;
    }
    Path npy = tmp.resolve("x.npy");
    Npy.writeF32(npy, x);
    Path dir = tmp.resolve("out");
    Outcome o = sweep("--input", npy.toString(), "--sizes", "2,4,8,16,32,64", "--output", dir.toString());
    assertEquals(2, o.code(), o.err());
    assertTrue(o.err().contains("has 50 rows, fewer than the largest --sizes value 64"), o.err());
    assertFalse(Files.exists(dir), "nothing may be written");
  }

  @Test
  void badArgumentsExitTwoWithUsage(@TempDir Path tmp) {
    String out = tmp.resolve("out").toString();
    String[][] cases = {
      {"--generate", "random:d=16", "--sizes", "64,128,256,512,2048", "--output", out},
      {"--generate", "random:d=16", "--sizes", "64,128,256,512,1024,1536", "--output", out},
      {"--generate", "random:d=16", "--sizes", "64,128,128,512,1024,2048", "--output", out},
      {"--generate", "random:d=16", "--input", "x.npy", "--output", out},
      {"--sizes", "64,128,256,512,1024,2048", "--output", out},
      {"--generate", "gauss:d=16", "--output", out},
      {"--generate", "random:d=0", "--output", out},
      {"--generate", "random:d=16", "--ids", "x.ids", "--output", out},
      {"--generate", "random:d=16", "--limit", "100", "--output", out},
      {"--generate", "random:d=16"},
      {"--generate", "random:d=16", "--output", out, "--bogus", "1"},
    };
    for (String[] c : cases) {
      String[] args = new String[c.length + 1];
      args[0] = "scaling";
      System.arraycopy(c, 0, args, 1, c.length);
      Outcome o = cli(args);
      assertEquals(2, o.code(), String.join(" ", c) + "\n" + o.err());
      assertTrue(o.err().startsWith("simpair: ") && o.err().contains("usage: run-cluster.sh scaling"), o.err());
    }
    assertFalse(Files.exists(tmp.resolve("out")));
    Outcome help = cli("scaling", "--help");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("--sizes"));
  }
}
