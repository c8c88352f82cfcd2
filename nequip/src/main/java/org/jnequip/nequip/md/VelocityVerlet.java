package org.jnequip.nequip.md;

/**
 * Velocity Verlet (NVE), symplectic and time reversible:
 * <pre>
 *   v(t + Δt/2) = v(t) + Δt/2 · F(t) / (m MVV)
 *   r(t + Δt)   = r(t) + Δt · v(t + Δt/2)
 *   v(t + Δt)   = v(t + Δt/2) + Δt/2 · F(t + Δt) / (m MVV)
 * </pre>
 * Total energy K + U shows bounded O(Δt²) fluctuations and no systematic drift for smooth forces.
 */
public final class VelocityVerlet implements Integrator {
    private final double dt;

    public VelocityVerlet(double timestepFs) {
        if (!(timestepFs > 0)) throw new IllegalArgumentException("velocity verlet: timestep must be > 0 fs");
        this.dt = timestepFs;
    }

    @Override
    public void step(MdState s, ForceField ff) {
        kick(s, 0.5 * dt);
        drift(s, dt);
        s.computeForces(ff);
        kick(s, 0.5 * dt);
        s.step++;
        s.timeFs += dt;
    }

    /** v += h · F / (m MVV) (fixed atoms have F = 0 and stay at rest). */
    static void kick(MdState s, double h) {
        for (int i = 0; i < s.n; i++) {
            double c = h / (s.masses[i] * MdUnits.MVV);
            for (int k = 0; k < 3; k++) s.vel[3 * i + k] += c * s.forces[3 * i + k];
        }
    }

    /** r += h · v. */
    static void drift(MdState s, double h) {
        for (int k = 0; k < s.pos.length; k++) s.pos[k] += h * s.vel[k];
    }

    @Override public boolean conservesMomentum() { return true; }
    @Override public double timestepFs() { return dt; }
}
