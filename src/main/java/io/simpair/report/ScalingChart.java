package io.simpair.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws scaling.png with XChart: three panels side by side, (1) pair scores against documents,
 * (2) {@value ScalingReport#TIME_STAGE}-stage and wall seconds against documents, both log-log
 * with an {@code n²} reference line through the first point, and (3) each stage's share of the
 * run's time as stacked bars.
 */
public final class ScalingChart {
  /** Pixel size of one panel. */
  static final int PANEL_WIDTH = 640;

  static final int PANEL_HEIGHT = 520;

  private ScalingChart() {}

  /** The three panels side by side, rendered without a display. */
  public static BufferedImage render(ScalingReport report) {
    // spark-submit on a cluster node has no display; AWT must not try to open one
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    List<BufferedImage> panels =
        List.of(
            BitmapEncoder.getBufferedImage(workChart(report)),
            BitmapEncoder.getBufferedImage(timeChart(report)),
            BitmapEncoder.getBufferedImage(shareChart(report)));
    int w = 0;
    int h = 0;
    for (BufferedImage p : panels) {
      w += p.getWidth();
      h = Math.max(h, p.getHeight());
    }
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, w, h);
      int x = 0;
      for (BufferedImage p : panels) {
        g.drawImage(p, x, 0, null);
        x += p.getWidth();
      }
    } finally {
      g.dispose();
    }
    return out;
  }

  /** {@link #render} encoded as PNG. */
  public static byte[] png(ScalingReport report) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(render(report), "png", bytes)) {
        throw new IllegalStateException("no PNG writer available");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static XYChart workChart(ScalingReport report) {
    XYChart c = logLog("Work: pair scores", "pair scores");
    List<ScalingRun> runs = report.runs();
    double[] n = documents(runs);
    double[] pairs = new double[n.length];
    for (int i = 0; i < n.length; i++) {
      pairs[i] = runs.get(i).pairsScored();
    }
    XYSeries s =
        c.addSeries(
            String.format(java.util.Locale.ROOT, "counted (fit n^%.3f)", report.pairsFit().exponent()), n, pairs);
    s.setMarker(SeriesMarkers.CIRCLE);
    reference(c, n, pairs[0]);
    return c;
  }

  static XYChart timeChart(ScalingReport report) {
    XYChart c = logLog("Time", "seconds");
    List<ScalingRun> runs = report.runs();
    double[] n = documents(runs);
    double[] score = new double[n.length];
    double[] wall = new double[n.length];
    for (int i = 0; i < n.length; i++) {
      score[i] = runs.get(i).stageSeconds(ScalingReport.TIME_STAGE);
      wall[i] = runs.get(i).seconds();
    }
    XYSeries s =
        c.addSeries(
            String.format(
                java.util.Locale.ROOT,
                "%s stage (fit n^%.2f, r2 %.3f)",
                ScalingReport.TIME_STAGE,
                report.timeFit().exponent(),
                report.timeFit().r2()),
            n,
            score);
    s.setMarker(SeriesMarkers.CIRCLE);
    XYSeries w =
        c.addSeries(
            String.format(java.util.Locale.ROOT, "whole run (fit n^%.2f)", report.wallFit().exponent()), n, wall);
    w.setMarker(SeriesMarkers.SQUARE);
    reference(c, n, score[0]);
    return c;
  }

  static CategoryChart shareChart(ScalingReport report) {
    CategoryChart c =
        new CategoryChartBuilder()
            .width(PANEL_WIDTH)
            .height(PANEL_HEIGHT)
            .title("Share of time per stage")
            .xAxisTitle("documents")
            .yAxisTitle("% of summed stage time")
            .build();
    Styler st = c.getStyler();
    c.getStyler().setStacked(true);
    c.getStyler().setOverlapped(false);
    c.getStyler().setYAxisMin(0.0).setYAxisMax(100.0);
    c.getStyler().setXAxisLabelRotation(45);
    st.setLegendPosition(Styler.LegendPosition.OutsideS);
    st.setLegendLayout(Styler.LegendLayout.Horizontal);
    st.setChartBackgroundColor(Color.WHITE);
    List<String> x = new ArrayList<>();
    for (ScalingRun r : report.runs()) {
      x.add(Long.toString(r.documents()));
    }
    for (String name : report.stageNames()) {
      List<Double> y = new ArrayList<>();
      for (ScalingRun r : report.runs()) {
        double t = r.stageTotal();
        double sec = r.stageSeconds(name);
        y.add(t > 0 && !Double.isNaN(sec) ? 100 * sec / t : 0.0);
      }
      c.addSeries(name, x, y);
    }
    return c;
  }

  private static XYChart logLog(String title, String yTitle) {
    XYChart c =
        new XYChartBuilder()
            .width(PANEL_WIDTH)
            .height(PANEL_HEIGHT)
            .title(title)
            .xAxisTitle("documents n (log)")
            .yAxisTitle(yTitle + " (log)")
            .build();
    c.getStyler().setXAxisLogarithmic(true);
    c.getStyler().setYAxisLogarithmic(true);
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setMarkerSize(7);
    return c;
  }

  /** {@code y0 · (n / n0)²}: the slope a quadratic algorithm must follow. */
  private static void reference(XYChart c, double[] n, double y0) {
    double[] ref = new double[n.length];
    for (int i = 0; i < n.length; i++) {
      ref[i] = y0 * (n[i] / n[0]) * (n[i] / n[0]);
    }
    XYSeries s = c.addSeries("n^2 reference (through first point)", n, ref);
    s.setMarker(SeriesMarkers.NONE);
    s.setLineStyle(SeriesLines.DASH_DASH);
    s.setLineColor(Color.GRAY);
  }

  private static double[] documents(List<ScalingRun> runs) {
    double[] n = new double[runs.size()];
    for (int i = 0; i < n.length; i++) {
      n[i] = runs.get(i).documents();
    }
    return n;
  }
}
