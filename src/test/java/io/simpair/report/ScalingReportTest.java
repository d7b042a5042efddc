package io.simpair.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The report on synthetic runs whose score time is exactly {@code 2e-8 · n²}: fits, summary,
 * extrapolation, CSV, JSON map, HTML and chart; plus the package's layering.
 */
class ScalingReportTest {
  private static final long[] SIZES = {1000, 2000, 4000, 8000, 16000, 32000};
  private static final int CORES = 4;

  private static List<ScalingRun> runs() {
    List<ScalingRun> runs = new ArrayList<>();
    for (long n : SIZES) {
      double score = 2e-8 * n * n;
      List<ScalingRun.Stage> stages =
          List.of(
              new ScalingRun.Stage("read", 0.5, 1, 1),
              new ScalingRun.Stage("plan", 0.01, n, 10),
              new ScalingRun.Stage(n < 8000 ? "broadcast" : "replicate", 0.1, n, 4),
              new ScalingRun.Stage("score", score, 10, 10));
      long p = ScalingRun.pairsOf(n);
      runs.add(new ScalingRun(n, p, 4, 10, p, 2 * p * 384, 100, 200, 1 + score, stages, "runs/n=" + n + "/result.json"));
    }
    return runs;
  }

  private static ScalingReport report() {
    return new ScalingReport(runs(), CORES, 384, "cosine", "generated random:d=384,seed=42");
  }

  @Test
  void lineFitAndLocalExponentsAreReported() {
    ScalingReport r = report();
    // score = 2e-8 n^2 = 4e-8 * n(n-1)/2 + 2e-8 n: nearly a line through 0 in pairs
    assertEquals(4e-8, r.timeLine().slope(), 1e-10);
    assertTrue(Math.abs(r.timeLine().fixed()) < 0.01, "fixed " + r.timeLine().fixed());
    assertTrue(r.timeLine().r2() > 0.999999);
    for (double k : r.localExponents()) {
      assertEquals(2.0, k, 1e-12);
    }
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> fit = (java.util.Map<String, Object>) r.toJson().get("fit");
    assertEquals(r.timeLine().fixed(), fit.get("fixed_seconds"));
    assertEquals(r.timeLine().slope(), fit.get("seconds_per_pair"));
    assertEquals(r.timeLine().r2(), fit.get("line_r2"));
    assertEquals(5, ((List<?>) fit.get("local_time_exponents")).size());
    assertTrue(r.summary().contains("local time exponents 1000->2000: 2.00"), r.summary());
    assertTrue(r.toHtml("scaling.png").contains("s per pair"));
  }

  @Test
  void fitsAndSummary() {
    ScalingReport r = report();
    assertEquals(2.0, r.timeFit().exponent(), 1e-12);
    assertEquals(1.0, r.timeFit().r2(), 1e-12);
    assertEquals(2.0, r.pairsFit().exponent(), 1e-3);
    assertTrue(r.pairsExact());
    assertTrue(r.wallFit().exponent() > 0 && r.wallFit().exponent() < 2, "wall " + r.wallFit().exponent());
    assertEquals(5.0, r.doublings(), 1e-12);
    String s = r.summary();
    assertTrue(s.contains("documents x2 -> pair scores x4.00, time x4.0"), s);
    assertTrue(s.contains("n = 1000..32000"), s);
    assertEquals(List.of("read", "plan", "broadcast", "score", "replicate"), r.stageNames());
  }

  @Test
  void extrapolationUsesLargestRunsPerCoreThroughput() {
    ScalingReport r = report();
    double perCore = ScalingRun.pairsOf(32000) / (2e-8 * 32000 * 32000) / CORES;
    assertEquals(perCore, r.pairsPerSecondPerCore(), 1e-9 * perCore);
    assertEquals(9, r.extrapolation().size());
    Set<Integer> cores = new HashSet<>();
    for (ScalingReport.Extrapolation e : r.extrapolation()) {
      cores.add(e.cores());
      double pairs = (double) e.documents() * (e.documents() - 1) / 2;
      assertEquals(pairs, e.pairs(), 0);
      assertEquals(pairs / (perCore * e.cores()), e.seconds(), 1e-9 * e.seconds());
    }
    assertEquals(Set.of(CORES, 64, 1024), cores);
    String t = r.extrapolationTable();
    assertTrue(t.contains("100000000"), t);
    assertTrue(t.contains("4 cores (here)"), t);
    // the measured core count is not listed twice when it is one of the standard ones
    assertEquals(6, new ScalingReport(runs(), 64, 384, "cosine", "x").extrapolation().size());
  }

