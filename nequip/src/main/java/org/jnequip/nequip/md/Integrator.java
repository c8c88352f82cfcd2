package org.jnequip.nequip.md;

/**
 * One MD time step. On entry {@code s.forces} hold F(r(t)); on exit r, v, F are at t + Δt and the force field has
 * been called exactly once.
 */
public interface Integrator {
    void step(MdState s, ForceField ff);

    /** The quantity the scheme conserves (eV): K + U for NVE, the extended energy for Nosé–Hoover. */
    default double conservedEnergy(MdState s) { return s.kinetic() + s.potential; }

    /** True when the scheme keeps the total momentum (so Nf = 3N − 3 after zeroing it). */
    boolean conservesMomentum();

    /** Time step Δt (fs). */
    double timestepFs();
}
