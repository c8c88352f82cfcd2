package org.jnequip.nequip.md.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jnequip.nequip.io.Png;

/**
 * A tiny headless line plot (java.awt + ImageIO, JDK only): several named series, axes with "nice" ticks
 * (1, 2, 5 × 10^k), a legend, PNG output. Enough for RDF/ADF/MSD/thermo curves.
 *
 * {@snippet :
 * new LinePlot("RDF", "r (Å)", "g(r)").add("Ar-Ar", r, g).write(Path.of("rdf.png"), 800, 500);
 * }
 */
public final class LinePlot {
    static { System.setProperty("java.awt.headless", "true"); }

    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};
    private final String title, xLabel, yLabel;
    private final List<String> names = new ArrayList<>();
    private final List<double[][]> series = new ArrayList<>();

    public LinePlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Adds a series; x and y have equal length; non-finite points are skipped. */
    public LinePlot add(String name, double[] x, double[] y) {
        if (x.length != y.length) throw new IllegalArgumentException("plot: series '" + name + "' has " + x.length + " x and " + y.length + " y values");
        names.add(name);
        series.add(new double[][]{x.clone(), y.clone()});
        return this;
    }

    public void write(Path png, int width, int height) {
        try {
            Png.write(png, render(width, height));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    public BufferedImage render(int width, int height) {
        double[] xr = range(0), yr = range(1);
        double[] xt = ticks(xr), yt = ticks(yr);
        xr = new double[]{Math.min(xr[0], xt[0]), Math.max(xr[1], xt[xt.length - 1])};
        yr = new double[]{Math.min(yr[0], yt[0]), Math.max(yr[1], yt[yt.length - 1])};
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        FontMetrics fm = g.getFontMetrics();
        int l = 75, r = 20, t = 40, b = 55, pw = width - l - r, ph = height - t - b;
        g.setColor(Color.BLACK);
        g.drawRect(l, t, pw, ph);
        for (double v : xt) {
            int px = l + (int) Math.round((v - xr[0]) / (xr[1] - xr[0]) * pw);
            g.drawLine(px, t + ph, px, t + ph + 5);
            String s = fmt(v);
            g.drawString(s, px - fm.stringWidth(s) / 2, t + ph + 20);
        }
        for (double v : yt) {
            int py = t + ph - (int) Math.round((v - yr[0]) / (yr[1] - yr[0]) * ph);
            g.drawLine(l - 5, py, l, py);
            String s = fmt(v);
            g.drawString(s, l - 8 - fm.stringWidth(s), py + fm.getAscent() / 2 - 1);
        }
        g.drawString(xLabel, l + pw / 2 - fm.stringWidth(xLabel) / 2, height - 15);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(t + ph / 2) - fm.stringWidth(yLabel) / 2, 20);
        g.setTransform(saved);
        g.setFont(g.getFont().deriveFont(Font.BOLD, 15f));
        g.drawString(title, l + pw / 2 - g.getFontMetrics().stringWidth(title) / 2, 25);
        g.setFont(g.getFont().deriveFont(Font.PLAIN, 13f));
        g.setStroke(new BasicStroke(1.8f));
        g.setClip(l, t, pw + 1, ph + 1);
        for (int s = 0; s < series.size(); s++) {
            double[] x = series.get(s)[0], y = series.get(s)[1];
            Path2D.Double path = new Path2D.Double();
            boolean pen = false;
            for (int i = 0; i < x.length; i++) {
                if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) { pen = false; continue; }
                double px = l + (x[i] - xr[0]) / (xr[1] - xr[0]) * pw, py = t + ph - (y[i] - yr[0]) / (yr[1] - yr[0]) * ph;
                if (pen) path.lineTo(px, py); else path.moveTo(px, py);
                pen = true;
            }
            g.setColor(PALETTE[s % PALETTE.length]);
            g.draw(path);
        }
        g.setClip(null);
        for (int s = 0; s < names.size(); s++) {
            int y0 = t + 18 + 18 * s, x0 = l + pw - 150;
            g.setColor(PALETTE[s % PALETTE.length]);
            g.fillRect(x0, y0 - 6, 20, 3);
            g.setColor(Color.BLACK);
            g.drawString(names.get(s), x0 + 26, y0);
        }
        g.dispose();
        return img;
    }

    /** [min, max] of the finite x (axis 0) or y (axis 1) values, widened when degenerate. */
    private double[] range(int axis) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[][] s : series) for (double v : s[axis]) if (Double.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        if (lo > hi) return new double[]{0, 1};
        if (lo == hi) return new double[]{lo - 0.5 * Math.max(1, Math.abs(lo)), hi + 0.5 * Math.max(1, Math.abs(hi))};
        return new double[]{lo, hi};
    }

    /** About five ticks at multiples of 1, 2 or 5 × 10^k covering the range. */
    static double[] ticks(double[] range) {
        double raw = (range[1] - range[0]) / 5, mag = Math.pow(10, Math.floor(Math.log10(raw))), step;
        double f = raw / mag;
        step = (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * mag;
        double start = Math.floor(range[0] / step) * step, end = Math.ceil(range[1] / step) * step;
        int n = (int) Math.round((end - start) / step) + 1;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) t[i] = start + i * step;
        return t;
    }

    private static String fmt(double v) {
        if (Math.abs(v) < 1e-12) return "0";
        if (Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3) return String.format(Locale.ROOT, "%.1e", v);
        String s = String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
