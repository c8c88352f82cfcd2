package org.jnequip.nequip.md;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Lennard-Jones reference: analytic pair values, forces and virial against finite differences, images, Verlet list. */
class LennardJonesTest {
    static final double[] SKEWED = {7.0, 0, 0, 2.5, 6.5, 0, -1.5, 1.0, 7.5};
    static final boolean[] PBC = {true, true, true};

    @Test
    void dimerMatchesFormulaAndShift() {
        LennardJones lj = new LennardJones(0.01, 3.0, 7.5, true, 0);
        double r = 3.3, s6 = Math.pow(3.0 / r, 6), sc6 = Math.pow(3.0 / 7.5, 6);
        ForceField.Result res = lj.compute(new double[]{0, 0, 0, r, 0, 0}, new int[]{18, 18}, null, null);
        assertEquals(0.04 * (s6 * s6 - s6) - 0.04 * (sc6 * sc6 - sc6), res.energy(), 1e-15);
        double fj = 24 * 0.01 * (2 * s6 * s6 - s6) / r;
        assertEquals(fj, res.forces()[3], 1e-15);
        assertEquals(-fj, res.forces()[0], 1e-15);
        ForceField.Result far = lj.compute(new double[]{0, 0, 0, 7.6, 0, 0}, new int[]{18, 18}, null, null);
        assertEquals(0.0, far.energy());
    }

    @Test
    void forcesAreMinusEnergyGradient() {
        LennardJones lj = new LennardJones(0.0104, 3.4, 8.0, true, 0);
        double[] pos = TestSystems.fccArgon(1, 5.4, 0.25, 5).positions();
        checkForces(lj, pos, SKEWED, PBC);
        checkForces(lj, TestSystems.icosahedron(3.7).positions(), null, null);
    }

    static void checkForces(ForceField ff, double[] pos, double[] cell, boolean[] pbc) {
        int[] z = new int[pos.length / 3];
        ForceField.Result r = ff.compute(pos, z, cell, pbc);
        double h = 1e-5;
        for (int k = 0; k < pos.length; k++) {
            double[] p = pos.clone(), m = pos.clone();
            p[k] += h;
            m[k] -= h;
            double fd = -(ff.compute(p, z, cell, pbc).energy() - ff.compute(m, z, cell, pbc).energy()) / (2 * h);
            assertEquals(fd, r.forces()[k], 1e-8, "force component " + k);
        }
    }

