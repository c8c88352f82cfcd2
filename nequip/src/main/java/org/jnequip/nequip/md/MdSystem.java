package org.jnequip.nequip.md;

import org.jnequip.nequip.data.Elements;
import org.jnequip.nequip.data.Structure;

/**
 * The starting point of a run: what a structure file gives plus optional velocities, masses and fixed atoms.
 *
 * @param atomicNumbers (N)
 * @param positions     (N, 3) Å
 * @param cell          (3, 3) rows = lattice vectors (Å), or null for a molecule
 * @param pbc           (3); null means no periodicity
 * @param masses        (N) amu; null means standard masses from the element table
 * @param velocities    (N, 3) Å/fs; null means "draw them" (or zero when no initial temperature is asked)
 * @param fixed         (N) atoms held in place (zero velocity, force ignored); null means none
 */
public record MdSystem(int[] atomicNumbers, double[] positions, double[] cell, boolean[] pbc, double[] masses,
                       double[] velocities, boolean[] fixed) {

    public MdSystem {
        if (atomicNumbers == null || positions == null) throw new IllegalArgumentException("md system: atomic numbers and positions are required");
        int n = atomicNumbers.length;
        if (positions.length != 3 * n) throw new IllegalArgumentException("md system: " + positions.length + " coordinates for " + n + " atoms");
        CellMath.check(cell, "md system");
        if (pbc == null) pbc = new boolean[3];
        if (pbc.length != 3) throw new IllegalArgumentException("md system: pbc must have 3 flags");
        if ((pbc[0] || pbc[1] || pbc[2]) && CellMath.isEmpty(cell)) throw new IllegalArgumentException("md system: periodic but no cell");
        if (masses == null) {
            masses = new double[n];
            for (int i = 0; i < n; i++) masses[i] = Elements.mass(atomicNumbers[i]);
        }
        if (masses.length != n) throw new IllegalArgumentException("md system: " + masses.length + " masses for " + n + " atoms");
        for (double m : masses) if (!(m > 0)) throw new IllegalArgumentException("md system: masses must be positive");
        if (velocities != null && velocities.length != 3 * n) throw new IllegalArgumentException("md system: velocities length " + velocities.length + " != 3N");
        if (fixed != null && fixed.length != n) throw new IllegalArgumentException("md system: fixed mask length " + fixed.length + " != N");
        for (double v : positions) if (!Double.isFinite(v)) throw new IllegalArgumentException("md system: non-finite position");
    }

    public static MdSystem molecule(int[] z, double[] positions) { return new MdSystem(z, positions, null, null, null, null, null); }

    public static MdSystem periodic(int[] z, double[] positions, double[] cell) {
        return new MdSystem(z, positions, cell, new boolean[]{true, true, true}, null, null, null);
    }

    /** A structure as the start of a run (standard masses, no velocities, nothing fixed). */
    public static MdSystem of(Structure s) {
        return new MdSystem(s.atomicNumbers(), s.positions(), s.cell(), s.pbc(), null, null, null);
    }

    public MdSystem withVelocities(double[] v) { return new MdSystem(atomicNumbers, positions, cell, pbc, masses, v, fixed); }
    public MdSystem withFixed(boolean[] f) { return new MdSystem(atomicNumbers, positions, cell, pbc, masses, velocities, f); }
    public int numAtoms() { return atomicNumbers.length; }
}
