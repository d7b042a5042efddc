package io.simpair.report;

import java.util.List;
import java.util.Locale;

/**
 * dedup.html: the run's numbers, the largest groups (kept document first, then members with
 * their score against it) and the borderline pairs just at or past the threshold, texts side by
 * side, and the score histogram. Pure rendering of what the job collected; self-contained but
 * for the PNG beside it.
 */
public final class DedupHtml {
  /** One document shown: id, text (may be null) and score with the group's kept one (NaN: none). */
  public record Doc(String id, String text, double score) {}

  /** A group: its kept document, its size, and the first members in keep order. */
  public record Group(Doc kept, long size, List<Doc> members) {}

  /** A pair near the threshold. */
  public record Pair(Doc a, Doc b, double score) {}

  private DedupHtml() {}

  /**
   * @param facts label/value rows of the summary table
   * @param png the histogram's file name beside the page, or null
   */
  public static String render(
      String title, List<String[]> facts, List<Group> groups, List<Pair> borderline, String png, int textWidth) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(esc(title)).append("</title>\n")
        .append("<style>body{font-family:sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse}")
        .append("td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left}")
        .append(".t{font-family:monospace;white-space:pre-wrap;font-size:90%}.k{background:#eef7ee}</style>\n")
        .append("</head><body>\n<h1>").append(esc(title)).append("</h1>\n<table>\n");
    for (String[] f : facts) {
      h.append("<tr><th>").append(esc(f[0])).append("</th><td>").append(esc(f[1])).append("</td></tr>\n");
    }
    h.append("</table>\n");
    if (png != null) {
      h.append("<h2>Scores of all pairs</h2>\n<img src=\"").append(esc(png)).append("\" alt=\"histogram\">\n");
    }
    h.append("<h2>Largest groups</h2>\n");
    if (groups.isEmpty()) {
      h.append("<p>No group: no pair reaches the threshold.</p>\n");
    }
    int g = 0;
    for (Group gr : groups) {
      g++;
      h.append("<h3>").append(g).append(". group of ").append(gr.size()).append(" (kept: ")
          .append(esc(gr.kept().id())).append(")</h3>\n<table><tr><th>id</th><th>score with kept</th><th>text</th></tr>\n");
      row(h, gr.kept(), true, textWidth);
      for (Doc d : gr.members()) {
        row(h, d, false, textWidth);
      }
      if (gr.size() > gr.members().size() + 1) {
        h.append("<tr><td colspan=\"3\">... ").append(gr.size() - gr.members().size() - 1).append(" more</td></tr>\n");
      }
      h.append("</table>\n");
    }
    h.append("<h2>Borderline pairs (the least similar that still count)</h2>\n");
    h.append("<table><tr><th>score</th><th>a</th><th>text a</th><th>b</th><th>text b</th></tr>\n");
    for (Pair p : borderline) {
      h.append("<tr><td>").append(String.format(Locale.ROOT, "%.6f", p.score())).append("</td><td>")
          .append(esc(p.a().id())).append("</td><td class=\"t\">").append(esc(cut(p.a().text(), textWidth)))
          .append("</td><td>").append(esc(p.b().id())).append("</td><td class=\"t\">")
          .append(esc(cut(p.b().text(), textWidth))).append("</td></tr>\n");
    }
    h.append("</table>\n</body></html>\n");
    return h.toString();
  }

  private static void row(StringBuilder h, Doc d, boolean kept, int width) {
    h.append(kept ? "<tr class=\"k\">" : "<tr>").append("<td>").append(esc(d.id())).append(kept ? " (kept)" : "")
        .append("</td><td>").append(Double.isNaN(d.score()) ? "" : String.format(Locale.ROOT, "%.6f", d.score()))
        .append("</td><td class=\"t\">").append(esc(cut(d.text(), width))).append("</td></tr>\n");
  }

  static String cut(String s, int width) {
    if (s == null) {
      return "";
    }
    return s.length() <= width ? s : s.substring(0, width) + "...";
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
