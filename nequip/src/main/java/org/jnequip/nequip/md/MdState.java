package org.jnequip.nequip.md;

/**
 * The mutable state an integrator advances: positions r (N, 3) Å, velocities v (N, 3) Å/fs, forces F (N, 3) eV/Å
 * at r, potential energy and virial, plus image counters (N, 3) so that the unwrapped position is
 * r + images·cell after wrapping into the cell.
 *
 * <p>Fixed atoms keep v = 0 and see F = 0. Degrees of freedom: Nf = 3·(N − N_fixed), minus 3 when the total
 * momentum is held at zero (only meaningful without fixed atoms). T = 2K / (Nf k_B).
 */
public final class MdState {
    public final int n;
    public final int[] z;
    public final double[] masses;   // (N) amu
    public final double[] pos;      // (N, 3) Å
    public final double[] vel;      // (N, 3) Å/fs
    public final double[] forces;   // (N, 3) eV/Å
    public final int[] images;      // (N, 3) lattice vectors removed by wrapping
    public final double[] cell;     // (3, 3) or null
    public final boolean[] pbc;     // (3)
    public final boolean[] fixed;   // (N)
    public double potential;        // eV
    public double[] virial;         // (3, 3) eV or null
    public long step;
    public double timeFs;
    public long forceCalls;
    private final double[] inv;

    public MdState(MdSystem s) {
        n = s.numAtoms();
        z = s.atomicNumbers().clone();
        masses = s.masses().clone();
        pos = s.positions().clone();
        vel = s.velocities() == null ? new double[3 * n] : s.velocities().clone();
        forces = new double[3 * n];
        images = new int[3 * n];
        cell = CellMath.isEmpty(s.cell()) ? null : s.cell().clone();
        pbc = s.pbc().clone();
        fixed = s.fixed() == null ? new boolean[n] : s.fixed().clone();
        inv = cell == null ? null : CellMath.inverse(cell);
        for (int i = 0; i < n; i++) if (fixed[i]) vel[3 * i] = vel[3 * i + 1] = vel[3 * i + 2] = 0;
    }

    /** Calls the force field at the current positions; zeroes forces on fixed atoms. */
    public void computeForces(ForceField ff) {
        ForceField.Result r = ff.compute(pos, z, cell, pbc);
        if (r.forces() == null || r.forces().length != 3 * n)
            throw new IllegalArgumentException("md: force field returned " + (r.forces() == null ? "no" : r.forces().length) + " force components for " + n + " atoms");
        if (!Double.isFinite(r.energy())) throw new IllegalArgumentException("md: force field returned a non-finite energy at step " + step);
        System.arraycopy(r.forces(), 0, forces, 0, 3 * n);
        for (int i = 0; i < n; i++) {
            if (fixed[i]) forces[3 * i] = forces[3 * i + 1] = forces[3 * i + 2] = 0;
            for (int k = 0; k < 3; k++)
                if (!Double.isFinite(forces[3 * i + k])) throw new IllegalArgumentException("md: non-finite force on atom " + i + " at step " + step);
        }
        potential = r.energy();
        virial = r.virial();
        forceCalls++;
    }

    /** Wraps periodic directions into [0, 1) fractional coordinates, counting images. */
    public void wrap() {
        if (cell == null) return;
        double[] f = new double[3], c = new double[3];
        for (int i = 0; i < n; i++) {
            CellMath.rowTimes(pos[3 * i], pos[3 * i + 1], pos[3 * i + 2], inv, f);
            boolean moved = false;
            for (int k = 0; k < 3; k++) {
                if (!pbc[k]) continue;
                double fl = Math.floor(f[k]);
                if (fl != 0) { f[k] -= fl; images[3 * i + k] += (int) fl; moved = true; }
            }
            if (moved) {
                CellMath.rowTimes(f[0], f[1], f[2], cell, c);
                pos[3 * i] = c[0]; pos[3 * i + 1] = c[1]; pos[3 * i + 2] = c[2];
            }
        }
    }

    /** Unwrapped positions (N, 3): r + images·cell. */
    public double[] unwrapped() {
        double[] u = pos.clone();
        if (cell == null) return u;
        for (int i = 0; i < n; i++)
            for (int c = 0; c < 3; c++)
                for (int k = 0; k < 3; k++) u[3 * i + c] += images[3 * i + k] * cell[3 * k + c];
        return u;
    }

    /** K = ½ Σ m v² · MVV (eV). */
    public double kinetic() {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double vx = vel[3 * i], vy = vel[3 * i + 1], vz = vel[3 * i + 2];
            s += masses[i] * (vx * vx + vy * vy + vz * vz);
        }
        return 0.5 * s * MdUnits.MVV;
    }

    /** Total momentum P = Σ m v (amu·Å/fs), (3). */
    public double[] momentum() {
        double[] p = new double[3];
        for (int i = 0; i < n; i++) for (int k = 0; k < 3; k++) p[k] += masses[i] * vel[3 * i + k];
        return p;
    }

    public int numFixed() {
        int c = 0;
        for (boolean f : fixed) if (f) c++;
        return c;
    }

    /** Nf = 3(N − N_fixed) − (3 if the momentum is held at zero and nothing is fixed). */
    public int degreesOfFreedom(boolean zeroMomentum) {
        int nf = numFixed();
        int dof = 3 * (n - nf) - (zeroMomentum && nf == 0 && n > 1 ? 3 : 0);
        return Math.max(dof, 1);
    }

    /** T = 2K / (Nf k_B) (K). */
    public double temperature(int dof) { return 2 * kinetic() / (dof * MdUnits.KB); }
}
