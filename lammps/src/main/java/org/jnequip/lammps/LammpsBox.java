package org.jnequip.lammps;

/**
 * LAMMPS's simulation box as {@code lammps_extract_box} gives it, and the same box as JNequIP's cell.
 *
 * <p>LAMMPS keeps a (possibly triclinic) box as bounds lo, hi and tilt factors xy, xz, yz; its edge vectors are
 * <pre>
 *   a = (xhi − xlo, 0, 0),   b = (xy, yhi − ylo, 0),   c = (xz, yz, zhi − zlo)
 * </pre>
 * (an orthogonal box has zero tilts). JNequIP's cell is (3, 3) with rows a, b, c; the origin lo does not matter
 * for energies and forces, which depend on differences of positions and on lattice vectors only.
 *
 * @param lo       (3) Å
 * @param hi       (3) Å
 * @param periodic (3) per direction x, y, z (LAMMPS's boundary p)
 */
public record LammpsBox(double[] lo, double[] hi, double xy, double yz, double xz, boolean[] periodic) {

    /** (3, 3) rows a, b, c (Å). */
    public double[] cell() {
        return new double[]{hi[0] - lo[0], 0, 0,
                xy, hi[1] - lo[1], 0,
                xz, yz, hi[2] - lo[2]};
    }

    public boolean anyPeriodic() { return periodic[0] || periodic[1] || periodic[2]; }

    /** Volume (Å³) = product of the diagonal of the lower-triangular cell. */
    public double volume() { return (hi[0] - lo[0]) * (hi[1] - lo[1]) * (hi[2] - lo[2]); }
}
