package io.simpair.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simpair.io.InputFormat;
import io.simpair.io.InputSpec;
import io.simpair.io.NpyTestFiles;
import io.simpair.kernel.Metric;
import io.simpair.spark.KryoSetup;
import io.simpair.spark.PairsConfig;
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
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
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
 * Bad input and bad arguments end to end through {@link Main}: each case must stop with exit
 * code 2, one error line that names the file, the row/line or id and what is wrong, and no
 * output directory. Plus one good-path run per input format against a brute-force oracle.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputSparkTest {

  private SparkSession spark;

  @BeforeAll
  void startSpark() {
    SparkConf conf =
        KryoSetup.configure(
            new SparkConf()
                .setMaster("local[2]")
                .setAppName("BadInputSparkTest")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.sql.shuffle.partitions", "4"));
    spark = SparkSession.builder().config(conf).getOrCreate();
    assertEquals("true", spark.sparkContext().getConf().get("spark.kryo.registrationRequired"));
  }

  @AfterAll
  void stopSpark() {
    try {
      if (spark != null) {
        spark.stop();
      }
    } finally {
      spark = null;
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
    }
  }

  // ------------------------------------------------------------------------------ harness

  /** Exit code and the two captured streams of one run. */
  record Outcome(int code, String out, String err) {}

  private static PairsConfig cfg(
      Path input, InputFormat format, Path ids, Metric metric, Path output, boolean overwrite) {
    return cfg(input.toString(), format, ids, null, metric, output, overwrite);
  }

  private static PairsConfig cfg(
      String input,
      InputFormat format,
      Path ids,
      String vectorCol,
      Metric metric,
      Path output,
      boolean overwrite) {
    return PairsConfig.builder()
        .input(new InputSpec(input, format, null, vectorCol, ids == null ? null : ids.toString()))
        .metric(metric)
        .output(output.toString())
        .overwrite(overwrite)
        .progress(false)
        .build();
  }

  private Outcome runPairs(PairsConfig cfg) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code;
    try (PrintStream out = new PrintStream(o, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(e, true, StandardCharsets.UTF_8)) {
      code = MainAccess.runPairs(spark, cfg, out, err);
    }
    return new Outcome(
        code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
  }

  private static Outcome runCli(String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code;
    try (PrintStream out = new PrintStream(o, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(e, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, out, err);
    }
    return new Outcome(
        code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
  }

  /**
   * Runs the job on bad input and checks the contract: exit 2, nothing on stdout, exactly one
   * error line that contains every fragment, and no output directory.
   */
  private String assertBadInput(PairsConfig cfg, String... fragments) {
    Path output = Path.of(cfg.output());
    assertFalse(Files.exists(output), "test setup: output must not exist yet");
    Outcome r = runPairs(cfg);
    String err = r.err().strip();
    assertEquals(2, r.code(), () -> "exit code; err=" + r.err());
    assertTrue(err.startsWith("simpair: input error: "), err);
    assertFalse(err.contains("\n"), () -> "one error line expected, got:\n" + err);
    for (String f : fragments) {
      assertTrue(err.contains(f), () -> "error line lacks '" + f + "': " + err);
    }
    assertEquals("", r.out(), "nothing on stdout");
    assertFalse(Files.exists(output), "output directory must not be created: " + output);
    return err;
  }

  private static Path write(Path p, String text) throws IOException {
    Files.createDirectories(p.getParent());
    return Files.writeString(p, text, StandardCharsets.UTF_8);
  }

  private static Path write(Path p, byte[] bytes) throws IOException {
    Files.createDirectories(p.getParent());
    return Files.write(p, bytes);
  }

  /** Rows of d values: row r, column k = (r + 1) * 0.25 + k (no zero vectors). */
  private static float[][] rows(int n, int d) {
    float[][] v = new float[n][d];
    for (int r = 0; r < n; r++) {
      for (int k = 0; k < d; k++) {
        v[r][k] = (r + 1) * 0.25f + k;
      }
    }
    return v;
  }

  private static String csv(String sep, float[][] v, List<String> ids, boolean header) {
    StringBuilder sb = new StringBuilder();
    if (header) {
      sb.append("id");
      for (int k = 0; k < v[0].length; k++) {
        sb.append(sep).append("x").append(k);
      }
      sb.append('\n');
    }
    for (int r = 0; r < v.length; r++) {
      sb.append(ids.get(r));
      for (float x : v[r]) {
        sb.append(sep).append(x);
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Writes one Parquet file (plus Spark's _SUCCESS and .crc files) into dir. */
  private void parquet(Path dir, StructType schema, List<Row> rows) {
    spark.createDataFrame(rows, schema).coalesce(1).write().parquet(dir.toString());
  }

  private static StructType schema(String vectorCol, DataType vectorType) {
    return new StructType()
        .add("id", DataTypes.StringType, true)
        .add(vectorCol, vectorType, true);
  }

  private static List<Float> boxed(float[] v) {
    List<Float> l = new ArrayList<>();
    for (float x : v) {
      l.add(x);
    }
    return l;
  }

  // ------------------------------------------------------------------------- bad arguments

  @Test
  void argumentErrorsExit2WithUsageOnErr(@TempDir Path dir) {
    String in = dir.resolve("v.npy").toString();
    String out = dir.resolve("out").toString();
    String[][] cases = {
      {"pairs", "--output", out},
      {"pairs", "--input", in, "--output", out, "--bogus", "1"},
      {"pairs", "--input", in, "--output", out, "--metric", "foo"},
      {"pairs", "--input", in, "--output", out, "--format", "foo"},
      {"pairs", "--input", in, "--output", out, "--block-rows", "0"},
      {"pairs", "--input", in},
      {"pairs", "--input", in, "--output", out, "--block-rows", "many"},
      {"frobnicate", "--input", in},
      {},
      {"pairs", "--input", in, "--metric", "--output", out},
      {"pairs", "--input", in, "--output", out, "--top-k", "2147483648"},
    };
    String[] why = {
      "--input is required",
      "unknown option --bogus",
      "--metric must be cosine, dot or l2, got 'foo'",
      "--format must be parquet, npy or csv, got 'foo'",
      "--block-rows must be between 1 and",
      "--output is required",
      "--block-rows needs a whole number, got 'many'",
      "unknown command 'frobnicate'",
      "usage:",
      "--metric needs a value (got the option --output)",
      "--top-k must be between 1 and 1000000, got 2147483648 (too large)",
    };
    for (int i = 0; i < cases.length; i++) {
      Outcome r = runCli(cases[i]);
      String label = Arrays.toString(cases[i]);
      assertEquals(2, r.code(), label);
      assertTrue(r.err().contains(why[i]), label + " -> " + r.err());
      assertTrue(r.err().contains(Main.USAGE), label + ": usage on err");
      assertEquals("", r.out(), label + ": nothing on stdout");
    }
    assertFalse(Files.exists(dir.resolve("out")));
    // parsing failed before a session was built, so ours is still the active one and alive
    assertTrue(SparkSession.getActiveSession().isDefined());
    assertFalse(spark.sparkContext().isStopped());
  }

  @Test
  void helpExits0WithUsageOnOut() {
    for (String[] args : new String[][] {{"--help"}, {"pairs", "--help"}}) {
      Outcome r = runCli(args);
      assertEquals(0, r.code(), Arrays.toString(args));
      assertTrue(r.out().contains(Main.USAGE), Arrays.toString(args));
      assertTrue(r.out().contains("--metric M"), Arrays.toString(args));
      assertEquals("", r.err(), Arrays.toString(args));
    }
  }

  // ------------------------------------------------------------------------ listing, format

  @Test
  void missingInput(@TempDir Path dir) {
    Path in = dir.resolve("nope.npy");
    assertBadInput(cfg(in, null, null, Metric.COSINE, dir.resolve("out"), false),
        "nope.npy", "input not found");
  }

  @Test
  void missingIdsFile(@TempDir Path dir) throws IOException {
    Path in = write(dir.resolve("v.npy"), NpyTestFiles.f4(rows(3, 4)));
    assertBadInput(cfg(in, null, dir.resolve("ids-missing.txt"), Metric.COSINE, dir.resolve("out"), false),
        "ids-missing.txt", "input not found");
  }

  @Test
  void unknownFormatFromExtension(@TempDir Path dir) throws IOException {
    Path in = write(dir.resolve("x.bin"), NpyTestFiles.f4(rows(3, 4)));
    assertBadInput(cfg(in, null, null, Metric.COSINE, dir.resolve("out"), false),
        "x.bin", "unknown format", "--format");
  }

  @Test
  void directoryWithMixedFormats(@TempDir Path dir) throws IOException {
    Path in = dir.resolve("mixed");
    write(in.resolve("a.csv"), "a,1,2\nb,3,4\n");
    write(in.resolve("b.npy"), NpyTestFiles.f4(rows(2, 2)));
    assertBadInput(cfg(in, null, null, Metric.COSINE, dir.resolve("out"), false),
        "mixed/b.npy: mixes csv and npy", "first file: ", "mixed/a.csv");
  }

  @Test
  void emptyDirectory(@TempDir Path dir) throws IOException {
    Path in = Files.createDirectories(dir.resolve("nothing"));
    write(in.resolve("_SUCCESS"), "");
    assertBadInput(cfg(in, null, null, Metric.COSINE, dir.resolve("out"), false),
        "nothing", "no input files");
  }

  // ---------------------------------------------------------------------------- bad values

  @Test
  void nanInNpy(@TempDir Path dir) throws IOException {
    float[][] v = rows(5, 4);
    v[2][1] = Float.NaN;
    v[4][0] = Float.NaN; // a later problem must not be the one reported
    Path in = write(dir.resolve("nan.npy"), NpyTestFiles.f4(v));
    assertBadInput(cfg(in, null, null, Metric.COSINE, dir.resolve("out"), false),
        "nan.npy", "row 2", "NaN at position 1");
  }

  @Test
  void idsFileWithCsvInputWhoseFormatIsInferred(@TempDir Path dir) throws IOException {
    Path in = write(dir.resolve("v.csv"), "a,1,2\nb,3,4\nc,5,6\n");
    Path ids = write(dir.resolve("ids.txt"), "x\ny\nz\n");
    assertBadInput(cfg(in, null, ids, Metric.COSINE, dir.resolve("out"), false),
        "v.csv", "--ids is for NPY input only", "this input is csv");
  }

  @Test
  void quotedCsvFieldsAreNamedAsUnsupported(@TempDir Path dir) throws IOException {
    Path in = write(dir.resolve("q.csv"), "a,1,2\nb,\"3\",4\nc,5,6\n");
    assertBadInput(cfg(in, null, null, Metric.COSINE, dir.resolve("out"), false),
        "q.csv", "line 2", "quoted value in column 2", "CSV quoting is not supported");
    // a quoted id holding the separator splits there: the rest of the id is named the same way
    Path in2 = write(dir.resolve("q2.csv"), "\"x,y\",1,2\nb,3,4\n");
    assertBadInput(cfg(in2, null, null, Metric.COSINE, dir.resolve("out2"), false),
        "q2.csv", "line 1", "quoted value in column 2", "'y\"'");
  }

  /** Writes through Hadoop's local file system (which puts a .crc beside it), then changes the file behind its back. */
  private static Path withStaleChecksum(Path p, byte[] first, byte[] now) throws IOException {
    org.apache.hadoop.fs.FileSystem local =
        org.apache.hadoop.fs.FileSystem.getLocal(new org.apache.hadoop.conf.Configuration());
    try (var o = local.create(new org.apache.hadoop.fs.Path(p.toString()))) {
      o.write(first);
    }
    assertTrue(Files.exists(p.resolveSibling("." + p.getFileName() + ".crc")), "test setup: a .crc was written");
    return Files.write(p, now);
  }

  @Test
  void staleChecksumBesideAnInputIsNamed(@TempDir Path dir) throws IOException {
    // CSV: read by the tasks, where the failure used to surface as an internal error
    Path csv = withStaleChecksum(dir.resolve("c.csv"), "a,1,2\nb,3,4\n".getBytes(StandardCharsets.UTF_8),
        "a,1,2\nb,3,5\n".getBytes(StandardCharsets.UTF_8));
    assertBadInput(cfg(csv, null, null, Metric.COSINE, dir.resolve("out"), false),
        "c.csv: does not match its checksum file", ".c.csv.crc", "stale .crc");
    // NPY: its header is read by the driver
    byte[] npy = NpyTestFiles.f4(rows(3, 4));
    byte[] changed = npy.clone();
    changed[changed.length - 1] ^= 1;
    Path v = withStaleChecksum(dir.resolve("v.npy"), npy, changed);
    assertBadInput(cfg(v, null, null, Metric.COSINE, dir.resolve("out2"), false),
        "v.npy: does not match its checksum file", ".v.npy.crc");
  }

  @Test
  void nanInCsv(@TempDir Path dir) throws IOException {
    Path in = write(dir.resolve("nan.csv"), "id,x,y\na,1,2\nb,NaN,4\nc,5,6\n");
    assertBadInput(cfg(in, null, null, Metric.COSINE, dir.resolve("out"), false),
        "nan.csv", "line 3", "\"b\"", "NaN at position 0");
  }

  @Test
  void positiveInfinityInNpyFloat64(@TempDir Path dir) throws IOException {
    double[][] v = {{1, 2, 3}, {4, 5, 6}, {7, 8, Double.POSITIVE_INFINITY}};
    Path in = write(dir.resolve("pinf.npy"), NpyTestFiles.f8(v));
    assertBadInput(cfg(in, null, null, Metric.DOT, dir.resolve("out"), false),
        "pinf.npy", "row 2", "+Inf at position 2");
  }

  @Test
  void negativeInfinityInCsv(@TempDir Path dir) throws IOException {
    Path in = write(dir.resolve("ninf.csv"), "a,1,2\nb,3,4\nc,-Infinity,6\nd,7,8\n");
    assertBadInput(cfg(in, null, null, Metric.COSINE, dir.resolve("out"), false),
        "ninf.csv", "line 3", "\"c\"", "-Inf at position 0");
  }

  @Test
  void nonNumericCsvValueInRow5(@TempDir Path dir) throws IOException {
    Path in =
        write(dir.resolve("words.csv"), "a,1,2,3\nb,3,4,5\nc,5,6,7\nd,7,8,9\ne,9,abc,11\nf,1,1,1\n");
    assertBadInput(cfg(in, null, null, Metric.COSINE, dir.resolve("out"), false),
        "words.csv", "line 5", "\"e\"", "not a number in column 3", "'abc'");
  }

  @Test
  void nonNumericCsvValueAfterHeaderCountsTheHeaderLine(@TempDir Path dir) throws IOException {
    Path in = write(dir.resolve("hdr.csv"), "id,x,y\na,1,2\nb,3,4\nc,5,6\nd,x7,8\n");
    assertBadInput(cfg(in, null, null, Metric.COSINE, dir.resolve("out"), false),
        "hdr.csv", "line 5", "\"d\"", "not a number in column 2", "'x7'");
  }

  @Test
  void zeroVectorUnderCosineButAcceptedUnderDot(@TempDir Path dir) throws IOException {
    Path in = write(dir.resolve("zero.csv"), "a,1,2\nb,3,1\nc,0,0\nd,2,2\n");
    assertBadInput(cfg(in, null, null, Metric.COSINE, dir.resolve("out"), false),
        "zero.csv", "line 3", "\"c\"", "zero vector");
    Path out = dir.resolve("out-dot");
    Outcome r = runPairs(cfg(in, null, null, Metric.DOT, out, false));
    assertEquals(0, r.code(), r.err());
    JsonNode j = readResult(out);
    // dot: b·d = 8 is the largest (a·d = 6, b·a = 5)
    assertEquals("b", j.path("best").path("a").asText());
    assertEquals("d", j.path("best").path("b").asText());
    assertEquals(8.0, j.path("best").path("score").asDouble(), 0.0);
    assertEquals(4, j.path("documents").asLong());
  }

  // ------------------------------------------------------------------------ dimension mismatch

  @Test
  void dimensionMismatchInSecondFileOfDirectory(@TempDir Path dir) throws IOException {
    Path in = dir.resolve("npydir");
    write(in.resolve("part-0.npy"), NpyTestFiles.f4(rows(3, 384)));
    write(in.resolve("part-1.npy"), NpyTestFiles.f4(rows(2, 380)));
    String err =
        assertBadInput(cfg(in, null, null, Metric.COSINE, dir.resolve("out"), false),
            "part-1.npy: row 0", "dimension mismatch", "380 values", "expected 384",
            "part-0.npy: row 0");
    assertFalse(err.contains("row 1"), err);
  }

  @Test
  void dimensionMismatchNamesTheEarliestOfTwoBadRowsAcrossFiles(@TempDir Path dir)
      throws IOException {
    // a.csv line 5 (6 values) comes before b.csv line 1 (3 values) in input order, although
    // b.csv's bad row is the first line of its split
    Path in = dir.resolve("csvdir");
    write(in.resolve("a.csv"), "r0,1,2,3,4\nr1,1,2,3,5\nr2,1,2,3,6\nr3,1,2,3,7\nr4,1,2,3,4,5,6\n");
    write(in.resolve("b.csv"), "s0,1,2,3\ns1,1,2,3,4\n");
    String err =
        assertBadInput(cfg(in, null, null, Metric.COSINE, dir.resolve("out"), false),
            "a.csv: line 5", "\"r4\"", "dimension mismatch", "6 values", "expected 4");
    assertFalse(err.contains("b.csv"), err);
  }

  @Test
  void dimensionMismatchNamesTheEarliestOfTwoBadRowsInOneFile(@TempDir Path dir)
      throws IOException {
    Path in = write(dir.resolve("two.csv"), "a,1,2,3,4\nb,1,2,3,4\nc,1,2,3\nd,1,2,3,4\ne,1,2,3,4,5\n");
    String err =
        assertBadInput(cfg(in, null, null, Metric.COSINE, dir.resolve("out"), false),
            "two.csv: line 3", "\"c\"", "dimension mismatch", "3 values", "expected 4",
            "two.csv: line 1");
    assertFalse(err.contains("5 values"), err);
  }

  @Test
  void dimensionMismatchAcrossThreeNpyFiles(@TempDir Path dir) throws IOException {
    // b (3-d) is the first offender; c (5-d) is another one that comes later
    Path in = dir.resolve("three");
    write(in.resolve("c.npy"), NpyTestFiles.f4(rows(2, 5)));
    write(in.resolve("b.npy"), NpyTestFiles.f4(rows(2, 3)));
    write(in.resolve("a.npy"), NpyTestFiles.f4(rows(2, 4)));
    String err =
        assertBadInput(cfg(in, null, null, Metric.COSINE, dir.resolve("out"), false),
            "b.npy: row 0", "3 values", "expected 4", "a.npy: row 0");
    assertFalse(err.contains("c.npy"), err);
  }

  @Test
  void valueProblemBeforeDimensionMismatchWins(@TempDir Path dir) throws IOException {
    Path in = write(dir.resolve("both.csv"), "a,1,2\nb,NaN,2\nc,1,2,3\n");
    String err =
        assertBadInput(cfg(in, null, null, Metric.COSINE, dir.resolve("out"), false),
            "both.csv: line 2", "NaN");
    assertFalse(err.contains("dimension mismatch"), err);
  }

  // ------------------------------------------------------------------------------- Parquet

  @Test
  void parquetNullVector(@TempDir Path dir) {
    Path in = dir.resolve("nullvec");
    parquet(
        in,
        schema("vector", DataTypes.createArrayType(DataTypes.FloatType, true)),
        Arrays.asList(
            RowFactory.create("a", boxed(new float[] {1, 2})),
            RowFactory.create("b", boxed(new float[] {2, 1})),
            RowFactory.create("c", null),
            RowFactory.create("d", boxed(new float[] {1, 1}))));
    assertBadInput(cfg(in, null, null, Metric.COSINE, dir.resolve("out"), false),
        "nullvec", ".parquet", "row 2", "\"c\"", "null vector");
  }

  @Test
  void parquetNullElement(@TempDir Path dir) {
    Path in = dir.resolve("nullelem");
    parquet(
        in,
        schema("vector", DataTypes.createArrayType(DataTypes.FloatType, true)),
        Arrays.asList(
            RowFactory.create("a", boxed(new float[] {1, 2, 3})),
            RowFactory.create("b", Arrays.asList(2f, null, 1f)),
            RowFactory.create("c", boxed(new float[] {1, 1, 1}))));
    assertBadInput(cfg(in, null, null, Metric.COSINE, dir.resolve("out"), false),
        "nullelem", ".parquet", "row 1", "\"b\"", "null element at position 1");
  }

  @Test
  void parquetNullId(@TempDir Path dir) {
    Path in = dir.resolve("nullid");
    parquet(
        in,
        schema("vector", DataTypes.createArrayType(DataTypes.DoubleType, true)),
        Arrays.asList(
            RowFactory.create("a", Arrays.asList(1.0, 2.0)),
            RowFactory.create(null, Arrays.asList(2.0, 1.0)),
            RowFactory.create("c", Arrays.asList(1.0, 1.0))));
    assertBadInput(cfg(in, null, null, Metric.COSINE, dir.resolve("out"), false),
        "nullid", "row 1", "null id");
  }

  @Test
  void corruptParquetFile(@TempDir Path dir) throws IOException {
    Path in = write(dir.resolve("junk.parquet"), "PAR1 this is not really parquet PAR0\n");
    assertBadInput(cfg(in, null, null, Metric.COSINE, dir.resolve("out"), false),
        "junk.parquet", "cannot read as Parquet");
  }

  @Test
  void parquetWrongColumnType(@TempDir Path dir) {
    Path in = dir.resolve("strings");
    parquet(
        in,
        schema("vector", DataTypes.createArrayType(DataTypes.StringType, true)),
        Arrays.asList(
            RowFactory.create("a", Arrays.asList("1", "2")),
            RowFactory.create("b", Arrays.asList("2", "1"))));
    assertBadInput(cfg(in, null, null, Metric.COSINE, dir.resolve("out"), false),
        "strings", "column 'vector'", "array<string>", "need array<float>");
  }

  @Test
  void parquetMissingVectorColumn(@TempDir Path dir) {
    Path in = dir.resolve("novec");
    parquet(
        in,
        schema("embedding", DataTypes.createArrayType(DataTypes.FloatType, true)),
        Arrays.asList(
            RowFactory.create("a", boxed(new float[] {1, 2})),
            RowFactory.create("b", boxed(new float[] {2, 1}))));
    assertBadInput(cfg(in, null, null, Metric.COSINE, dir.resolve("out"), false),
        "novec", "no column 'vector'", "embedding");
  }

  // -------------------------------------------------------------------- counts and ids

  @Test
  void fewerThanTwoRows(@TempDir Path dir) throws IOException {
    Path csv = write(dir.resolve("one.csv"), "id,x,y\nonly,1,2\n");
    assertBadInput(cfg(csv, null, null, Metric.COSINE, dir.resolve("out"), false),
        "one.csv", "fewer than 2 rows", "found 1");
    Path npy = write(dir.resolve("one.npy"), NpyTestFiles.f4(rows(1, 4)));
    assertBadInput(cfg(npy, null, null, Metric.COSINE, dir.resolve("out"), false),
        "one.npy", "fewer than 2 rows", "found 1");
  }

  @Test
  void duplicateIdsInCsv(@TempDir Path dir) throws IOException {
    Path in = write(dir.resolve("dup.csv"), "a,1,2\nb,3,1\nc,1,3\nb,2,2\nc,5,1\n");
    String err =
        assertBadInput(cfg(in, null, null, Metric.COSINE, dir.resolve("out"), false),
            "duplicate id \"b\"", "dup.csv: line 2", "dup.csv: line 4");
    assertFalse(err.contains("\"c\""), err);
  }

  /** The same id checks when the ids file is too large for the driver to read it (distributed path). */
  @Test
  void idsFileChecksOnTheDistributedPath(@TempDir Path dir) throws IOException {
    spark.sparkContext().conf().set("spark.simpair.idsDriverReadBytes", "0");
    try {
      duplicateIdsInNpyIdsFile(dir.resolve("dup"));
      idsFileWithWrongNumberOfLines(dir.resolve("count"));
      idsFileWithBlankLine(dir.resolve("blank"));
      Path in = write(dir.resolve("ok/v.npy"), NpyTestFiles.f4(rows(4, 3)));
      Path ids = write(dir.resolve("ok/v.ids"), "p\nq\nr\ns\n");
      Outcome r = runPairs(cfg(in, null, ids, Metric.COSINE, dir.resolve("ok/out"), false));
      assertEquals(0, r.code(), r::err);
      assertTrue(r.out().matches("(?s).*best pair: a=[pqrs] b=[pqrs] .*"), r::out);
    } finally {
      spark.sparkContext().conf().remove("spark.simpair.idsDriverReadBytes");
    }
  }

  @Test
  void duplicateIdsInNpyIdsFile(@TempDir Path dir) throws IOException {
    Path in = write(dir.resolve("v.npy"), NpyTestFiles.f4(rows(4, 3)));
    Path ids = write(dir.resolve("v.ids"), "x\ny\nz\ny\n");
    assertBadInput(cfg(in, null, ids, Metric.COSINE, dir.resolve("out"), false),
        "duplicate id \"y\"", "v.npy: row 1", "v.npy: row 3");
  }

  @Test
  void idsFileWithWrongNumberOfLines(@TempDir Path dir) throws IOException {
    Path in = write(dir.resolve("v.npy"), NpyTestFiles.f4(rows(4, 3)));
    Path ids = write(dir.resolve("short.ids"), "x\ny\nz\n");
    assertBadInput(cfg(in, null, ids, Metric.COSINE, dir.resolve("out"), false),
        "short.ids", "has 3 ids", "4 rows");
  }

  @Test
  void idsFileWithBlankLine(@TempDir Path dir) throws IOException {
    Path in = write(dir.resolve("v.npy"), NpyTestFiles.f4(rows(3, 3)));
    Path ids = write(dir.resolve("blank.ids"), "x\n \nz\n");
    assertBadInput(cfg(in, null, ids, Metric.COSINE, dir.resolve("out"), false),
        "blank.ids", "line 2", "empty id");
  }

  // ----------------------------------------------------------------------- malformed NPY

  @Test
  void npyBadMagic(@TempDir Path dir) throws IOException {
    byte[] b = NpyTestFiles.f4(rows(3, 4));
    b[0] = 'X';
    Path in = write(dir.resolve("magic.npy"), b);
    assertBadInput(cfg(in, null, null, Metric.COSINE, dir.resolve("out"), false),
        "magic.npy", "not an NPY file", "magic");
  }

  @Test
  void npyBigEndian(@TempDir Path dir) throws IOException {
    byte[] b =
        NpyTestFiles.concat(
            NpyTestFiles.header(1, NpyTestFiles.dict(">f4", false, "(3, 4)")), new byte[48]);
    Path in = write(dir.resolve("be.npy"), b);
    assertBadInput(cfg(in, null, null, Metric.COSINE, dir.resolve("out"), false),
        "be.npy", "unsupported NPY dtype '>f4'");
  }

  @Test
  void npyThreeDimensional(@TempDir Path dir) throws IOException {
    byte[] b =
        NpyTestFiles.concat(
            NpyTestFiles.header(1, NpyTestFiles.dict("<f4", false, "(2, 3, 4)")), new byte[96]);
    Path in = write(dir.resolve("cube.npy"), b);
    assertBadInput(cfg(in, null, null, Metric.COSINE, dir.resolve("out"), false),
        "cube.npy", "must be 2-D", "2, 3, 4");
  }

  @Test
  void npyTruncatedData(@TempDir Path dir) throws IOException {
    byte[] full = NpyTestFiles.f4(rows(3, 4));
    Path in = write(dir.resolve("cut.npy"), Arrays.copyOf(full, full.length - 5));
    assertBadInput(cfg(in, null, null, Metric.COSINE, dir.resolve("out"), false),
        "cut.npy", "43 bytes", "needs 48", "truncated file");
  }

  @Test
  void npyDtypesDifferAcrossFiles(@TempDir Path dir) throws IOException {
    Path in = dir.resolve("dtypes");
    write(in.resolve("a.npy"), NpyTestFiles.f4(rows(2, 3)));
    write(in.resolve("b.npy"), NpyTestFiles.f8(new double[][] {{1, 2, 3}, {3, 2, 1}}));
    assertBadInput(cfg(in, null, null, Metric.COSINE, dir.resolve("out"), false),
        "b.npy", "dtype differs");
  }

  // -------------------------------------------------------------------------- empty files

  @Test
  void emptyFiles(@TempDir Path dir) throws IOException {
    Path npy = write(dir.resolve("empty.npy"), new byte[0]);
    assertBadInput(cfg(npy, null, null, Metric.COSINE, dir.resolve("out"), false),
        "empty.npy", "empty file");
    Path csv = write(dir.resolve("empty.csv"), "");
    assertBadInput(cfg(csv, null, null, Metric.COSINE, dir.resolve("out"), false),
        "empty.csv", "empty file");
    Path header = write(dir.resolve("header.csv"), "id,x0,x1,x2\n");
    assertBadInput(cfg(header, null, null, Metric.COSINE, dir.resolve("out"), false),
        "header.csv", "empty file (no data rows)");
    // an empty file among good ones in a directory is named too
    Path d = dir.resolve("withempty");
    write(d.resolve("a.csv"), "a,1,2\nb,2,1\n");
    write(d.resolve("b.csv"), "");
    assertBadInput(cfg(d, null, null, Metric.COSINE, dir.resolve("out"), false),
        "b.csv", "empty file");
  }

  // ------------------------------------------------------------------------------- output

  @Test
  void existingResultWithoutOverwrite(@TempDir Path dir) throws IOException {
    Path in = write(dir.resolve("ok.csv"), "a,1,2\nb,2,1\nc,1,1\n");
    Path out = Files.createDirectories(dir.resolve("out"));
    Path result = write(out.resolve("result.json"), "{\"old\": true}\n");
    Outcome r = runPairs(cfg(in, null, null, Metric.COSINE, out, false));
    String err = r.err().strip();
    assertEquals(2, r.code(), err);
    assertFalse(err.contains("\n"), err);
    assertTrue(err.contains("result.json") && err.contains("exists") && err.contains("--overwrite"), err);
    assertEquals("{\"old\": true}\n", Files.readString(result));
    try (Stream<Path> s = Files.list(out)) {
      assertEquals(List.of(result), s.collect(Collectors.toList()), "nothing else written");
    }
    // with --overwrite the same run succeeds and replaces it
    r = runPairs(cfg(in, null, null, Metric.COSINE, out, true));
    assertEquals(0, r.code(), r.err());
    assertEquals("cosine", readResult(out).path("metric").asText());
  }

  @Test
  void outputPathIsAFile(@TempDir Path dir) throws IOException {
    Path in = write(dir.resolve("ok.csv"), "a,1,2\nb,2,1\nc,1,1\n");
    Path out = write(dir.resolve("out.txt"), "not a dir");
    Outcome r = runPairs(cfg(in, null, null, Metric.COSINE, out, false));
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("out.txt") && r.err().contains("not a directory"), r.err());
    assertEquals("not a dir", Files.readString(out));
  }

  // ---------------------------------------------------------------------------- good path

  /** Small vectors with a clearly best cosine pair (rows 2 and 5); values exact in fp32. */
  private static final float[][] GOOD = {
    {1f, 0f, -0.5f, 0.5f, 0f},
    {0f, 1f, 0f, -0.25f, 0.25f},
    {0.5f, 0.5f, 1f, 0f, -0.75f},
    {0f, -1f, 0.5f, 1f, 1f},
    {-1f, 0.5f, 0f, 0f, 1f},
    {0.5f, 0.625f, 1f, 0.125f, -0.75f},
    {0.25f, -1f, 0.5f, 0f, 0.75f},
  };

  private static final List<String> GOOD_IDS =
      List.of("doc-a", "doc-b", "doc-c", "doc-d", "doc-e", "doc-f", "doc-g");

  /** Best pair by brute force: {i, j, score}; ties go to the smaller (i, j). */
  private static double[] bruteForceCosine(float[][] v) {
    double best = Double.NEGATIVE_INFINITY;
    int bi = -1;
    int bj = -1;
    for (int i = 0; i < v.length; i++) {
      for (int j = i + 1; j < v.length; j++) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int k = 0; k < v[i].length; k++) {
          dot += (double) v[i][k] * (double) v[j][k];
          na += (double) v[i][k] * (double) v[i][k];
          nb += (double) v[j][k] * (double) v[j][k];
        }
        double s = dot / (Math.sqrt(na) * Math.sqrt(nb));
        if (s > best) {
          best = s;
          bi = i;
          bj = j;
        }
      }
    }
    return new double[] {bi, bj, best};
  }

  private static JsonNode readResult(Path out) throws IOException {
    return new ObjectMapper().readTree(out.resolve("result.json").toFile());
  }

  private void assertGood(String label, PairsConfig cfg) throws IOException {
    Outcome r = runPairs(cfg);
    assertEquals(0, r.code(), label + ": " + r.err());
    double[] want = bruteForceCosine(GOOD);
    int n = GOOD.length;
    JsonNode j = readResult(Path.of(cfg.output()));
    JsonNode best = j.path("best");
    assertEquals(GOOD_IDS.get((int) want[0]), best.path("a").asText(), label);
    assertEquals(GOOD_IDS.get((int) want[1]), best.path("b").asText(), label);
    assertEquals((long) want[0], best.path("index_a").asLong(), label);
    assertEquals((long) want[1], best.path("index_b").asLong(), label);
    double[][] g = Oracle.toDouble(GOOD);
    double exact = Oracle.score("cosine", g[(int) want[0]], g[(int) want[1]]);
    assertEquals(exact, best.path("score").asDouble(), 0.0, label + ": the exact cosine, correctly rounded");
    assertEquals(want[2], best.path("score").asDouble(), 1e-15, label + ": the double formula's cosine");
    assertEquals("cosine", j.path("metric").asText(), label);
    assertEquals(n, j.path("documents").asLong(), label);
    assertEquals(GOOD[0].length, j.path("dimension").asInt(), label);
    assertEquals((long) n * (n - 1) / 2, j.path("counts").path("pairs_scored").asLong(), label);
    assertTrue(r.out().contains("best pair: a=" + best.path("a").asText()), label + ": " + r.out());
  }

  @Test
  void bruteForceOracleSanity() {
    double[] want = bruteForceCosine(GOOD);
    assertEquals(2, (int) want[0]);
    assertEquals(5, (int) want[1]);
    assertTrue(want[2] > 0.98 && want[2] < 1, "planted pair: " + want[2]);
  }

  @Test
  void goodNpyWithIds(@TempDir Path dir) throws IOException {
    Path in = write(dir.resolve("good.npy"), NpyTestFiles.f4(GOOD));
    Path ids = write(dir.resolve("good.ids"), String.join("\n", GOOD_IDS) + "\n");
    assertGood("npy+ids", cfg(in, null, ids, Metric.COSINE, dir.resolve("out"), false));
  }

  @Test
  void goodNpyDirectoryOfTwoFiles(@TempDir Path dir) throws IOException {
    Path in = dir.resolve("npydir");
    // names sort as part-0 < part-1; written in the other order on purpose
    write(in.resolve("part-1.npy"), NpyTestFiles.f4(Arrays.copyOfRange(GOOD, 4, 7)));
    write(in.resolve("part-0.npy"), NpyTestFiles.f4(Arrays.copyOfRange(GOOD, 0, 4)));
    Path ids = write(dir.resolve("good.ids"), String.join("\n", GOOD_IDS) + "\n");
    assertGood("npy dir", cfg(in, null, ids, Metric.COSINE, dir.resolve("out"), false));
  }

  @Test
  void goodCsvWithHeader(@TempDir Path dir) throws IOException {
    Path in = write(dir.resolve("good.csv"), csv(",", GOOD, GOOD_IDS, true));
    assertGood("csv header", cfg(in, null, null, Metric.COSINE, dir.resolve("out"), false));
  }

  @Test
  void goodCsvWithoutHeader(@TempDir Path dir) throws IOException {
    Path in = write(dir.resolve("good.csv"), csv(",", GOOD, GOOD_IDS, false));
    assertGood("csv", cfg(in, null, null, Metric.COSINE, dir.resolve("out"), false));
  }

  @Test
  void goodTsv(@TempDir Path dir) throws IOException {
    Path in = write(dir.resolve("good.tsv"), csv("\t", GOOD, GOOD_IDS, true));
    assertGood("tsv", cfg(in, null, null, Metric.COSINE, dir.resolve("out"), false));
  }

  @Test
  void goodParquetFloatArray(@TempDir Path dir) throws IOException {
    Path in = dir.resolve("pf");
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < GOOD.length; r++) {
      rows.add(RowFactory.create(GOOD_IDS.get(r), boxed(GOOD[r])));
    }
    parquet(in, schema("vector", DataTypes.createArrayType(DataTypes.FloatType, false)), rows);
    assertGood("parquet array<float>", cfg(in, null, null, Metric.COSINE, dir.resolve("out"), false));
  }

  @Test
  void goodParquetDoubleArray(@TempDir Path dir) throws IOException {
    Path in = dir.resolve("pd");
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < GOOD.length; r++) {
      List<Double> l = new ArrayList<>();
      for (float x : GOOD[r]) {
        l.add((double) x);
      }
      rows.add(RowFactory.create(GOOD_IDS.get(r), l));
    }
    parquet(in, schema("emb", DataTypes.createArrayType(DataTypes.DoubleType, false)), rows);
    assertGood(
        "parquet array<double>",
        cfg(in.toString(), InputFormat.PARQUET, null, "emb", Metric.COSINE, dir.resolve("out"), false));
  }

  @Test
  void goodParquetMlVector(@TempDir Path dir) throws IOException {
    Path in = dir.resolve("pv");
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < GOOD.length; r++) {
      double[] d = new double[GOOD[r].length];
      for (int k = 0; k < d.length; k++) {
        d[k] = GOOD[r][k];
      }
      rows.add(RowFactory.create(GOOD_IDS.get(r), Vectors.dense(d)));
    }
    parquet(in, schema("vector", new VectorUDT()), rows);
    assertGood("parquet ML Vector", cfg(in, null, null, Metric.COSINE, dir.resolve("out"), false));
  }

  @Test
  void dotTieGoesToTheSmallerPairInInputOrder(@TempDir Path dir) throws IOException {
    // dot(a,e) = dot(b,d) = 6 are the largest; (0,4) comes before (1,3)
    Path in = write(dir.resolve("tie.csv"), "a,-3,-1\nb,0,-2\nc,1,-1\nd,1,-3\ne,-3,3\n");
    Path out = dir.resolve("out");
    Outcome r = runPairs(cfg(in, null, null, Metric.DOT, out, false));
    assertEquals(0, r.code(), r.err());
    JsonNode best = readResult(out).path("best");
    assertEquals("a", best.path("a").asText());
    assertEquals("e", best.path("b").asText());
    assertEquals(6.0, best.path("score").asDouble(), 0.0);
  }
}
