package org.jnequip.nequip.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Line chart of one or more series y(x) with axes, ticks, labels and a legend, written as PNG; used for the
 * learning curve (loss and force MAE against epoch). Points that are NaN, or ≤ 0 on a log axis, are skipped.
 *
 * {@snippet :
 * new LinePlot("Learning curve", "epoch", "loss").logY(true)
 *         .series("training", epochs, trainLoss).series("validation", epochs, valLoss)
 *         .write(Path.of("learning_curve.png"), 900, 560);
 * }
 */
public final class LinePlot {
    private record Series(String name, double[] x, double[] y) {}

    private final String title, xLabel, yLabel;
    private final List<Series> series = new ArrayList<>();
    private boolean logY, integerX;

    public LinePlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    public LinePlot logY(boolean on) { logY = on; return this; }

    /** x takes integer values (epochs): ticks at whole numbers only. */
    public LinePlot integerX(boolean on) { integerX = on; return this; }

    public LinePlot series(String name, double[] x, double[] y) {
        if (x.length != y.length) throw new IllegalArgumentException("LinePlot: series '" + name + "' has " + x.length + " x and " + y.length + " y values");
        series.add(new Series(name, x.clone(), y.clone()));
        return this;
    }

    private boolean ok(double x, double y) { return Double.isFinite(x) && Double.isFinite(y) && (!logY || y > 0); }

    public BufferedImage render(int width, int height) {
        double xlo = Double.POSITIVE_INFINITY, xhi = Double.NEGATIVE_INFINITY, ylo = Double.POSITIVE_INFINITY, yhi = Double.NEGATIVE_INFINITY;
        for (Series s : series)
            for (int i = 0; i < s.x.length; i++) {
                if (!ok(s.x[i], s.y[i])) continue;
                xlo = Math.min(xlo, s.x[i]); xhi = Math.max(xhi, s.x[i]);
                ylo = Math.min(ylo, s.y[i]); yhi = Math.max(yhi, s.y[i]);
            }
        if (xlo > xhi) { xlo = 0; xhi = 1; ylo = logY ? 0.1 : 0; yhi = 1; }
        if (logY) { ylo = Math.pow(10, Math.floor(Math.log10(ylo) * 4) / 4); yhi = Math.pow(10, Math.ceil(Math.log10(yhi) * 4) / 4); }
        else { double pad = 0.05 * (yhi - ylo); ylo -= pad; yhi += pad; }
        Frame f = new Frame(width, height);
        f.integerX = integerX;
        f.range(xlo, xhi, ylo, yhi, false, logY);
        f.axes(title, xLabel, yLabel);
        List<String> names = new ArrayList<>();
        List<Color> colors = new ArrayList<>();
        f.g.setClip(f.left, f.top, f.right - f.left + 1, f.bottom - f.top + 1);
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            Color c = Frame.PALETTE[k % Frame.PALETTE.length];
            f.g.setColor(c);
            f.g.setStroke(new BasicStroke(2f));
            Path2D.Double path = new Path2D.Double();
            boolean pen = false;
            int points = 0;
            for (int i = 0; i < s.x.length; i++) {
                if (!ok(s.x[i], s.y[i])) { pen = false; continue; }
                double px = f.px(s.x[i]), py = f.py(s.y[i]);
                if (pen) path.lineTo(px, py); else path.moveTo(px, py);
                pen = true;
                points++;
            }
            f.g.draw(path);
            if (points == 1)
                for (int i = 0; i < s.x.length; i++) if (ok(s.x[i], s.y[i])) f.g.fillOval((int) f.px(s.x[i]) - 3, (int) f.py(s.y[i]) - 3, 7, 7);
            names.add(s.name);
            colors.add(c);
        }
        f.g.setClip(null);
        if (!series.isEmpty()) f.legend(names, colors, false);
        f.g.dispose();
        return f.image;
    }

    public void write(Path file, int width, int height) throws IOException {
        BufferedImage img = render(width, height);
        Png.write(file, img);
    }
}