  @Test
  void csvHasOneRowPerStageAndATotalPerSize() {
    String[] lines = report().toCsv().split("\n");
    assertEquals(ScalingReport.CSV_HEADER, lines[0]);
    assertEquals(1 + SIZES.length * 5, lines.length);
    int columns = lines[0].split(",").length;
    for (String l : lines) {
      assertEquals(columns, l.split(",", -1).length, l);
    }
    // 32000 total row: documents, stage, wall seconds, share 1, ..., pairs_scored
    String total = lines[lines.length - 1];
    String[] f = total.split(",");
    assertEquals("32000", f[0]);
    assertEquals("total", f[1]);
    assertEquals(Long.toString(ScalingRun.pairsOf(32000)), f[8]);
    assertEquals(f[8], f[9]);
  }

  @Test
  @SuppressWarnings("unchecked")
  void jsonHasTheContractKeys() {
    Map<String, Object> j = report().toJson();
    List<Map<String, Object>> runs = (List<Map<String, Object>>) j.get("runs");
    assertEquals(SIZES.length, runs.size());
    for (int i = 0; i < SIZES.length; i++) {
      Map<String, Object> r = runs.get(i);
      assertEquals(SIZES[i], r.get("documents"));
      assertEquals(ScalingRun.pairsOf(SIZES[i]), r.get("pairs_scored"));
      assertTrue(r.get("seconds") instanceof Double);
      assertEquals(4, ((List<?>) r.get("stages")).size());
    }
    Map<String, Object> fit = (Map<String, Object>) j.get("fit");
    for (String k : List.of("pairs_exponent", "time_exponent", "r2", "pairs_r2", "time_r2", "wall_exponent")) {
      assertTrue(fit.get(k) instanceof Double, k);
    }
    assertEquals(9, ((List<?>) j.get("extrapolation")).size());
  }

  @Test
  void htmlEmbedsThePngAndEscapes() {
    String h = new ScalingReport(runs(), CORES, 384, "cosine", "prefixes of <a&b>").toHtml("scaling.png");
    assertTrue(h.contains("<img src=\"scaling.png\""), h);
    assertTrue(h.contains("prefixes of &lt;a&amp;b&gt;"), h);
    assertFalse(h.contains("<a&b>"));
    assertTrue(h.contains("<th>pairs_per_second</th>"));
  }

  @Test
  void chartIsThreePanelsAndDecodes() throws IOException {
    byte[] png = ScalingChart.png(report());
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    assertEquals(3 * ScalingChart.PANEL_WIDTH, img.getWidth());
    assertEquals(ScalingChart.PANEL_HEIGHT, img.getHeight());
    Set<Integer> colours = new HashSet<>();
    for (int x = 0; x < img.getWidth(); x += 7) {
      for (int y = 0; y < img.getHeight(); y += 7) {
        colours.add(img.getRGB(x, y));
      }
    }
    assertTrue(colours.size() > 10, "only " + colours.size() + " colours: a blank image?");
  }

  @Test
  void rejectsRunsThatCannotBeReported() {
    List<ScalingRun> r = runs();
    assertThrows(IllegalArgumentException.class, () -> new ScalingReport(r.subList(0, 1), 1, 1, "cosine", "x"));
    List<ScalingRun> reversed = new ArrayList<>(r);
    java.util.Collections.reverse(reversed);
    assertThrows(IllegalArgumentException.class, () -> new ScalingReport(reversed, 1, 1, "cosine", "x"));
  }

  @Test
  void durationsPickAReadableUnit() {
    assertEquals("12.0 s", ScalingReport.duration(12));
    assertEquals("2.00 min", ScalingReport.duration(120));
    assertEquals("3.00 h", ScalingReport.duration(3 * 3600));
    assertEquals("2.00 days", ScalingReport.duration(2 * 86400));
    assertEquals("10.0 years", ScalingReport.duration(10 * 365.25 * 86400));
  }

  @Test
  void reportPackageImportsNoSparkOrHadoop() throws IOException {
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java/io/simpair/report"))) {
      files.filter(p -> p.toString().endsWith(".java"))
          .forEach(
              p -> {
                try {
                  for (String line : Files.readAllLines(p)) {
                    String t = line.trim();
                    if (t.startsWith("import org.apache.spark")
                        || t.startsWith("import org.apache.hadoop")
                        || t.startsWith("import scala.")
                        || t.startsWith("import io.simpair.spark")
                        || t.startsWith("import io.simpair.io")
                        || t.startsWith("import io.simpair.cli")) {
                      offenders.add(p + ": " + t);
                    }
                  }
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
    assertTrue(offenders.isEmpty(), String.join("\n", offenders));
  }
}
