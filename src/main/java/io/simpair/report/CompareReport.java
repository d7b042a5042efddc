package io.simpair.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The comparison on one input: the true best pair (from the exact job) and every method's runs;
 * turns into compare.json, the log table and the HTML page.
 *
 * @param name what the input is (path or generated kind)
 * @param rowsA query rows
 * @param rowsB rows of B (the same as rowsA when monochromatic)
 * @param dim dimension
 * @param mode most or least
 * @param trueA true best pair's id in A
 * @param trueB its id in B
 * @param trueScore its exact score
 * @param k the k of recall@k
 * @param allPairs the pairs an exhaustive search scores
 * @param runs the runs, exact first
 * @param notes methods skipped and why
 */
public record CompareReport(
    String name, long rowsA, long rowsB, int dim, String mode, String trueA, String trueB, double trueScore, int k,
    long allPairs, List<CompareRun> runs, List<String> notes) {

  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, Object> best = new LinkedHashMap<>();
    best.put("a", trueA);
    best.put("b", trueB);
    best.put("score", trueScore);
    m.put("true_best", best);
    List<Map<String, Object>> rs = new ArrayList<>();
    for (CompareRun r : runs) {
      rs.add(r.toJson());
    }
    m.put("runs", rs);
    m.put("input", name);
    m.put("documents", rowsA);
    if (rowsB != rowsA) {
      m.put("documents_b", rowsB);
    }
    m.put("dimension", dim);
    m.put("mode", mode);
    m.put("k", k);
    m.put("all_pairs", allPairs);
    m.put("notes", notes);
    return m;
  }

  /** The runs as a fixed-width table, one line each. */
  public String table() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%s: n=%d%s d=%d mode=%s, true best %s|%s score %.6f, recall of the top %d%n",
        name, rowsA, rowsB != rowsA ? " m=" + rowsB : "", dim, mode, trueA, trueB, trueScore, k));
    sb.append(String.format(Locale.ROOT, "  %-10s %7s %14s %9s %6s %10s %9s  %s%n", "method", "budget", "pairs_scored",
        "seconds", "found", "best", "recall@k", "parameters"));
    for (CompareRun r : runs) {
      sb.append(String.format(Locale.ROOT, "  %-10s %7s %14d %9.3f %6s %10.6f %9.3f  %s%n", r.method(),
          r.budget() == 0 ? "-" : Integer.toString(r.budget()), r.pairsScored(), r.seconds(), r.foundBest() ? "yes" : "no",
          r.bestScore(), r.recallAtK(), r.parameters()));
    }
    for (String n : notes) {
      sb.append("  note: ").append(n).append('\n');
    }
    return sb.toString();
  }

  /** An HTML page of several comparisons with the picture on top. */
  public static String html(String title, List<CompareReport> reports, String png) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(esc(title)).append("</title>\n")
        .append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}")
        .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td.l,th.l{text-align:left}</style></head><body>\n")
        .append("<h1>").append(esc(title)).append("</h1>\n<p><img src=\"").append(esc(png)).append("\" alt=\"recall against pairs scored\" style=\"max-width:100%\"></p>\n");
    for (CompareReport r : reports) {
      h.append(String.format(Locale.ROOT, "<h2>%s</h2>\n<p>n=%d%s, d=%d, mode %s; true best %s | %s, score %.9f; all pairs: %d</p>\n",
          esc(r.name()), r.rowsA(), r.rowsB() != r.rowsA() ? ", m=" + r.rowsB() : "", r.dim(), r.mode(), esc(r.trueA()), esc(r.trueB()),
          r.trueScore(), r.allPairs()));
      h.append("<table><tr><th class=\"l\">method</th><th>budget</th><th>pairs scored</th><th>seconds</th><th>found best</th>")
          .append("<th>best score</th><th>recall@").append(r.k()).append("</th><th class=\"l\">parameters</th></tr>\n");
      for (CompareRun c : r.runs()) {
        h.append(String.format(Locale.ROOT, "<tr><td class=\"l\">%s</td><td>%s</td><td>%d</td><td>%.3f</td><td>%s</td><td>%.6f</td><td>%.3f</td><td class=\"l\">%s</td></tr>\n",
            esc(c.method()), c.budget() == 0 ? "-" : c.budget(), c.pairsScored(), c.seconds(), c.foundBest() ? "yes" : "no",
            c.bestScore(), c.recallAtK(), esc(c.parameters())));
      }
      h.append("</table>\n");
      for (String n : r.notes()) {
        h.append("<p>note: ").append(esc(n)).append("</p>\n");
      }
    }
    return h.append("</body></html>\n").toString();
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
