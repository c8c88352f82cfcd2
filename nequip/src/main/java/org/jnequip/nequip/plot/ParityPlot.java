package org.jnequip.nequip.plot;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parity (predicted vs reference) scatter plot with the y = x diagonal, one colour per group (e.g. per
 * species) and a few lines of text (e.g. MAE, RMSE) in the upper-left corner. Both axes share one range, so
 * a perfect model lies on the diagonal.
 */
public final class ParityPlot {
    private record Group(String name, double[] ref, double[] pred) {}

    private final String title, quantity;
    private final List<Group> groups = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** {@code quantity} names the axes, e.g. "force component (eV/Å)". */
    public ParityPlot(String title, String quantity) {
        this.title = title;
        this.quantity = quantity;
    }

    public ParityPlot group(String name, double[] ref, double[] pred) {
        if (ref.length != pred.length) throw new IllegalArgumentException("ParityPlot: group '" + name + "' has " + ref.length + " reference and " + pred.length + " predicted values");
        groups.add(new Group(name, ref.clone(), pred.clone()));
        return this;
    }

    public ParityPlot note(String line) { notes.add(line); return this; }

    public BufferedImage render(int size) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Group g : groups)
            for (int i = 0; i < g.ref.length; i++) {
                if (!Double.isFinite(g.ref[i]) || !Double.isFinite(g.pred[i])) continue;
                lo = Math.min(lo, Math.min(g.ref[i], g.pred[i]));
                hi = Math.max(hi, Math.max(g.ref[i], g.pred[i]));
            }
        if (lo > hi) { lo = -1; hi = 1; }
        double pad = 0.04 * (hi - lo);
        Frame f = new Frame(size, size);
        f.range(lo - pad, hi + pad, lo - pad, hi + pad, false, false);
        f.axes(title, "reference " + quantity, "predicted " + quantity);
        f.g.setClip(f.left, f.top, f.right - f.left + 1, f.bottom - f.top + 1);
        f.g.setColor(Color.GRAY);
        f.g.drawLine((int) f.px(f.x0), (int) f.py(f.y0), (int) f.px(f.x1), (int) f.py(f.y1));
        List<String> names = new ArrayList<>();
        List<Color> colors = new ArrayList<>();
        for (int k = 0; k < groups.size(); k++) {
            Group g = groups.get(k);
            Color c = Frame.PALETTE[k % Frame.PALETTE.length];
            f.g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 140));
            for (int i = 0; i < g.ref.length; i++) {
                if (!Double.isFinite(g.ref[i]) || !Double.isFinite(g.pred[i])) continue;
                f.g.fillOval((int) Math.round(f.px(g.ref[i])) - 2, (int) Math.round(f.py(g.pred[i])) - 2, 5, 5);
            }
            names.add(g.name);
            colors.add(c);
        }
        f.g.setClip(null);
        f.g.setColor(Color.BLACK);
        for (int i = 0; i < notes.size(); i++) f.g.drawString(notes.get(i), f.left + 10, f.top + 20 + 17 * i);
        if (!groups.isEmpty()) f.legend(names, colors, true);
        f.g.dispose();
        return f.image;
    }

    public void write(Path file, int size) throws IOException { Png.write(file, render(size)); }
}
