package org.jnequip.lammps;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jnequip.nequip.data.Elements;
import org.jnequip.nequip.data.Structure;
import org.jnequip.nequip.files.AtomicFiles;

/**
 * Writes a structure as a LAMMPS data file ({@code atom_style atomic}, metal units) for {@code read_data}: atom
 * types in the order of the given species (so {@code pair_coeff * * MODEL S1 S2 …} names them in that order),
 * masses from the element table, optional velocities (Å/ps); numbers are written as Java's shortest exact decimal
 * ({@link Double#toString}), so that LAMMPS reads back exactly the same doubles.
 *
 * <p>The cell must already be in LAMMPS's form, rows a = (a_x, 0, 0), b = (b_x, b_y, 0), c = (c_x, c_y, c_z)
 * with positive diagonal; then xlo = ylo = zlo = 0, the box lengths are the diagonal and the tilts are
 * xy = b_x, xz = c_x, yz = c_y. A structure without a cell gets a box around the atoms with {@code margin}
 * Å of room on each side (for {@code boundary f f f} or {@code s s s}).
 */
public final class LammpsData {
    private LammpsData() {}

    /**
     * @param species    element symbols; atom type t is species[t − 1]
     * @param velocities (N, 3) Å/ps or null
     * @param margin     Å of room around a molecule (ignored when the structure has a cell)
     */
    public static String format(Structure s, List<String> species, double[] velocities, double margin, String title) {
        int n = s.numAtoms();
        StringBuilder b = new StringBuilder(64 * n + 256);
        b.append(title.replace('\n', ' ')).append("\n\n").append(n).append(" atoms\n").append(species.size()).append(" atom types\n\n");
        double[] c = s.cell();
        if (c != null) {
            if (c[1] != 0 || c[2] != 0 || c[5] != 0 || !(c[0] > 0 && c[4] > 0 && c[8] > 0))
                throw new IllegalArgumentException("LAMMPS data: the cell must have rows a = (ax, 0, 0), b = (bx, by, 0), c = (cx, cy, cz) with ax, by, cz > 0");
            line(b, 0.0, c[0], "xlo xhi");
            line(b, 0.0, c[4], "ylo yhi");
            line(b, 0.0, c[8], "zlo zhi");
            if (c[3] != 0 || c[6] != 0 || c[7] != 0) line(b, c[3], c[6], c[7], "xy xz yz");
        } else {
            double[] pos = s.positions();   // (N, 3)
            for (int k = 0; k < 3; k++) {
                double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) { lo = Math.min(lo, pos[3 * i + k]); hi = Math.max(hi, pos[3 * i + k]); }
                String ax = "xyz".substring(k, k + 1);
                line(b, lo - margin, hi + margin, ax + "lo " + ax + "hi");
            }
        }
        b.append("\nMasses\n\n");
        for (int t = 0; t < species.size(); t++) line(b, t + 1, Elements.mass(Elements.atomicNumber(species.get(t))));
        b.append("\nAtoms # atomic\n\n");
        double[] p = s.positions();
        for (int i = 0; i < n; i++) {
            String sym = Elements.symbol(s.atomicNumber(i));
            int t = species.indexOf(sym) + 1;
            if (t == 0) throw new IllegalArgumentException("LAMMPS data: atom " + (i + 1) + " is " + sym + ", which is not among the types " + species);
            line(b, i + 1, t, p[3 * i], p[3 * i + 1], p[3 * i + 2]);
        }
        if (velocities != null) {
            if (velocities.length != 3 * n) throw new IllegalArgumentException("LAMMPS data: " + velocities.length + " velocity components for " + n + " atoms");
            b.append("\nVelocities\n\n");
            for (int i = 0; i < n; i++) line(b, i + 1, velocities[3 * i], velocities[3 * i + 1], velocities[3 * i + 2]);
        }
        return b.toString();
    }

    /** {@link #format} written atomically to a file. */
    public static void write(Path file, Structure s, List<String> species, double[] velocities, double margin, String title) throws IOException {
        AtomicFiles.writeString(file, format(s, species, velocities, margin, title));
    }

    /** One line of space-separated items; doubles as their shortest exact decimal. */
    private static void line(StringBuilder b, Object... items) {
        for (int i = 0; i < items.length; i++) b.append(i == 0 ? "" : " ").append(items[i] instanceof Double d ? Double.toString(d) : items[i]);
        b.append('\n');
    }
}
