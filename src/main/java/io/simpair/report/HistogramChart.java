package io.simpair.report;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the score histogram (histogram.png) with XChart: pairs per bin on a log axis, since the
 * few near-duplicates are orders of magnitude rarer than the bulk, with the thresholds as
 * dashed vertical lines. Empty bins have no point (a log axis has no zero).
 */
public final class HistogramChart {
  static final int WIDTH = 900;
  static final int HEIGHT = 520;

  private HistogramChart() {}

  /** The chart of the histogram ({@code edges}, {@code counts}), titled {@code title}, with {@code marks} drawn. */
  public static XYChart chart(double[] e, long[] counts, String metric, String title, List<Double> marks) {
    XYChart c =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(metric + " (bins of " + fmt(e[1] - e[0]) + ")")
            .yAxisTitle("pairs per bin (log)")
            .build();
    c.getStyler().setYAxisLogarithmic(true);
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setMarkerSize(4);
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    double max = 1;
    long total = 0;
    for (int i = 0; i < counts.length; i++) {
      total += counts[i];
      if (counts[i] > 0) {
        x.add((e[i] + e[i + 1]) / 2);
        y.add((double) counts[i]);
        max = Math.max(max, counts[i]);
      }
    }
    if (x.isEmpty()) {
      x.add((e[0] + e[e.length - 1]) / 2);
      y.add(1.0); // an empty histogram still draws its axes
    }
    XYSeries s = c.addSeries(String.format(Locale.ROOT, "%,d pairs", total), x, y);
    s.setMarker(SeriesMarkers.CIRCLE);
    for (double t : marks) {
      XYSeries m = c.addSeries("T = " + fmt(t), new double[] {t, t}, new double[] {1, max});
      m.setMarker(SeriesMarkers.NONE);
      m.setLineStyle(SeriesLines.DASH_DASH);
    }
    return c;
  }

  /** {@link #chart} as PNG bytes, rendered without a display. */
  public static byte[] png(double[] edges, long[] counts, String metric, String title, List<Double> marks) {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true"); // a cluster node has no display
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(BitmapEncoder.getBufferedImage(chart(edges, counts, metric, title, marks)), "png", bytes)) {
        throw new IllegalStateException("no PNG writer available");
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return bytes.toByteArray();
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.6g", v).replaceAll("\\.?0+$", "");
  }
}
