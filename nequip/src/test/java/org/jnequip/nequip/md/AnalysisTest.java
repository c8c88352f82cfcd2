package org.jnequip.nequip.md;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jnequip.nequip.data.Structure;
import org.junit.jupiter.api.Test;

/** RDF, ADF and MSD against hand-computed cases, and the ideal-gas limit of the RDF. */
class AnalysisTest {
    static final boolean[] PBC = {true, true, true};

    static Structure frame(int[] z, double[] pos, double[] cell) {
        return new Structure(pos, z, cell, cell == null ? null : PBC, null, null, null, null);
    }

    static double[] cubic(double l) { return new double[]{l, 0, 0, 0, l, 0, 0, 0, l}; }

    static double shell(int b, double dr) { return 4 * Math.PI / 3 * (Math.pow((b + 1) * dr, 3) - Math.pow(b * dr, 3)); }

    @Test
    void rdfOfHandBuiltWater() {
        double d = 0.95;
        Structure f = frame(new int[]{8, 1, 1}, new double[]{1, 1, 1, 1 + d, 1, 1, 1, 1 + d, 1}, cubic(10));
        Rdf.Result g = Rdf.compute(List.of(f), 3.0, 30);
        int bOH = 9, bHH = 13; // 0.95 in [0.9, 1.0), 0.95√2 = 1.3435 in [1.3, 1.4)
        double v = 1000, dr = 0.1;
        assertEquals(v * 4 / (3 * 2 * shell(bOH, dr)), g.total()[bOH], 1e-9);   // 4 ordered O-H pairs
        assertEquals(v * 2 / (3 * 2 * shell(bHH, dr)), g.total()[bHH], 1e-9);   // 2 ordered H-H pairs
        assertEquals(v * 2 / (1 * 2 * shell(bOH, dr)), g.partial().get("H-O")[bOH], 1e-9);
        assertEquals(v * 2 / (2 * 1 * shell(bHH, dr)), g.partial().get("H-H")[bHH], 1e-9);
        double sum = 0;
        for (double x : g.partial().get("O-O")) sum += x;
        assertEquals(0.0, sum);
        double rest = 0;
        for (int b = 0; b < 30; b++) if (b != bOH && b != bHH) rest += g.total()[b];
        assertEquals(0.0, rest);
        assertEquals(0.05, g.r()[0], 1e-15);
    }

    @Test
    void rdfCountsPairsAcrossTheBoundary() {
        Structure f = frame(new int[]{18, 18}, new double[]{0.2, 5, 5, 9.55, 5, 5}, cubic(10)); // distance 0.65 via the image
        Rdf.Result g = Rdf.compute(List.of(f), 2.0, 20);
        assertEquals(1000 * 2 / (2.0 * shell(6, 0.1)), g.total()[6], 1e-9);
    }

    @Test
    void idealGasRdfIsOneInCubicAndSkewedCells() {
        checkIdealGas(cubic(20), 150, 20, 9.0, 45, 1);
        // small skewed cell, rmax beyond half the widths: images of other atoms enter, own images are excluded
        checkIdealGas(new double[]{7.0, 0, 0, 2.5, 6.5, 0, -1.5, 1.0, 7.5}, 40, 60, 10.0, 25, 2);
    }

    private static void checkIdealGas(double[] cell, int n, int frames, double rmax, int bins, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Structure> traj = new ArrayList<>();
        int[] z = new int[n];
        for (int i = 0; i < n; i++) z[i] = i % 3 == 0 ? 8 : 1;
        for (int t = 0; t < frames; t++) {
            double[] pos = new double[3 * n];
            for (int i = 0; i < n; i++) {
                double a = rng.nextDouble(), b = rng.nextDouble(), c = rng.nextDouble();
                for (int k = 0; k < 3; k++) pos[3 * i + k] = a * cell[k] + b * cell[3 + k] + c * cell[6 + k];
            }
            traj.add(frame(z, pos, cell));
        }
        Rdf.Result g = Rdf.compute(traj, rmax, bins);
        double v = CellMath.volume(cell), dr = rmax / bins;
        int checked = 0;
        double chi2 = 0;
        for (int b = 0; b < bins; b++) {
            double lambda = frames * n * (n - 1) / 2.0 * shell(b, dr) / v; // expected unordered pairs in the bin
            if (lambda < 50) continue;
            double sigma = 1 / Math.sqrt(lambda);
            assertEquals(1.0, g.total()[b], 5 * sigma, "g(r) at r = " + g.r()[b]);
            chi2 += Math.pow((g.total()[b] - 1) / sigma, 2);
            checked++;
        }
        assertTrue(checked >= bins / 2, "too few bins with statistics");
        // Poisson counts only hold while each pair has at most one image within rmax (rmax ≤ half the widths)
        double minWidth = Math.min(CellMath.widths(cell)[0], Math.min(CellMath.widths(cell)[1], CellMath.widths(cell)[2]));
        if (rmax <= minWidth / 2) assertTrue(chi2 / checked < 1.6, "reduced chi2 " + chi2 / checked);
        double[] gOH = g.partial().get("H-O");
        double lambdaOH = frames * (n / 3.0) * (2 * n / 3.0) * shell(bins - 1, dr) / v;
        assertEquals(1.0, gOH[bins - 1], 5 / Math.sqrt(lambdaOH));
        System.out.printf("ideal gas rdf (N=%d, %d frames, rmax %.1f): %d bins, reduced chi2 %.2f%n", n, frames, rmax, checked, chi2 / checked);
    }

