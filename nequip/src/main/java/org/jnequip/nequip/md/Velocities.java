package org.jnequip.nequip.md;

import java.util.SplittableRandom;

/**
 * Initial velocities and momentum bookkeeping.
 *
 * <p>Maxwell–Boltzmann: v_i,k ~ N(0, k_B T / (m_i · MVV)) (Å/fs), drawn from a seeded generator; then the total
 * momentum is removed (v ← v − P/M, only when no atom is fixed: fixed atoms anchor the system and momentum is not
 * conserved), fixed atoms get v = 0, and all velocities are scaled so that 2K/(Nf k_B) equals T exactly.
 */
public final class Velocities {
    private Velocities() {}

    /**
     * @param zeroMomentum remove the centre-of-mass velocity (and count Nf = 3N − 3)
     */
    public static void maxwellBoltzmann(MdState s, double temperatureK, long seed, boolean zeroMomentum) {
        if (!(temperatureK >= 0)) throw new IllegalArgumentException("velocities: temperature must be >= 0, got " + temperatureK);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < s.n; i++) {
            double sd = Math.sqrt(MdUnits.KB * temperatureK / (s.masses[i] * MdUnits.MVV));
            for (int k = 0; k < 3; k++) s.vel[3 * i + k] = s.fixed[i] ? 0 : sd * rng.nextGaussian();
        }
        if (zeroMomentum) removeMomentum(s);
        rescale(s, temperatureK, s.degreesOfFreedom(zeroMomentum));
    }

    /** v ← v − P/M over all atoms (no-op when an atom is fixed). */
    public static void removeMomentum(MdState s) {
        if (s.numFixed() > 0 || s.n < 2) return;
        double[] p = s.momentum();
        double m = 0;
        for (double mi : s.masses) m += mi;
        for (int i = 0; i < s.n; i++) for (int k = 0; k < 3; k++) s.vel[3 * i + k] -= p[k] / m;
    }

    /** Scales all velocities so that the temperature with Nf = dof is exactly T. */
    public static void rescale(MdState s, double temperatureK, int dof) {
        double t = s.temperature(dof);
        if (t == 0) {
            if (temperatureK == 0) return;
            throw new IllegalArgumentException("velocities: cannot rescale zero velocities to " + temperatureK + " K");
        }
        double f = Math.sqrt(temperatureK / t);
        for (int k = 0; k < s.vel.length; k++) s.vel[k] *= f;
    }
}