    @Test
    void virialIsMinusStrainDerivative() {
        LennardJones lj = new LennardJones(0.0104, 3.4, 8.0, true, 0);
        double[] pos = TestSystems.fccArgon(1, 5.4, 0.25, 5).positions();
        int[] z = new int[4];
        double[] w = lj.compute(pos, z, SKEWED, PBC).virial();
        double h = 1e-6;
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++) {
                double ep = strained(lj, pos, z, a, b, h), em = strained(lj, pos, z, a, b, -h);
                assertEquals(-(ep - em) / (2 * h), w[3 * a + b], 1e-7, "virial " + a + b);
            }
        assertEquals(w[1], w[3], 1e-14, "symmetric");
    }

    /** E at r' = r(1 + ε), cell' = cell(1 + ε) with symmetric ε_ab = ε_ba = h/2 (h on the diagonal). */
    private static double strained(ForceField ff, double[] pos, int[] z, int a, int b, double h) {
        double[] eps = new double[9];
        eps[3 * a + b] += a == b ? h : h / 2;
        eps[3 * b + a] += a == b ? 0 : h / 2;
        return ff.compute(deform(pos, eps), z, deform(SKEWED, eps), PBC).energy();
    }

    private static double[] deform(double[] rows, double[] eps) {
        double[] out = rows.clone();
        for (int i = 0; i < rows.length / 3; i++)
            for (int c = 0; c < 3; c++)
                for (int k = 0; k < 3; k++) out[3 * i + c] += rows[3 * i + k] * eps[3 * k + c];
        return out;
    }

    @Test
    void imageSumEqualsExplicitSupercell() {
        LennardJones lj = new LennardJones(0.0104, 3.4, 9.0, true, 0);
        double[] pos = TestSystems.fccArgon(1, 5.4, 0.25, 9).positions();
        double e1 = lj.compute(pos, new int[4], SKEWED, PBC).energy();
        // 3×3×3 supercell of the skewed cell: energy must be 27× as large
        double[] big = new double[3 * 4 * 27], cell3 = new double[9];
        for (int k = 0; k < 9; k++) cell3[k] = 3 * SKEWED[k];
        int at = 0;
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++)
                for (int c = 0; c < 3; c++)
                    for (int i = 0; i < 4; i++, at++)
                        for (int x = 0; x < 3; x++)
                            big[3 * at + x] = pos[3 * i + x] + a * SKEWED[x] + b * SKEWED[3 + x] + c * SKEWED[6 + x];
        double e27 = lj.compute(big, new int[108], cell3, PBC).energy();
        assertEquals(27 * e1, e27, 1e-10 * Math.abs(e27));
    }

    @Test
    void slabWithOneOpenDirectionEqualsFullyPeriodicWithVacuum() {
        LennardJones lj = new LennardJones(0.0104, 3.4, 8.0, true, 0);
        double[] pos = TestSystems.fccArgon(1, 5.4, 0.25, 13).positions();
        double[] slab = {5.4, 0, 0, 1.0, 5.6, 0, 0, 0, 5.4}, vac = slab.clone();
        vac[8] = 40.0; // c long enough that z images are beyond the cutoff
        ForceField.Result a = lj.compute(pos, new int[4], slab, new boolean[]{true, true, false});
        ForceField.Result b = lj.compute(pos, new int[4], vac, PBC);
        assertEquals(b.energy(), a.energy(), 1e-14);
        for (int k = 0; k < 12; k++) assertEquals(b.forces()[k], a.forces()[k], 1e-14);
        checkForces(lj, pos, slab, new boolean[]{true, true, false});
    }

    @Test
    void verletListAgreesWithBruteForceUnderMotionAndWrapping() {
        LennardJones brute = new LennardJones(0.0104, 3.4, 8.0, true, 0);
        LennardJones listed = new LennardJones(0.0104, 3.4, 8.0, true, 0.8);
        MdSystem sys = TestSystems.fccArgon(2, 5.3, 0.1, 2);
        double[] pos = sys.positions(), cell = sys.cell();
        SplittableRandom rng = new SplittableRandom(4);
        int[] z = sys.atomicNumbers();
        for (int step = 0; step < 60; step++) {
            for (int k = 0; k < pos.length; k++) pos[k] += 0.05 * rng.nextGaussian();
            double[] wrapped = pos.clone();
            if (step % 3 == 0) for (int k = 0; k < wrapped.length; k++) wrapped[k] -= 10.6 * Math.floor(wrapped[k] / 10.6);
            ForceField.Result a = brute.compute(wrapped, z, cell, PBC), b = listed.compute(wrapped, z, cell, PBC);
            assertEquals(a.energy(), b.energy(), 1e-12, "energy at step " + step);
            for (int k = 0; k < pos.length; k++) assertEquals(a.forces()[k], b.forces()[k], 1e-12, "force at step " + step);
            for (int k = 0; k < 9; k++) assertEquals(a.virial()[k], b.virial()[k], 1e-11, "virial at step " + step);
        }
        System.out.printf("verlet list: %d builds over 60 moves%n", listed.verletList().builds());
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> new LennardJones(0, 3.4, 8, true, 0));
        LennardJones lj = LennardJones.argon();
        assertThrows(IllegalArgumentException.class, () -> lj.compute(new double[]{0, 0, 0}, new int[2], null, null));
        assertThrows(IllegalArgumentException.class, () -> lj.compute(new double[]{0, 0, 0}, new int[1], new double[4], PBC));
    }
}
