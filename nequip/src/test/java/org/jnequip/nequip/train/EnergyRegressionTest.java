package org.jnequip.nequip.train;

import static org.junit.jupiter.api.Assertions.*;

import org.jnequip.tensor.Rng;
import org.junit.jupiter.api.Test;

class EnergyRegressionTest {
    @Test
    void recoversPerSpeciesEnergiesFromMixedCompositions() {
        double[] truth = {-13.6, -1030.0, -2040.5};
        Rng rng = new Rng(3);
        int k = 60;
        int[][] counts = new int[k][3];
        double[] e = new double[k];
        for (int i = 0; i < k; i++) {
            double[] u = rng.uniform(3, 0, 6);
            for (int s = 0; s < 3; s++) { counts[i][s] = 1 + (int) u[s]; e[i] += counts[i][s] * truth[s]; }
            e[i] += 0.01 * rng.nextGaussian();
        }
        double[] b = EnergyRegression.shifts(counts, e, TrainingStatistics.RIDGE_ALPHA);
        for (int s = 0; s < 3; s++) assertEquals(truth[s], b[s], 0.02, "species " + s);
    }

    @Test
    void singleCompositionGivesTheMeanEnergyPerAtom() {
        int[][] counts = {{6, 2, 1}, {6, 2, 1}, {6, 2, 1}};
        double[] e = {-90, -93, -96};
        double[] b = EnergyRegression.shifts(counts, e, 0.001);
        for (double v : b) assertEquals(-93.0 / 9, v, 1e-9);
    }

    @Test
    void absentSpeciesGetsTheMeanAndSolveIsCorrect() {
        int[][] counts = {{2, 0, 1}, {4, 0, 1}, {1, 0, 3}};
        double[] e = {-5, -7, -10};
        double[] b = EnergyRegression.shifts(counts, e, 1e-6);
        assertEquals(-1.0, b[0], 1e-4);
        assertEquals(-3.0, b[2], 1e-4);
        double mean = (-5 - 7 - 10) / 12.0;
        assertEquals(mean, b[1], 1e-12);
        double[] x = EnergyRegression.solve(new double[][]{{0, 2}, {3, 1}}, new double[]{4, 5});
        assertArrayEquals(new double[]{1, 2}, x, 1e-15);
    }
}
