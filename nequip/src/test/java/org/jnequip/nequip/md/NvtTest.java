package org.jnequip.nequip.md;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Thermostats on 32 atoms of dense argon (Lennard-Jones, Δt = 5 fs, fcc start at a = 5.6 Å, ρσ³ ≈ 0.89, near
 * freezing; target 120 K), started at half the target temperature: after
 * equilibration the mean temperature over the production run is within 2% of the target, and its standard deviation is the
 * canonical T√(2/Nf) within 15%. With N = 32 the
 * instantaneous T fluctuates by √(2/Nf) ≈ 15%, so the production runs are long enough (≥ 200 ps, hundreds of
 * thermostat times) to make the statistical error of the mean well below 2%. A wrong count of degrees of freedom
 * (3N vs 3N − 3) would show as a 3.2% offset. Measured spread of the mean over six seeds: ≈ 0.5% (both thermostats).
 */
class NvtTest {
    static final double DT = 5.0, T = 120.0;

    @Test
    void langevinHoldsTemperature() {
        double mean = meanTemperature(new Langevin(DT, T, 0.01, 99, true), true, 4_000, 40_000, "Langevin BAOAB γ=0.01/fs");
        assertEquals(T, mean, 0.02 * T);
    }

    @Test
    void langevinWithoutMomentumRemovalThermalisesAll3NDegrees() {
        double mean = meanTemperature(new Langevin(DT, T, 0.01, 5, false), false, 4_000, 40_000, "Langevin (free COM)");
        assertEquals(T, mean, 0.02 * T);
    }

    @Test
    void noseHooverChainHoldsTemperatureAndConservesExtendedEnergy() {
        NoseHooverChain nh = new NoseHooverChain(DT, T, 50 * DT, 3, true);
        double mean = meanTemperature(nh, true, 4_000, 40_000, "Nose-Hoover chain M=3 tdamp=250fs");
        assertEquals(T, mean, 0.02 * T);
    }

    /** Runs equilibration then production; returns the production mean of T (Nf = 3N − 3 or 3N). */
    static double meanTemperature(Integrator integ, boolean zeroP, int equil, int prod, String what) {
        MdState s = new MdState(TestSystems.fccArgon(2, 5.60, 0.05, 3));
        Velocities.maxwellBoltzmann(s, T / 2, 17, zeroP);
        LennardJones lj = LennardJones.argon();
        s.computeForces(lj);
        int dof = s.degreesOfFreedom(zeroP);
        for (int k = 0; k < equil; k++) {
            integ.step(s, lj);
            s.wrap();
        }
        double h0 = integ.conservedEnergy(s), maxDev = 0, sum = 0, sum2 = 0;
        for (int k = 0; k < prod; k++) {
            integ.step(s, lj);
            s.wrap();
            double t = s.temperature(dof);
            sum += t;
            sum2 += t * t;
            maxDev = Math.max(maxDev, Math.abs(integ.conservedEnergy(s) - h0));
        }
        double mean = sum / prod, sd = Math.sqrt(sum2 / prod - mean * mean);
        double[] p = s.momentum();
        System.out.printf("NVT %s: target %.1f K, <T> %.3f K (%+.2f%%), sd %.2f K, %d ps, max|H-H0| %.2e eV/atom, |P| %.1e%n",
                what, T, mean, 100 * (mean / T - 1), sd, prod * (long) DT / 1000, maxDev / s.n, Math.sqrt(NveTest.dot(p)));
        double canonical = T * Math.sqrt(2.0 / dof); // canonical sd of T: Var K = (Nf/2)(k_B T)²
        assertEquals(1.0, sd / canonical, 0.15, "temperature fluctuations should be canonical");
        if (integ instanceof NoseHooverChain) assertTrue(maxDev / s.n < 1e-4, "extended energy drift " + maxDev / s.n);
        if (zeroP) for (double pk : p) assertEquals(0.0, pk, 1e-11, "momentum");
        return mean;
    }
}
