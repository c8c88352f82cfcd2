package org.jnequip.nequip.md;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Velocity Verlet with Lennard-Jones argon at Δt = 5 fs over 10,000 steps (50 ps): the total energy stays within
 * 1e-4 eV/atom of its start (max deviation, not only the end point), and the total momentum stays zero.
 */
class NveTest {
    static final double DT = 5.0;
    static final long STEPS = 10_000;

    @Test
    void clusterConservesEnergyAndMomentum() {
        MdSystem sys = TestSystems.icosahedron(3.65);
        MdOptions o = MdOptions.nve(DT, STEPS).withInitialTemperature(20.0, 7);
        MdRunner.MdResult r = MdRunner.run(o, new LennardJones(0.0104, 3.40, 8.5, true, 0), sys, null);
        report("LJ13 cluster 20 K", r, 13);
        assertTrue(r.maxConservedDeviation() / 13 < 1e-4, "max |E - E0| per atom " + r.maxConservedDeviation() / 13);
        for (int k = 0; k < 3; k++) assertEquals(0.0, r.momentumEnd()[k], 1e-12, "momentum");
        assertTrue(r.meanTemperatureK() > 5, "cluster should stay hot, T = " + r.meanTemperatureK());
    }

    @Test
    void periodicBoxConservesEnergyAndMomentum() {
        MdSystem sys = TestSystems.fccArgon(2, 5.30, 0.05, 3);
        MdOptions o = MdOptions.nve(DT, STEPS).withInitialTemperature(60.0, 11);
        LennardJones lj = LennardJones.argon();
        MdRunner.MdResult r = MdRunner.run(o, lj, sys, null);
        report("LJ fcc 32 atoms 60 K", r, 32);
        System.out.printf("  verlet list rebuilds: %d%n", lj.verletList().builds());
        assertTrue(r.maxConservedDeviation() / 32 < 1e-4, "max |E - E0| per atom " + r.maxConservedDeviation() / 32);
        for (int k = 0; k < 3; k++) assertEquals(0.0, r.momentumEnd()[k], 1e-12, "momentum");
        assertTrue(lj.verletList().builds() > 1, "the run should have rebuilt the Verlet list");
    }

    static void report(String what, MdRunner.MdResult r, int n) {
        System.out.printf("NVE %s: dt %.1f fs, %d steps, <T> %.2f K, max|E-E0| %.3e eV/atom, end-start %.3e eV/atom, |P_end| %.1e, %.2f s%n",
                what, DT, r.steps(), r.meanTemperatureK(), r.maxConservedDeviation() / n,
                (r.conservedEnd() - r.conservedStart()) / n, Math.sqrt(dot(r.momentumEnd())), r.wallSeconds());
    }

    static double dot(double[] p) { return p[0] * p[0] + p[1] * p[1] + p[2] * p[2]; }
}
