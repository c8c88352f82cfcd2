package org.jnequip.nequip.plot;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The learning-curve figure of a run, drawn from the rows of its metrics.csv ({@code train.MetricsLog#read}):
 * left, training and validation loss (log scale); right, validation force MAE (meV/Å) and energy-per-atom MAE
 * (meV), log scale.
 */
public final class LearningCurve {
    private LearningCurve() {}

    public static void write(List<Map<String, Double>> rows, Path png) throws IOException {
        Png.write(png, render(rows));
    }

    static double[] column(List<Map<String, Double>> rows, String key, double factor) {
        double[] v = new double[rows.size()];
        for (int i = 0; i < v.length; i++) {
            Double x = rows.get(i).get(key);
            v[i] = x == null ? Double.NaN : x * factor;
        }
        return v;
    }

    public static BufferedImage render(List<Map<String, Double>> rows) {
        double[] epoch = column(rows, "epoch", 1);
        BufferedImage left = new LinePlot("Loss", "epoch", "loss (normalised)").logY(true).integerX(true)
                .series("training", epoch, column(rows, "training_loss", 1))
                .series("validation", epoch, column(rows, "validation_loss", 1)).render(700, 480);
        BufferedImage right = new LinePlot("Validation error", "epoch", "MAE").logY(true).integerX(true)
                .series("forces (meV/Å)", epoch, column(rows, "validation_f_mae", 1000))
                .series("energy per atom (meV)", epoch, column(rows, "validation_e/N_mae", 1000)).render(700, 480);
        BufferedImage img = new BufferedImage(1400, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.drawImage(left, 0, 0, null);
        g.drawImage(right, 700, 0, null);
        g.dispose();
        return img;
    }
}
