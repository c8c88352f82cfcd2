package org.jnequip.nequip.plot;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotTest {
    @Test
    void niceTicks() {
        assertEquals(List.of(0.0, 0.2, 0.4, 0.6, 0.8, 1.0), Ticks.linear(0, 1, 6));
        assertEquals(List.of(-10.0, 0.0, 10.0, 20.0), Ticks.linear(-13, 24, 4));
        assertEquals(List.of(0.01, 0.1, 1.0, 10.0, 100.0), Ticks.log(0.01, 100));
        assertEquals(List.of(1.0, 2.0, 5.0, 10.0), Ticks.log(1, 10));
        assertEquals("0.25", Ticks.label(0.25));
        assertEquals("1e-5", Ticks.label(1e-5));
        assertEquals("120", Ticks.label(120));
    }

    @Test
    void linePlotDrawsSeriesWhereTheDataAre(@TempDir Path tmp) throws Exception {
        double[] x = {0, 1, 2, 3, 4}, y = {100, 10, 1, 0.1, 0.01};
        Path f = tmp.resolve("curve.png");
        new LinePlot("t", "epoch", "loss").logY(true).series("train", x, y).series("flat", x, new double[]{1, 1, 1, 1, 1}).write(f, 600, 400);
        BufferedImage img = ImageIO.read(f.toFile());
        assertEquals(600, img.getWidth());
        assertEquals(400, img.getHeight());
        Frame fr = new Frame(600, 400);
        fr.range(0, 4, 0.01, 100, false, true);
        // the first series passes through (2, 1); the second is flat at 1 → both at the same pixel, in a series colour
        int px = (int) Math.round(fr.px(2)), py = (int) Math.round(fr.py(1));
        assertTrue(nearColour(img, px, py, Frame.PALETTE[0]) || nearColour(img, px, py, Frame.PALETTE[1]), "no line at (2, 1)");
        assertTrue(nearColour(img, (int) Math.round(fr.px(1)), (int) Math.round(fr.py(10)), Frame.PALETTE[0]), "no line at (1, 10)");
        assertFalse(nearColour(img, (int) Math.round(fr.px(1)), (int) Math.round(fr.py(0.05)), Frame.PALETTE[0]), "line where there is no data");
    }

    @Test
    void parityPlotHasDiagonalAndPoints(@TempDir Path tmp) throws Exception {
        double[] ref = {-1, 0, 1, 2}, pred = {-1, 0.1, 0.9, 2};
        Path f = tmp.resolve("parity.png");
        new ParityPlot("p", "F (eV/Å)").group("H", ref, pred).note("MAE 50 meV/Å").write(f, 500);
        BufferedImage img = ImageIO.read(f.toFile());
        assertEquals(500, img.getWidth());
        Frame fr = new Frame(500, 500);
        double pad = 0.04 * 3;
        fr.range(-1 - pad, 2 + pad, -1 - pad, 2 + pad, false, false);
        assertTrue(nearColour(img, (int) Math.round(fr.px(2)), (int) Math.round(fr.py(2)), Frame.PALETTE[0]), "no point at (2, 2)");
        assertTrue(Files.size(f) > 1000);
    }

    /** Some pixel within 2 px of (x, y) is close to colour c (antialiasing and alpha blend tolerated). */
    static boolean nearColour(BufferedImage img, int x, int y, Color c) {
        for (int dx = -2; dx <= 2; dx++)
            for (int dy = -2; dy <= 2; dy++) {
                Color p = new Color(img.getRGB(x + dx, y + dy));
                int d = Math.abs(p.getRed() - c.getRed()) + Math.abs(p.getGreen() - c.getGreen()) + Math.abs(p.getBlue() - c.getBlue());
                if (d < 120 && !(p.getRed() > 240 && p.getGreen() > 240 && p.getBlue() > 240)) return true;
            }
        return false;
    }
}
