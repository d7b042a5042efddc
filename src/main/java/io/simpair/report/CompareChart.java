package io.simpair.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws compare.png with XChart: one panel per input, recall of the true top k against the
 * pairs scored exactly per query row (log), one line per method over its budgets; the exact job
 * is the single point at all pairs. Up to three panels a row.
 */
public final class CompareChart {
  static final int PANEL_WIDTH = 560;
  static final int PANEL_HEIGHT = 600;
  static final int PER_ROW = 3;
  static final Map<String, Color> COLOURS = Map.of(
      "exact", Color.BLACK, "simhash", new Color(0xE69F00), "brp-lsh", new Color(0x56B4E9), "minhash", new Color(0x009E73),
      "performer", new Color(0xD55E00), "lowdim", new Color(0xCC79A7));

  private CompareChart() {}

  public static byte[] png(List<CompareReport> reports) {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    List<BufferedImage> panels = new ArrayList<>();
    for (CompareReport r : reports) {
      panels.add(BitmapEncoder.getBufferedImage(panel(r)));
    }
    int cols = Math.min(PER_ROW, panels.size());
    int rows = (panels.size() + PER_ROW - 1) / PER_ROW;
    BufferedImage out = new BufferedImage(cols * PANEL_WIDTH, rows * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, out.getWidth(), out.getHeight());
      for (int i = 0; i < panels.size(); i++) {
        g.drawImage(panels.get(i), (i % PER_ROW) * PANEL_WIDTH, (i / PER_ROW) * PANEL_HEIGHT, null);
      }
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(out, "png", bytes)) {
        throw new IllegalStateException("no PNG writer available");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static XYChart panel(CompareReport r) {
    XYChart c = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT)
        .title(shorten(r.name()) + String.format(Locale.ROOT, " (n=%d)", r.rowsA()))
        .xAxisTitle("pairs scored exactly per query row (log)").yAxisTitle("recall of the true top " + r.k()).build();
    c.getStyler().setXAxisLogarithmic(true);
    c.getStyler().setYAxisMin(0.0).setYAxisMax(1.05);
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    c.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setMarkerSize(7);
    Map<String, List<CompareRun>> byMethod = new LinkedHashMap<>();
    for (CompareRun run : r.runs()) {
      byMethod.computeIfAbsent(run.method(), m -> new ArrayList<>()).add(run);
    }
    for (Map.Entry<String, List<CompareRun>> e : byMethod.entrySet()) {
      List<CompareRun> runs = new ArrayList<>(e.getValue());
      runs.sort((x, y) -> Long.compare(x.pairsScored(), y.pairsScored()));
      double[] x = new double[runs.size()];
      double[] y = new double[runs.size()];
      int found = 0;
      for (int i = 0; i < x.length; i++) {
        x[i] = Math.max(1e-3, runs.get(i).pairsScored() / (double) r.rowsA());
        y[i] = runs.get(i).recallAtK();
        found += runs.get(i).foundBest() ? 1 : 0;
      }
      XYSeries s = c.addSeries(String.format(Locale.ROOT, "%s (best found %d/%d)", e.getKey(), found, runs.size()), x, y);
      s.setMarker(e.getKey().equals("exact") ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
      // one colour per method in every panel, whichever methods a panel has
      Color colour = COLOURS.getOrDefault(e.getKey(), Color.DARK_GRAY);
      s.setLineColor(colour);
      s.setMarkerColor(colour);
    }
    return c;
  }

  private static String shorten(String name) {
    int slash = name.lastIndexOf('/', name.length() - 2);
    return name.length() > 40 && slash >= 0 ? "..." + name.substring(slash) : name;
  }
}
