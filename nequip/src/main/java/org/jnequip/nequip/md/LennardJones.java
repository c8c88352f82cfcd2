package org.jnequip.nequip.md;

/**
 * Lennard-Jones pair potential, one species (all atoms alike), as a reference {@link ForceField}:
 * <pre>
 *   φ(r) = 4ε [(σ/r)¹² − (σ/r)⁶] − φ_shift   for r &lt; rc, 0 beyond,   φ_shift = φ(rc) when shifted, else 0
 *   E = Σ_pairs φ(|d|),   F_j = −φ'(r) d/r = −F_i,   W_ab = −∂E/∂ε_ab = Σ_pairs d_a F_j,b = −Σ φ'(r) d_a d_b / r
 * </pre>
 * with d = r_j + n·cell − r_i summed over periodic images ({@link Pairs}), so any cutoff works in any cell.
 * The energy shift makes E continuous at rc; the force still jumps by φ'(rc) there.
 * With skin &gt; 0 a {@link VerletList} is cached between calls (not thread-safe then).
 */
public final class LennardJones implements ForceField {
    private final double epsilon, sigma, cutoff, shift;
    private final VerletList list;

    /**
     * @param epsilon well depth ε (eV)
     * @param sigma   σ (Å)
     * @param cutoff  rc (Å)
     * @param shifted subtract φ(rc) so the energy is continuous
     * @param skin    Verlet skin (Å); 0 = enumerate pairs afresh at every call
     */
    public LennardJones(double epsilon, double sigma, double cutoff, boolean shifted, double skin) {
        if (!(epsilon > 0) || !(sigma > 0) || !(cutoff > 0) || !(skin >= 0))
            throw new IllegalArgumentException("lennard-jones: need epsilon, sigma, cutoff > 0 and skin >= 0");
        this.epsilon = epsilon;
        this.sigma = sigma;
        this.cutoff = cutoff;
        this.shift = shifted ? phi(cutoff * cutoff) : 0.0;
        this.list = skin > 0 ? new VerletList(cutoff, skin) : null;
    }

    /** Argon (ε = 0.0104 eV, σ = 3.40 Å), rc = 2.5σ, shifted, skin 1 Å. */
    public static LennardJones argon() { return new LennardJones(0.0104, 3.40, 8.5, true, 1.0); }

    @Override public double cutoff() { return cutoff; }
    public double epsilon() { return epsilon; }
    public double sigma() { return sigma; }
    /** The Verlet list in use, or null. */
    public VerletList verletList() { return list; }

    private double phi(double r2) {
        double s6 = Math.pow(sigma * sigma / r2, 3);
        return 4 * epsilon * (s6 * s6 - s6);
    }

    @Override
    public Result compute(double[] pos, int[] z, double[] cell, boolean[] pbc) {
        if (z != null && z.length * 3 != pos.length)
            throw new IllegalArgumentException("lennard-jones: " + pos.length + " coordinates for " + z.length + " atoms");
        CellMath.check(cell, "lennard-jones");
        double[] forces = new double[pos.length], vir = new double[9], e = {0};
        Pairs.Visitor acc = (i, j, dx, dy, dz, r2, sx, sy, sz) -> {
            if (r2 >= cutoff * cutoff) return;
            double s2 = sigma * sigma / r2, s6 = s2 * s2 * s2;
            e[0] += 4 * epsilon * (s6 * s6 - s6) - shift;
            double g = 24 * epsilon * (2 * s6 * s6 - s6) / r2; // −φ'(r)/r
            double fx = g * dx, fy = g * dy, fz = g * dz;    // force on j
            forces[3 * j] += fx; forces[3 * j + 1] += fy; forces[3 * j + 2] += fz;
            forces[3 * i] -= fx; forces[3 * i + 1] -= fy; forces[3 * i + 2] -= fz;
            vir[0] += dx * fx; vir[1] += dx * fy; vir[2] += dx * fz;
            vir[3] += dy * fx; vir[4] += dy * fy; vir[5] += dy * fz;
            vir[6] += dz * fx; vir[7] += dz * fy; vir[8] += dz * fz;
        };
        if (list == null) {
            Pairs.forEach(pos, cell, pbc, cutoff, acc);
        } else {
            list.update(pos, cell, pbc);
            for (int p = 0, np = list.size(); p < np; p++) {
                int i = list.first(p), j = list.second(p);
                double sx = list.shift(p, 0) + list.offset(i, 0) - list.offset(j, 0);
                double sy = list.shift(p, 1) + list.offset(i, 1) - list.offset(j, 1);
                double sz = list.shift(p, 2) + list.offset(i, 2) - list.offset(j, 2);
                double dx = pos[3 * j] - pos[3 * i] + sx, dy = pos[3 * j + 1] - pos[3 * i + 1] + sy, dz = pos[3 * j + 2] - pos[3 * i + 2] + sz;
                acc.visit(i, j, dx, dy, dz, dx * dx + dy * dy + dz * dz, sx, sy, sz);
            }
        }
        return new Result(e[0], forces, vir);
    }
}
