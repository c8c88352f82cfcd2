package org.jnequip.nequip.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorMetricsTest {
    @Test
    void energiesForcesPerSpeciesAndLoss() {
        ErrorMetrics m = new ErrorMetrics(List.of("H", "O"), 2.0, 3.0, 5.0, true);
        m.addEnergy(10, 9, 2);          // ΔE = 1, ΔE/N = 0.5
        m.addEnergy(1, 4, 3);           // ΔE = −3, ΔE/N = −1
        m.addForces(new double[]{1, 0, 0, 0, 2, 0}, new double[]{0, 0, 0, 0, 0, 0}, new int[]{0, 1});
        m.addForces(new double[]{0, 0, -3}, new double[]{0, 0, 0}, new int[]{0});
        Map<String, Double> r = m.results("validation_");
        assertEquals(2.0, r.get("validation_e_mae"), 1e-15);
        assertEquals(Math.sqrt(5), r.get("validation_e_rmse"), 1e-15);
        assertEquals(0.75, r.get("validation_e/N_mae"), 1e-15);
        assertEquals(Math.sqrt(1.25 / 2), r.get("validation_e/N_rmse"), 1e-15);
        assertEquals(6.0 / 9, r.get("validation_f_mae"), 1e-15);
        assertEquals(Math.sqrt(14.0 / 9), r.get("validation_f_rmse"), 1e-15);
        assertEquals(4.0 / 6, r.get("validation_f_mae_H"), 1e-15);
        assertEquals(2.0 / 3, r.get("validation_f_mae_O"), 1e-15);
        double le = (0.25 + 1) / 2 / 4, lf = 14.0 / 9 / 4;
        assertEquals(le, r.get("validation_loss_e"), 1e-15);
        assertEquals(lf, r.get("validation_loss_f"), 1e-15);
        assertEquals(3 * le + 5 * lf, r.get("validation_loss"), 1e-14);
    }

    @Test
    void accumulatorsOfDisjointFramesMergeExactly() {
        ErrorMetrics all = new ErrorMetrics(List.of("H", "O"), 2.0, 3.0, 5.0, true);
        ErrorMetrics a = new ErrorMetrics(List.of("H", "O"), 2.0, 3.0, 5.0, true), b = new ErrorMetrics(List.of("H", "O"), 2.0, 3.0, 5.0, true);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(11);
        for (int k = 0; k < 40; k++) {
            int n = 1 + rng.nextInt(5);
            int[] types = rng.ints(n, 0, 2).toArray();
            double[] p = rng.doubles(3 * n).toArray(), f = rng.doubles(3 * n).toArray();
            double ep = rng.nextDouble(), ef = rng.nextDouble();
            for (ErrorMetrics m : List.of(all, k < 15 ? a : b)) {
                m.addEnergy(ep, ef, n);
                m.addForces(p, f, types);
            }
        }
        double[] s = a.sums(), t = b.sums();
        for (int i = 0; i < s.length; i++) s[i] += t[i];
        ErrorMetrics merged = new ErrorMetrics(List.of("H", "O"), 2.0, 3.0, 5.0, true);
        merged.add(s);
        assertEquals(all.frames(), merged.frames());
        Map<String, Double> want = all.results(""), got = merged.results("");
        assertEquals(want.keySet(), got.keySet());
        for (String key : want.keySet()) assertEquals(want.get(key), got.get(key), 1e-14 * Math.abs(want.get(key)), key);
        assertThrows(IllegalArgumentException.class, () -> merged.add(new double[3]));
    }
}
