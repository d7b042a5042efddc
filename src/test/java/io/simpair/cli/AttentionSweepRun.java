package io.simpair.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simpair.plan.AttentionOptions;
import io.simpair.report.AttentionSweepChart;
import io.simpair.spark.PairsConfig;
import io.simpair.testutil.LocalSpark;
import io.simpair.testutil.Npy;
import io.simpair.testutil.OvInstances;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Where the attention head stops finding the pair: hard orthogonal-vectors instances ({@link
 * OvInstances}: n random 0/1 rows of dimension 2 log2 n, one planted orthogonal pair or none; and
 * the same A against B) through {@code pairs --attention-head ov --beta-sweep}; prints a Markdown
 * table of the weight on the true partner and the decisions per beta, and writes the plot.
 *   AttentionSweepRun PNG [seeds=3] [n1,n2,...]
 */
public final class AttentionSweepRun {
  private AttentionSweepRun() {}

  public static void main(String[] args) throws Exception {
    Path png = Path.of(args[0]);
    int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    List<Integer> sizes = new ArrayList<>();
    for (String s : (args.length > 2 ? args[2] : "64,256,1024,4096").split(",")) {
      sizes.add(Integer.parseInt(s));
    }
    SparkSession spark = LocalSpark.start("AttentionSweepRun");
    Path tmp = Files.createTempDirectory("sweep");
    Map<String, double[]> weight = new LinkedHashMap<>();
    Map<String, int[]> right = new LinkedHashMap<>();
    Map<String, Double> defaults = new LinkedHashMap<>();
    double[] betas = null;
    try {
      for (int n : sizes) {
        int d = 2 * (32 - Integer.numberOfLeadingZeros(n - 1));
        for (boolean bi : new boolean[] {false, true}) {
          String key = String.format(Locale.ROOT, "n=%d d=%d %s", n, d, bi ? "A x B" : "one input");
          for (int seed = 0; seed < seeds; seed++) {
            for (int planted : new int[] {1, 0}) {
              List<String> a = new ArrayList<>(List.of("--attention-head", "ov", "--beta-sweep", "--no-progress", "--overwrite"));
              long sd = 1000L * n + 10L * seed + planted;
              if (bi) {
                float[][] x = OvInstances.generate(sd, n / 2, d, 0);
                float[][] y = OvInstances.generate(sd + 7, n / 2, d, 0);
                if (planted == 1) {
                  OvInstances.plantAcross(x, y, sd + 3);
                }
                a.addAll(List.of("--input", write(tmp, "a", x), "--input-b", write(tmp, "b", y)));
              } else {
                a.addAll(List.of("--input", write(tmp, "x", OvInstances.generate(sd, n, d, planted))));
              }
              a.addAll(List.of("--output", tmp.resolve("out").toString()));
              JsonNode r = run(spark, a);
              JsonNode sweep = r.path("attention").path("sweep");
              int k = sweep.size() - 1; // the sweep's powers of two; the last entry is 3 ln n
              betas = new double[k];
              weight.putIfAbsent(key, new double[k]);
              right.putIfAbsent(key, new int[k + 1]);
              for (int b = 0; b <= k; b++) {
                if (b < k) {
                  betas[b] = sweep.get(b).path("beta").asDouble();
                  if (planted == 1) {
                    weight.get(key)[b] += sweep.get(b).path("weight_on_partner").asDouble() / seeds;
                  }
                }
                right.get(key)[b] += sweep.get(b).path("decision_right").asBoolean() ? 1 : 0;
              }
              defaults.put(key, sweep.get(k).path("beta").asDouble());
            }
          }
        }
      }
    } finally {
      LocalSpark.stop(spark);
    }
    StringBuilder t = new StringBuilder("| instances | beta |");
    for (double b : betas) {
      t.append(String.format(Locale.ROOT, " %s |", b < 1 ? Double.toString(b) : Long.toString((long) b)));
    }
    t.append(" 3 ln n |\n|---|---|").append("---|".repeat(betas.length + 1)).append('\n');
    for (String key : weight.keySet()) {
      t.append("| ").append(key).append(" | weight on partner |");
      for (double w : weight.get(key)) {
        t.append(String.format(Locale.ROOT, " %.3f |", w));
      }
      t.append(String.format(Locale.ROOT, " (beta %.2f) |%n", defaults.get(key)));
      t.append("| | decisions right |");
      for (int c : right.get(key)) {
        t.append(" ").append(c).append('/').append(2 * seeds).append(" |");
      }
      t.append('\n');
    }
    System.out.print(t);
    Map<String, AttentionSweepChart.Line> lines = new LinkedHashMap<>();
    for (String key : weight.keySet()) {
      lines.put(key, new AttentionSweepChart.Line(betas, weight.get(key), defaults.get(key)));
    }
    Files.write(png, AttentionSweepChart.png(
        "OV head on hard instances: weight on the planted partner (mean of " + seeds + " seeds)", lines));
    System.out.println("sweep betas: " + AttentionOptions.SWEEP + " and 3 ln n; plot: " + png);
  }

  private static String write(Path dir, String name, float[][] x) throws Exception {
    Path p = dir.resolve(name + ".npy");
    Npy.writeF32(p, x);
    return p.toString();
  }

  private static JsonNode run(SparkSession spark, List<String> args) throws Exception {
    PairsConfig cfg = MainAccess.parse(args);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = MainAccess.runPairs(spark, cfg, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
    if (code != 0) {
      throw new IllegalStateException("pairs failed: " + err);
    }
    return new ObjectMapper().readTree(Path.of(cfg.output(), "result.json").toFile());
  }
}
