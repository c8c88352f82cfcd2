package org.jnequip.nequip.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One plot panel on a white image: maps data (x, y) to pixels, draws the frame, ticks, grid, axis labels and a
 * title. Axes may be linear or log10. Needs no display
 * (java.awt.headless=true).
 */
final class Frame {
    static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
            new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194)};

    final BufferedImage image;
    final Graphics2D g;
    final int left = 90, right, top = 45, bottom;
    double x0, x1, y0, y1;
    boolean logX, logY, integerX;

    Frame(int width, int height) {
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        right = width - 25;
        bottom = height - 60;
    }

    void range(double xlo, double xhi, double ylo, double yhi, boolean logX, boolean logY) {
        this.logX = logX;
        this.logY = logY;
        x0 = xlo; x1 = xhi; y0 = ylo; y1 = yhi;
        if (!(x1 > x0)) { x0 -= 0.5; x1 += 0.5; }
        if (!(y1 > y0)) { double d = logY ? y0 * 0.5 : Math.max(Math.abs(y0) * 0.1, 1e-12); y0 -= d; y1 += logY ? y1 : d; }
    }

    double px(double x) {
        double t = logX ? (Math.log10(x) - Math.log10(x0)) / (Math.log10(x1) - Math.log10(x0)) : (x - x0) / (x1 - x0);
        return left + t * (right - left);
    }

    double py(double y) {
        double t = logY ? (Math.log10(y) - Math.log10(y0)) / (Math.log10(y1) - Math.log10(y0)) : (y - y0) / (y1 - y0);
        return bottom - t * (bottom - top);
    }

    /** Frame, grid, ticks with labels, axis titles and the plot title. */
    void axes(String title, String xLabel, String yLabel) {
        FontMetrics fm = g.getFontMetrics();
        List<Double> xt = logX ? Ticks.log(x0, x1) : Ticks.linear(x0, x1, 8, integerX ? 1 : 0);
        List<Double> yt = logY ? Ticks.log(y0, y1) : Ticks.linear(y0, y1, 6);
        g.setStroke(new BasicStroke(1f));
        for (double v : xt) {
            int x = (int) Math.round(px(v));
            g.setColor(new Color(232, 232, 232));
            g.drawLine(x, top, x, bottom);
            g.setColor(Color.DARK_GRAY);
            g.drawLine(x, bottom, x, bottom + 5);
            String s = Ticks.label(v);
            g.drawString(s, x - fm.stringWidth(s) / 2, bottom + 20);
        }
        for (double v : yt) {
            int y = (int) Math.round(py(v));
            g.setColor(new Color(232, 232, 232));
            g.drawLine(left, y, right, y);
            g.setColor(Color.DARK_GRAY);
            g.drawLine(left - 5, y, left, y);
            String s = Ticks.label(v);
            g.drawString(s, left - 9 - fm.stringWidth(s), y + fm.getAscent() / 2 - 1);
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, right - left, bottom - top);
        g.drawString(xLabel, (left + right - fm.stringWidth(xLabel)) / 2, bottom + 45);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(top + bottom + fm.stringWidth(yLabel)) / 2, 22);
        g.setTransform(saved);
        Font f = g.getFont();
        g.setFont(f.deriveFont(Font.BOLD, 15f));
        g.drawString(title, (left + right - g.getFontMetrics().stringWidth(title)) / 2, top - 15);
        g.setFont(f);
    }

    /** Legend box in the top-right (or bottom-right) corner: coloured line + name per entry. */
    void legend(List<String> names, List<Color> colors, boolean atBottom) {
        FontMetrics fm = g.getFontMetrics();
        int w = 0;
        for (String n : names) w = Math.max(w, fm.stringWidth(n));
        int h = names.size() * 18 + 8, x = right - w - 45, y = atBottom ? bottom - h - 8 : top + 8;
        g.setColor(new Color(255, 255, 255, 230));
        g.fillRect(x, y, w + 37, h);
        g.setColor(Color.GRAY);
        g.drawRect(x, y, w + 37, h);
        for (int i = 0; i < names.size(); i++) {
            int yy = y + 16 + 18 * i;
            g.setColor(colors.get(i));
            g.setStroke(new BasicStroke(2.5f));
            g.drawLine(x + 6, yy - 4, x + 26, yy - 4);
            g.setColor(Color.BLACK);
            g.drawString(names.get(i), x + 32, yy);
        }
        g.setStroke(new BasicStroke(1f));
    }
}
