package org.jnequip.nequip.md;

import java.util.SplittableRandom;

/**
 * Langevin dynamics (NVT) with the BAOAB splitting (Leimkuhler &amp; Matthews 2013), seeded:
 * <pre>
 *   B: v += Δt/2 · F/(m MVV)     A: r += Δt/2 · v
 *   O: v  = c₁ v + √((1 − c₁²) k_B T/(m MVV)) ξ,   c₁ = exp(−γΔt), ξ ~ N(0, 1)
 *   A: r += Δt/2 · v             (forces at the new r)      B: v += Δt/2 · F/(m MVV)
 * </pre>
 * γ is the friction (1/fs); 1/γ is the velocity relaxation time. With {@code zeroMomentum} the centre-of-mass
 * velocity is projected out after O. In mass-weighted velocities √m·v the O step is an isotropic Gaussian process,
 * and the zero-momentum set is a linear subspace, so the projection is again the exact O process on the remaining
 * 3N − 3 degrees of freedom; the momentum is then conserved by B and A (Σ F = 0). Fixed atoms are skipped.
 */
public final class Langevin implements Integrator {
    private final double dt, temperatureK, friction;
    private final boolean zeroMomentum;
    private final SplittableRandom rng;

    /**
     * @param friction     γ (1/fs), e.g. 0.01 (ASE examples use 0.002–0.02 /fs)
     * @param zeroMomentum keep the total momentum at zero (only without fixed atoms)
     */
    public Langevin(double timestepFs, double temperatureK, double friction, long seed, boolean zeroMomentum) {
        if (!(timestepFs > 0) || !(temperatureK >= 0) || !(friction > 0))
            throw new IllegalArgumentException("langevin: need timestep > 0 fs, temperature >= 0 K, friction > 0 /fs");
        this.dt = timestepFs;
        this.temperatureK = temperatureK;
        this.friction = friction;
        this.zeroMomentum = zeroMomentum;
        this.rng = new SplittableRandom(seed);
    }

    @Override
    public void step(MdState s, ForceField ff) {
        VelocityVerlet.kick(s, 0.5 * dt);
        VelocityVerlet.drift(s, 0.5 * dt);
        double c1 = Math.exp(-friction * dt), c2 = Math.sqrt(1 - c1 * c1);
        for (int i = 0; i < s.n; i++) {
            if (s.fixed[i]) continue;
            double sd = c2 * Math.sqrt(MdUnits.KB * temperatureK / (s.masses[i] * MdUnits.MVV));
            for (int k = 0; k < 3; k++) s.vel[3 * i + k] = c1 * s.vel[3 * i + k] + sd * rng.nextGaussian();
        }
        if (zeroMomentum) Velocities.removeMomentum(s);
        VelocityVerlet.drift(s, 0.5 * dt);
        s.computeForces(ff);
        VelocityVerlet.kick(s, 0.5 * dt);
        s.step++;
        s.timeFs += dt;
    }

    @Override public boolean conservesMomentum() { return zeroMomentum; }
    @Override public double timestepFs() { return dt; }
}
