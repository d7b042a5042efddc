package io.simpair.report;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws where the attention head stops finding the pair (attention_sweep.png): the softmax
 * weight on the true partner of the best row against beta on a log axis, one line per series
 * (a run, or an instance size), with the paper's beta = 3 ln n of each series as a diamond.
 */
public final class AttentionSweepChart {
  static final int WIDTH = 900;
  static final int HEIGHT = 520;

  /** One colour per line; each line's 3 ln n diamond takes its colour. */
  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
    new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
  };

  private AttentionSweepChart() {}

  /** One line: betas ascending, the weight at each, and the series' default beta 3 ln n (or NaN). */
  public record Line(double[] betas, double[] weights, double defaultBeta) {}

  public static XYChart chart(String title, Map<String, Line> lines) {
    XYChart c =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle("beta (log scale)")
            .yAxisTitle("softmax weight on the true partner")
            .build();
    c.getStyler().setXAxisLogarithmic(true);
    c.getStyler().setYAxisMin(0.0);
    c.getStyler().setYAxisMax(1.05);
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE); // the curves rise to 1 on the right
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setMarkerSize(6);
    int k = 0;
    for (Map.Entry<String, Line> e : lines.entrySet()) {
      Line l = e.getValue();
      Color color = PALETTE[k++ % PALETTE.length];
      XYSeries s = c.addSeries(e.getKey(), l.betas(), l.weights());
      s.setMarker(SeriesMarkers.CIRCLE);
      s.setLineColor(color);
      s.setMarkerColor(color);
      if (!Double.isNaN(l.defaultBeta())) {
        double w = interpolate(l, l.defaultBeta());
        XYSeries m = c.addSeries(e.getKey() + ": beta = 3 ln n", new double[] {l.defaultBeta()}, new double[] {w});
        m.setMarker(SeriesMarkers.DIAMOND);
        m.setMarkerColor(color);
        m.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.NONE);
        m.setShowInLegend(false);
      }
    }
    return c;
  }

  /** The weight at beta on the line (log-linear between its points; ends held). */
  static double interpolate(Line l, double beta) {
    double[] b = l.betas();
    double[] w = l.weights();
    if (beta <= b[0]) {
      return w[0];
    }
    for (int k = 1; k < b.length; k++) {
      if (beta <= b[k]) {
        double t = Math.log(beta / b[k - 1]) / Math.log(b[k] / b[k - 1]);
        return w[k - 1] + t * (w[k] - w[k - 1]);
      }
    }
    return w[w.length - 1];
  }

  /** {@link #chart} as PNG bytes, rendered without a display. */
  public static byte[] png(String title, Map<String, Line> lines) {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true"); // a cluster node has no display
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(BitmapEncoder.getBufferedImage(chart(title, lines)), "png", bytes)) {
        throw new IllegalStateException("no PNG writer available");
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return bytes.toByteArray();
  }
}
