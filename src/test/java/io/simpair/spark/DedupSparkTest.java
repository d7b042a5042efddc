package io.simpair.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simpair.cli.MainAccess;
import io.simpair.search.HistogramReducer;
import io.simpair.testutil.DedupOracle;
import io.simpair.testutil.DedupOracle.Pair;
import io.simpair.testutil.LocalSpark;
import io.simpair.testutil.Oracle;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.spark.sql.Dataset;
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

/**
 * The dedup job against brute force: components (GraphX) against union-find on random graphs,
 * chains, stars, one huge group and all singletons; star mode against the brute-force greedy;
 * every keep rule; incremental mode; the dry run's counts; the histogram; the guard and bad input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DedupSparkTest {
  private static final double T = 0.95;
  private static final int N = 150;
  private SparkSession spark;
  @TempDir static Path tmp;
  private Path input;
  private double[][] x;
  private String[] ids;
  private String[] texts;
  private int[] years;

  @BeforeAll
  void start() throws Exception {
    spark = LocalSpark.start("DedupSparkTest");
    Random r = new Random(11);
    int d = 12;
    float[][] v = new float[N][d];
    float[][] bases = new float[12][d];
    for (float[] b : bases) {
      for (int k = 0; k < d; k++) {
        b[k] = (float) r.nextGaussian();
      }
    }
    for (int i = 0; i < N; i++) {
      if (i >= 40 && i < 48) { // a chain: neighbours close, its ends far apart
        float[] dir = bases[11];
        for (int k = 0; k < d; k++) {
          v[i][k] = bases[10][k] + 0.2f * (i - 40) * dir[k];
        }
      } else if (r.nextInt(2) == 0) {
        float[] b = bases[r.nextInt(10)];
        for (int k = 0; k < d; k++) {
          v[i][k] = b[k] + (float) (0.12 * r.nextGaussian());
        }
      } else {
        for (int k = 0; k < d; k++) {
          v[i][k] = (float) r.nextGaussian();
        }
      }
    }
    x = Oracle.toDouble(v);
    ids = new String[N];
    texts = new String[N];
    years = new int[N];
    for (int i = 0; i < N; i++) {
      ids[i] = "doc-" + i;
      texts[i] = "text of " + i + " " + "w".repeat(r.nextInt(30));
      years[i] = 1990 + r.nextInt(8); // many ties: input order decides
    }
    input = tmp.resolve("in");
    writeParquet(input, 0, 70, "a.parquet");
    writeParquet(input, 70, N, "b.parquet");
    assertTrue(DedupOracle.gap("cosine", x, T) > 1e-9, "no score sits on the threshold");
  }

  @AfterAll
  void stop() {
    LocalSpark.stop(spark);
  }

  /** Rows from..to as one Parquet file {@code dir/name}. */
  private void writeParquet(Path dir, int from, int to, String name) throws Exception {
    StructType schema = new StructType()
        .add("id", DataTypes.StringType, false)
        .add("vector", DataTypes.createArrayType(DataTypes.FloatType, false), false)
        .add("text", DataTypes.StringType, true)
        .add("year", DataTypes.IntegerType, true);
    List<Row> rows = new ArrayList<>();
    for (int i = from; i < to; i++) {
      Float[] f = new Float[x[i].length];
      for (int k = 0; k < f.length; k++) {
        f[k] = (float) x[i][k];
      }
      rows.add(RowFactory.create(ids[i], java.util.Arrays.asList(f), texts[i], years[i]));
    }
    Path w = tmp.resolve("w-" + dir.getFileName() + "-" + name);
    spark.createDataFrame(rows, schema).coalesce(1).write().parquet(w.toString());
    Files.createDirectories(dir);
    try (var files = Files.list(w)) {
      Path part = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
      Files.move(part, dir.resolve(name));
    }
  }

  /** A Parquet table's rows in input order (file path, then row index). */
  private List<Row> read(Path table) {
    return spark.read().parquet(table.toString())
        .withColumn("_f", org.apache.spark.sql.functions.col("_metadata.file_path"))
        .withColumn("_r", org.apache.spark.sql.functions.col("_metadata.row_index"))
        .orderBy("_f", "_r").drop("_f", "_r").collectAsList();
  }

  private String run(List<String> args, int expectedCode) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = MainAccess.runDedup(spark, args, new PrintStream(out), new PrintStream(err));
    assertEquals(expectedCode, code, err.toString());
    return out + err.toString();
  }

  private List<String> args(Path out, String... more) {
    List<String> a = new ArrayList<>(List.of("--input", input.toString(), "--output", out.toString(), "--threshold",
        Double.toString(T), "--no-progress"));
    a.addAll(List.of(more));
    return a;
  }

  private Comparator<Integer> order(String keep) {
    Comparator<Integer> byIndex = Integer::compare;
    switch (keep) {
      case "first":
        return byIndex;
      case "longest":
        return Comparator.<Integer>comparingInt(i -> -texts[i].length()).thenComparing(byIndex);
      case "min:year":
        return Comparator.<Integer>comparingInt(i -> years[i]).thenComparing(byIndex);
      case "max:year":
        return Comparator.<Integer>comparingInt(i -> -years[i]).thenComparing(byIndex);
      default:
        throw new IllegalArgumentException(keep);
    }
  }

  /** groups.parquet, kept.parquet, removed.parquet and dedup.json against the expected kept member of each document. */
  private void checkTables(Path out, int[] kept, List<Pair> pairs) throws Exception {
    Map<Integer, Integer> size = new HashMap<>();
    for (int k : kept) {
      size.merge(k, 1, Integer::sum);
    }
    Map<Long, Double> score = new HashMap<>();
    for (Pair p : pairs) {
      score.put((long) p.i() * N + p.j(), p.score());
    }
    int[] nearest = DedupOracle.nearest(N, pairs);
    List<Row> groups = read(out.resolve("groups.parquet"));
    assertEquals(N, groups.size());
    int removed = 0;
    int multi = 0;
    int largest = 1;
    for (int i = 0; i < N; i++) {
      Row g = groups.get(i);
      assertEquals(ids[i], g.getString(0), "row " + i);
      assertEquals(ids[kept[i]], g.getString(1), "group of " + ids[i]);
      assertEquals(size.get(kept[i]).longValue(), g.getLong(2), "group_size of " + ids[i]);
      assertEquals(kept[i] == i, g.getBoolean(3), "kept " + ids[i]);
      if (nearest[i] < 0) {
        assertTrue(g.isNullAt(4), "no nearest for " + ids[i]);
      } else {
        assertEquals(ids[nearest[i]], g.getString(4), "nearest of " + ids[i]);
        int lo = Math.min(i, nearest[i]);
        int hi = Math.max(i, nearest[i]);
        assertEquals(score.get((long) lo * N + hi), g.getDouble(5), 1e-12, "nearest_score of " + ids[i]);
      }
      removed += kept[i] == i ? 0 : 1;
      if (kept[i] == i && size.get(i) > 1) {
        multi++;
      }
      largest = Math.max(largest, size.get(kept[i]));
    }
    List<Row> keptRows = read(out.resolve("kept.parquet"));
    assertEquals(N - removed, keptRows.size());
    int k = 0;
    for (int i = 0; i < N; i++) {
      if (kept[i] == i) {
        assertEquals(ids[i], keptRows.get(k).getString(0));
        assertEquals(texts[i], keptRows.get(k).getString(2), "text kept");
        k++;
      }
    }
    List<Row> removedRows = read(out.resolve("removed.parquet"));
    assertEquals(removed, removedRows.size());
    int q = 0;
    for (int i = 0; i < N; i++) {
      if (kept[i] != i) {
        Row rr = removedRows.get(q++);
        assertEquals(ids[i], rr.getString(rr.fieldIndex("id")));
        assertEquals(ids[kept[i]], rr.getString(rr.fieldIndex("group")));
        Double direct = score.get((long) Math.min(i, kept[i]) * N + Math.max(i, kept[i]));
        int si = rr.fieldIndex("score");
        if (direct == null) {
          assertTrue(rr.isNullAt(si), ids[i] + " is linked to its kept one only through others");
        } else {
          assertEquals(direct, rr.getDouble(si), 1e-12);
        }
      }
    }
    JsonNode j = new ObjectMapper().readTree(out.resolve("dedup.json").toFile());
    assertEquals(N, j.get("documents").asLong());
    assertEquals(pairs.size(), j.get("pairs").asLong());
    assertEquals(multi, j.get("groups").asLong());
    assertEquals(removed, j.get("removed").asLong());
    assertEquals(largest, j.get("largest_group").asLong());
    assertEquals(T, j.get("threshold").asDouble());
    assertTrue(j.has("stages") && j.has("histogram") && j.has("group_mode") && j.has("keep"));
    assertTrue(Files.size(out.resolve("histogram.png")) > 1000);
    String html = Files.readString(out.resolve("dedup.html"));
    assertTrue(html.contains("histogram.png") && html.contains("Largest groups"), "dedup.html");
  }

  @Test
  void componentsWithEveryKeepRuleAreTheUnionFindGroups() throws Exception {
    List<Pair> pairs = DedupOracle.pairs("cosine", x, T);
    boolean chainSplits = false;
    for (String keep : List.of("first", "longest", "min:year", "max:year")) {
      Path out = tmp.resolve("comp-" + keep.replace(':', '-'));
      run(args(out, "--keep", keep), 0);
      int[] kept = DedupOracle.keptByComponent(N, pairs, order(keep));
      checkTables(out, kept, pairs);
      JsonNode j = new ObjectMapper().readTree(out.resolve("dedup.json").toFile());
      assertEquals(keep, j.get("keep").asText());
      assertEquals("components", j.get("group_mode").asText());
      int[] star = DedupOracle.star(N, pairs, order(keep));
      chainSplits |= !java.util.Arrays.equals(kept, star);
    }
    assertTrue(chainSplits, "the data has a chain, where components and star differ");
  }

  @Test
  void starModeIsTheBruteForceGreedy() throws Exception {
    List<Pair> pairs = DedupOracle.pairs("cosine", x, T);
    for (String keep : List.of("first", "max:year")) {
      Path out = tmp.resolve("star-" + keep.replace(':', '-'));
      run(args(out, "--keep", keep, "--group-mode", "star"), 0);
      checkTables(out, DedupOracle.star(N, pairs, order(keep)), pairs);
    }
  }

  @Test
  void incrementalRemovesOnlyInputDocumentsMatchedInTheReference() throws Exception {
    Path a = tmp.resolve("inc-a");
    Path b = tmp.resolve("inc-b");
    writeParquet(a, 0, 90, "a.parquet");
    writeParquet(b, 90, N, "b.parquet");
    Path out = tmp.resolve("inc-out");
    run(List.of("--input", a.toString(), "--input-b", b.toString(), "--output", out.toString(), "--threshold",
        Double.toString(T), "--no-progress"), 0);
    Map<String, String> expectedGroup = new HashMap<>();
    Map<String, Double> expectedScore = new HashMap<>();
    for (int i = 0; i < 90; i++) {
      int best = -1;
      double bs = 0;
      for (int j = 90; j < N; j++) {
        double s = Oracle.score("cosine", x[i], x[j]);
        if (s >= T && (best < 0 || s > bs)) {
          best = j;
          bs = s;
        }
      }
      if (best >= 0) {
        expectedGroup.put(ids[i], ids[best]);
        expectedScore.put(ids[i], bs);
      }
    }
    assertFalse(expectedGroup.isEmpty(), "the data has matches across the sides");
    List<Row> removed = read(out.resolve("removed.parquet"));
    assertEquals(expectedGroup.size(), removed.size());
    for (Row r : removed) {
      String id = r.getString(0);
      assertEquals(expectedGroup.get(id), r.getString(r.fieldIndex("group")), id);
      assertEquals(expectedScore.get(id), r.getDouble(r.fieldIndex("score")), 1e-12, id);
    }
    List<Row> kept = read(out.resolve("kept.parquet"));
    assertEquals(90 - expectedGroup.size(), kept.size());
    for (Row r : kept) {
      assertFalse(expectedGroup.containsKey(r.getString(0)));
      assertTrue(Integer.parseInt(r.getString(0).substring(4)) < 90, "nothing of REF is in the tables");
    }
    JsonNode j = new ObjectMapper().readTree(out.resolve("dedup.json").toFile());
    assertEquals(90, j.get("documents").asLong());
    assertEquals(N - 90, j.get("documents_b").asLong());
    assertEquals(expectedGroup.size(), j.get("removed").asLong());
    assertEquals(new HashSet<>(expectedGroup.values()).size(), j.get("groups").asLong());
  }

  @Test
  void dryRunCountsPairsAndGroupsPerThresholdAndWritesNoTables() throws Exception {
    Path out = tmp.resolve("dry");
    double[] ts = {0.97, 0.9, 0.95};
    for (double t : ts) {
      assertTrue(DedupOracle.gap("cosine", x, t) > 1e-9);
    }
    run(List.of("--input", input.toString(), "--output", out.toString(), "--dry-run", "--thresholds", "0.97,0.9,0.95",
        "--no-progress"), 0);
    JsonNode j = new ObjectMapper().readTree(out.resolve("dedup.json").toFile());
    JsonNode counts = j.get("threshold_counts");
    assertEquals(3, counts.size());
    for (int k = 0; k < 3; k++) {
      List<Pair> pairs = DedupOracle.pairs("cosine", x, ts[k]);
      List<int[]> edges = new ArrayList<>();
      Set<Integer> inPairs = new HashSet<>();
      for (Pair p : pairs) {
        edges.add(new int[] {p.i(), p.j()});
        inPairs.add(p.i());
        inPairs.add(p.j());
      }
      int[] c = DedupOracle.components(N, edges);
      Set<Integer> comps = new HashSet<>();
      for (int i : inPairs) {
        comps.add(c[i]);
      }
      assertEquals(ts[k], counts.get(k).get("threshold").asDouble());
      assertEquals(pairs.size(), counts.get(k).get("pairs").asLong(), "pairs at " + ts[k]);
      assertEquals(comps.size(), counts.get(k).get("groups").asLong(), "groups at " + ts[k]);
    }
    assertFalse(Files.exists(out.resolve("groups.parquet")));
    assertFalse(Files.exists(out.resolve("threshold.parquet")));
    assertTrue(Files.exists(out.resolve("histogram.png")));
    try (var files = Files.list(out)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".simpair-staging")), "no staging left");
    }
  }

  @Test
  void histogramIsTheBruteForceDistributionWithExactEdges() throws Exception {
    Path out = tmp.resolve("hist");
    PairsConfig cfg = MainAccess.parse(List.of("--input", input.toString(), "--output", out.toString(), "--histogram",
        "--histogram-bins", "37", "--thresholds", "0.9,0.5,-0.2", "--no-progress"));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(0, MainAccess.runPairs(spark, cfg, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err)),
        err.toString());
    JsonNode j = new ObjectMapper().readTree(out.resolve("result.json").toFile());
    double[] edges = new double[38];
    for (int i = 0; i <= 37; i++) {
      edges[i] = j.get("histogram").get("edges").get(i).asDouble();
    }
    assertEquals(java.util.Arrays.toString(HistogramReducer.edges(-1, 1, 37)), java.util.Arrays.toString(edges));
    long[] expected = new long[37];
    double[] ts = {0.9, 0.5, -0.2};
    long[] atT = new long[3];
    for (int i = 0; i < N; i++) {
      for (int k = i + 1; k < N; k++) {
        double s = Oracle.score("cosine", x[i], x[k]);
        int bin = 0;
        while (bin < 36 && s >= edges[bin + 1]) {
          bin++;
        }
        expected[bin]++;
        for (int t = 0; t < 3; t++) {
          atT[t] += s >= ts[t] ? 1 : 0;
        }
      }
    }
    for (int b = 0; b < 37; b++) {
      assertEquals(expected[b], j.get("histogram").get("counts").get(b).asLong(), "bin " + b);
    }
    for (int t = 0; t < 3; t++) {
      assertEquals(ts[t], j.get("threshold_counts").get(t).get("threshold").asDouble());
      assertEquals(atT[t], j.get("threshold_counts").get(t).get("pairs").asLong(), "pairs >= " + ts[t]);
    }
    assertTrue(Files.size(out.resolve("histogram.png")) > 1000);
  }

  @Test
  void tooManyPairsStopsWithACountAndASuggestedThresholdAndWritesNothing() throws Exception {
    Path out = tmp.resolve("guard");
    String msg = run(List.of("--input", input.toString(), "--output", out.toString(), "--threshold", "0", "--max-pairs",
        "50", "--no-progress"), 2);
    assertTrue(msg.contains("more than --max-pairs 50"), msg);
    assertTrue(msg.contains("from the histogram"), msg);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("--threshold (\\S+) selects (\\d+) pairs \\(from").matcher(msg);
    assertTrue(m.find(), msg);
    double suggested = Double.parseDouble(m.group(1));
    assertEquals(DedupOracle.pairs("cosine", x, suggested).size(), Long.parseLong(m.group(2)), "the suggested count is exact");
    assertTrue(Long.parseLong(m.group(2)) <= 50);
    assertFalse(Files.exists(out), "nothing written");
  }

  @Test
  void badInputIsRefusedWithExitTwoAndNothingWritten() throws Exception {
    Path out = tmp.resolve("bad");
    String m = run(args(out, "--keep", "max:nosuch"), 2);
    assertTrue(m.contains("nosuch"), m);
    m = run(args(out, "--keep", "longest", "--text-col", "year"), 2);
    assertTrue(m.contains("'year' has type int"), m);
    m = run(List.of("--input", "data-samples/planted-64.csv", "--output", out.toString(), "--threshold", "0.9"), 2);
    assertTrue(m.contains("dedup reads Parquet"), m);
    run(args(out, "--keep", "sideways"), 2);
    run(args(out, "--group-mode", "ring"), 2);
    run(List.of("--input", input.toString(), "--output", out.toString(), "--thresholds", "0.9"), 2);
    assertFalse(Files.exists(out), "nothing written");
  }

  /** data-samples/README.md, "dedup at 0.85": every group of two or more, members in input order, the kept one first. */
  static final String[][] FORTUNE_GROUPS = {
    {"cs/debian-hints:39", "sk/debian-hints:39"},
    {"de/debian-hints:43", "debian-hints:43"},
    {"tr/debian-hints:12", "tr/debian-hints:17"},
    {"zh_CN/debian-hints:7", "zh_TW/debian-hints:7"},
    {"zh_CN/debian-hints:34", "zh_TW/debian-hints:34"},
    {"fortunes:60", "fortunes:190"},
    {"computers:757", "cookie:830"},
    {"cookie:554", "people:497"},
    {"cookie:559", "people:55"},
    {"cookie:629", "definitions:39"},
    {"cookie:1026", "humorists:113"},
    {"linux:62", "linuxcookie:49"},
    {"linux:73", "linuxcookie:33"},
    {"linux:78", "linuxcookie:87"},
    {"platitudes:68", "science:382"},
    {"platitudes:161", "songs-poems:611"},
  };

  @Test
  void fortunesSampleGroupsAreTheReadmesAndTheBruteForce() throws Exception {
    String table = "data-samples/fortunes-3000-minilm/embeddings.parquet";
    List<Row> rows = read(Path.of(table));
    double[][] fx = new double[rows.size()][];
    String[] fid = new String[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      List<Object> v = rows.get(i).getList(rows.get(i).fieldIndex("vector"));
      fx[i] = new double[v.size()];
      for (int k = 0; k < v.size(); k++) {
        fx[i][k] = (Float) v.get(k);
      }
      fid[i] = rows.get(i).getString(rows.get(i).fieldIndex("id"));
    }
    double t = 0.85;
    assertTrue(DedupOracle.gap("cosine", fx, t) > 1e-9);
    List<Pair> pairs = DedupOracle.pairs("cosine", fx, t);
    int[] kept = DedupOracle.keptByComponent(fx.length, pairs, Integer::compare);
    Map<Integer, List<String>> byHead = new java.util.TreeMap<>();
    for (int i = 0; i < fx.length; i++) {
      byHead.computeIfAbsent(kept[i], k -> new ArrayList<>()).add(fid[i]);
    }
    List<List<String>> oracle = new ArrayList<>();
    for (List<String> g : byHead.values()) {
      if (g.size() > 1) {
        oracle.add(g);
      }
    }
    System.out.println("fortunes-3000 groups at " + t + " (" + pairs.size() + " pairs): " + oracle);
    assertEquals(FORTUNE_GROUPS.length, oracle.size(), "README groups");
    for (int g = 0; g < oracle.size(); g++) {
      assertEquals(List.of(FORTUNE_GROUPS[g]), oracle.get(g), "README group " + g);
    }
    Path out = tmp.resolve("fortunes");
    run(List.of("--input", table, "--output", out.toString(), "--threshold", Double.toString(t), "--no-progress"), 0);
    Map<String, List<String>> job = new java.util.LinkedHashMap<>();
    for (Row r : read(out.resolve("groups.parquet"))) {
      if (r.getLong(2) > 1) {
        job.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(r.getString(0));
      }
    }
    List<List<String>> jobGroups = new ArrayList<>(job.values());
    jobGroups.sort(Comparator.comparingInt(g -> java.util.Arrays.asList(fid).indexOf(g.get(0))));
    assertEquals(oracle, jobGroups);
  }

  /** Components straight from edge lists: GraphX against union-find. */
  @Test
  void graphxComponentsAreTheUnionFindComponents() {
    Random r = new Random(5);
    List<List<int[]>> graphs = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    for (int g = 0; g < 3; g++) { // random graphs
      int n = 80 + r.nextInt(80);
      List<int[]> e = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        int a = r.nextInt(n);
        int b = r.nextInt(n);
        if (a != b) {
          e.add(new int[] {Math.min(a, b), Math.max(a, b)});
        }
      }
      graphs.add(e);
      sizes.add(n);
    }
    List<int[]> chain = new ArrayList<>();
    for (int k = 1; k < 25; k++) {
      chain.add(new int[] {k - 1, k});
    }
    graphs.add(chain);
    sizes.add(25);
    List<int[]> star = new ArrayList<>();
    for (int k = 1; k < 100; k++) {
      star.add(new int[] {0, k});
    }
    graphs.add(star);
    sizes.add(100);
    List<int[]> huge = new ArrayList<>();
    for (int k = 1; k < 400; k++) {
      huge.add(new int[] {r.nextInt(k), k}); // a random tree: one group of all 400
    }
    graphs.add(huge);
    sizes.add(400);
    graphs.add(List.of());
    sizes.add(50); // all singletons
    StructType schema = new StructType().add("index_a", DataTypes.LongType).add("index_b", DataTypes.LongType);
    for (int g = 0; g < graphs.size(); g++) {
      List<Row> rows = new ArrayList<>();
      Set<Integer> inEdges = new HashSet<>();
      for (int[] e : graphs.get(g)) {
        rows.add(RowFactory.create((long) e[0], (long) e[1]));
        inEdges.add(e[0]);
        inEdges.add(e[1]);
      }
      Dataset<Row> pairs = spark.createDataFrame(rows, schema);
      Map<Long, Long> got = new HashMap<>();
      for (Row c : ComponentGrouping.components(spark, pairs).collectAsList()) {
        got.put(c.getLong(0), c.getLong(1));
      }
      int[] expected = DedupOracle.components(sizes.get(g), graphs.get(g));
      assertEquals(inEdges.size(), got.size(), "graph " + g + ": every document in a pair, no other");
      for (int i : inEdges) {
        assertEquals((long) expected[i], got.get((long) i), "graph " + g + " vertex " + i);
      }
    }
  }
}
