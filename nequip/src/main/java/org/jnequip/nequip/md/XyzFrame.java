package org.jnequip.nequip.md;

/**
 * One trajectory frame as the md package reads and writes it.
 *
 * @param atomicNumbers (N)
 * @param positions     (N, 3) Å
 * @param cell          (3, 3) rows = lattice vectors, or null
 * @param pbc           (3)
 * @param energy        potential energy (eV), NaN when absent
 * @param velocities    (N, 3) Å/fs or null
 * @param forces        (N, 3) eV/Å or null
 * @param timeFs        simulation time (fs), NaN when absent
 */
public record XyzFrame(int[] atomicNumbers, double[] positions, double[] cell, boolean[] pbc, double energy,
                       double[] velocities, double[] forces, double timeFs) {

    public XyzFrame {
        if (positions.length != 3 * atomicNumbers.length) throw new IllegalArgumentException("xyz frame: " + positions.length + " coordinates for " + atomicNumbers.length + " atoms");
        if (pbc == null) pbc = new boolean[3];
        CellMath.check(cell, "xyz frame");
    }

    public static XyzFrame of(MdState s) {
        return new XyzFrame(s.z, s.pos.clone(), s.cell == null ? null : s.cell.clone(), s.pbc.clone(), s.potential,
                s.vel.clone(), s.forces.clone(), s.timeFs);
    }

    public int numAtoms() { return atomicNumbers.length; }

    /** The frame as the start of a run (velocities kept, standard masses). */
    public MdSystem toSystem() { return new MdSystem(atomicNumbers, positions, cell, pbc, null, velocities, null); }
}
