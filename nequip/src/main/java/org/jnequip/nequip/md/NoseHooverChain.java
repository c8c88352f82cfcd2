package org.jnequip.nequip.md;

/**
 * Nosé–Hoover chain thermostat (NVT), Martyna–Tuckerman–Klein 1996 splitting: a chain of M thermostats
 * (positions ξ_j, velocities v_ξj, 1/fs) with masses Q₁ = Nf k_B T τ², Q_j = k_B T τ² (τ = tdamp, fs), and
 * <pre>
 *   G₁ = (2K − Nf k_B T)/Q₁,   G_j = (Q_{j−1} v_ξ(j−1)² − k_B T)/Q_j
 *   step:  NHC(Δt/2) · velocity Verlet(Δt) · NHC(Δt/2)
 * </pre>
 * NHC(Δt/2) is split into Suzuki–Yoshida substeps h = w_α Δt/2 (3rd order, w = 1/(2 − 2^⅓), 1 − 2w, w). Each
 * substep: v_ξM += G_M h/2; for j = M−1..1 {v_ξj ·= e^(−v_ξ(j+1) h/4); v_ξj += G_j h/2; v_ξj ·= e^(−v_ξ(j+1) h/4)};
 * ξ_j += v_ξj h; v ·= e^(−v_ξ1 h); then the same chain updates in the reverse order.
 * The conserved extended energy is H = K + U + Σ_j ½ Q_j v_ξj² + Nf k_B T ξ₁ + k_B T Σ_{j≥2} ξ_j.
 * The velocity scaling keeps zero momentum, so with {@code zeroMomentum} Nf = 3N − 3.
 */
public final class NoseHooverChain implements Integrator {
    private static final double W1 = 1 / (2 - Math.cbrt(2));
    private static final double[] SY = {W1, 1 - 2 * W1, W1};
    private final double dt, temperatureK, tdamp;
    private final boolean zeroMomentum;
    private final double[] xi, vxi, q; // (M)
    private int dof = -1;

    /**
     * @param tdampFs characteristic time τ of the thermostat (fs); ~100 Δt is a common choice
     * @param chain   chain length M (3 by default)
     */
    public NoseHooverChain(double timestepFs, double temperatureK, double tdampFs, int chain, boolean zeroMomentum) {
        if (!(timestepFs > 0) || !(temperatureK > 0) || !(tdampFs > 0) || chain < 1)
            throw new IllegalArgumentException("nose-hoover: need timestep > 0 fs, temperature > 0 K, tdamp > 0 fs, chain >= 1");
        this.dt = timestepFs;
        this.temperatureK = temperatureK;
        this.tdamp = tdampFs;
        this.zeroMomentum = zeroMomentum;
        xi = new double[chain];
        vxi = new double[chain];
        q = new double[chain];
    }

    private void init(MdState s) {
        if (dof > 0) return;
        dof = s.degreesOfFreedom(zeroMomentum);
        double kt = MdUnits.KB * temperatureK;
        for (int j = 0; j < q.length; j++) q[j] = (j == 0 ? dof : 1) * kt * tdamp * tdamp;
    }

    @Override
    public void step(MdState s, ForceField ff) {
        init(s);
        halfChain(s);
        VelocityVerlet.kick(s, 0.5 * dt);
        VelocityVerlet.drift(s, dt);
        s.computeForces(ff);
        VelocityVerlet.kick(s, 0.5 * dt);
        halfChain(s);
        s.step++;
        s.timeFs += dt;
    }

    /** exp(iL_NHC Δt/2) by Suzuki–Yoshida substeps. */
    private void halfChain(MdState s) {
        int m = q.length;
        double kt = MdUnits.KB * temperatureK;
        double twoK = 2 * s.kinetic();
        for (double w : SY) {
            double h = w * 0.5 * dt;
            vxi[m - 1] += g(m - 1, twoK, kt) * h / 2;
            for (int j = m - 2; j >= 0; j--) {
                double e = Math.exp(-vxi[j + 1] * h / 4);
                vxi[j] = (vxi[j] * e + g(j, twoK, kt) * h / 2) * e;
            }
            for (int j = 0; j < m; j++) xi[j] += vxi[j] * h;
            double scale = Math.exp(-vxi[0] * h);
            for (int k = 0; k < s.vel.length; k++) s.vel[k] *= scale;
            twoK *= scale * scale;
            for (int j = 0; j < m - 1; j++) {
                double e = Math.exp(-vxi[j + 1] * h / 4);
                vxi[j] = (vxi[j] * e + g(j, twoK, kt) * h / 2) * e;
            }
            vxi[m - 1] += g(m - 1, twoK, kt) * h / 2;
        }
    }

    /** Thermostat force G_j (1/fs²). */
    private double g(int j, double twoK, double kt) {
        return j == 0 ? (twoK - dof * kt) / q[0] : (q[j - 1] * vxi[j - 1] * vxi[j - 1] - kt) / q[j];
    }

    @Override
    public double conservedEnergy(MdState s) {
        init(s);
        double kt = MdUnits.KB * temperatureK, h = s.kinetic() + s.potential;
        for (int j = 0; j < q.length; j++) h += 0.5 * q[j] * vxi[j] * vxi[j] + (j == 0 ? dof : 1) * kt * xi[j];
        return h;
    }

    @Override public boolean conservesMomentum() { return true; }
    @Override public double timestepFs() { return dt; }
}