    @Test
    void adfOfHandBuiltGeometries() {
        double th = Math.toRadians(104.5), d = 0.96;
        Structure water = frame(new int[]{8, 1, 1}, new double[]{0, 0, 0, d, 0, 0, d * Math.cos(th), d * Math.sin(th), 0}, null);
        Adf.Result a = Adf.compute(List.of(water), 8, 1, 1, 1.2, 180);
        assertEquals(1, a.triplets());
        assertEquals(1.0, a.density()[104], 1e-12); // one angle in [104°, 105°), density 1/(1 · 1°)
        // square planar: centre C with H at ±x and O at ±y
        Structure sq = frame(new int[]{6, 1, 1, 8, 8}, new double[]{0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1, 0}, null);
        Adf.Result hh = Adf.compute(List.of(sq), 6, 1, 1, 1.5, 36), ho = Adf.compute(List.of(sq), 6, 1, 8, 1.5, 36);
        assertEquals(1, hh.triplets());
        assertEquals(1.0 / 5, hh.density()[35], 1e-12);    // 180° in the last 5° bin
        assertEquals(4, ho.triplets());
        assertEquals(1.0 / 5, ho.density()[18], 1e-12);    // four 90° angles in [90°, 95°)
        Adf.Result swapped = Adf.compute(List.of(sq), 6, 8, 1, 1.5, 36);
        assertArrayEquals(ho.density(), swapped.density(), 0.0);
    }

    @Test
    void adfUsesPeriodicImages() {
        // centre at x = 0.1 with neighbours at x = 9.1 (image: −1.0) and x = 1.1 → 180°
        Structure f = frame(new int[]{14, 8, 8}, new double[]{0.1, 5, 5, 9.1, 5, 5, 1.1, 5, 5}, cubic(10));
        Adf.Result a = Adf.compute(List.of(f), 14, 8, 8, 1.5, 18);
        assertEquals(1, a.triplets());
        assertEquals(1.0 / 10, a.density()[17], 1e-12);
    }

    @Test
    void msdOfHandBuiltMotion() {
        List<Structure> traj = new ArrayList<>();
        for (int t = 0; t < 3; t++) traj.add(frame(new int[]{18, 10}, new double[]{t, 0, 0, 3, 3, 3}, null));
        Msd.Result m = Msd.compute(traj, 10.0, 2, false, false);
        assertArrayEquals(new double[]{0, 0.01, 0.02}, m.timePs(), 1e-15);
        assertArrayEquals(new double[]{0, 1, 4}, m.msd().get("Ar"), 1e-12);
        assertArrayEquals(new double[]{0, 0, 0}, m.msd().get("Ne"), 0.0);
        assertArrayEquals(new double[]{0, 0.5, 2}, m.msd().get("all"), 1e-12);
    }

    @Test
    void msdUnwrapsWrappedFramesAndRemovesDrift() {
        double[] x = {4.0, 0.5, 2.0, 3.5, 0.0}; // +1.5 Å per frame in a 5 Å box
        List<Structure> traj = new ArrayList<>();
        for (double xi : x) traj.add(frame(new int[]{18, 18}, new double[]{xi, 1, 1, 1, 1, 1}, cubic(5)));
        Msd.Result m = Msd.compute(traj, 1000.0, 4, true, false);
        for (int lag = 1; lag <= 4; lag++) assertEquals(0.5 * Math.pow(1.5 * lag, 2), m.msd().get("Ar")[lag], 1e-12);
        List<Structure> together = new ArrayList<>();
        for (double xi : x) together.add(frame(new int[]{18, 18}, new double[]{xi, 1, 1, (xi + 2) % 5, 2, 2}, cubic(5)));
        Msd.Result drift = Msd.compute(together, 1000.0, 4, true, true);
        for (int lag = 1; lag <= 4; lag++) assertEquals(0.0, drift.msd().get("all")[lag], 1e-12);
    }

    @Test
    void diffusivityFromLinearFit() {
        double[] t = new double[21], msd = new double[21];
        for (int i = 0; i <= 20; i++) {
            t[i] = 0.5 * i;
            msd[i] = i < 4 ? 0.1 * i * i : 6 * 0.25 * t[i] + 0.3; // ballistic start, then diffusive
        }
        Msd.Diffusivity d = Msd.diffusivity(t, msd, 2.0, 10.0);
        assertEquals(1.5, d.slope(), 1e-12);
        assertEquals(0.25, d.dA2PerPs(), 1e-12);
        assertEquals(2.5e-5, d.dCm2PerS(), 1e-17);
        assertEquals(0.3, d.intercept(), 1e-12);
        assertEquals(17, d.points());
        assertThrows(IllegalArgumentException.class, () -> Msd.diffusivity(t, msd, 30, 40));
    }

    @Test
    void rdfRejectsMolecules() {
        Structure f = frame(new int[]{1, 1}, new double[]{0, 0, 0, 1, 0, 0}, null);
        assertThrows(IllegalArgumentException.class, () -> Rdf.compute(List.of(f), 3, 10));
    }
}
