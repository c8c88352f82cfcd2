package org.jnequip.nequip.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reader for MD17-style {@code .npz} datasets (one molecule, many frames) into {@link Structure}s.
 *
 * <p>Key sets: original MD17 ({@code R} (F, N, 3) Å, {@code z} (N), {@code E} (F) or (F, 1),
 * {@code F} (F, N, 3)) and revised rMD17 ({@code coords}, {@code nuclear_charges}, {@code energies},
 * {@code forces}, same shapes). Energies and forces are optional. Both datasets store energies in kcal/mol
 * and forces in kcal/mol/Å; they are converted to eV and eV/Å with one factor,
 * {@link Units#energyToEv}(energyUnit) (default "kcal/mol" → {@link Units#KCAL_PER_MOL_IN_EV}).
 * Errors name the file and the key.
 */
public final class Md17 {
    private Md17() {}

    /** Reads {@code file} assuming kcal/mol energies. */
    public static List<Structure> read(Path file) { return read(file, "kcal/mol"); }

    /** Reads {@code file}; {@code energyUnit} is the unit of the stored energies (forces: that unit per Å). */
    public static List<Structure> read(Path file, String energyUnit) {
        double toEv = Units.energyToEv(energyUnit);
        String name = file.toString();
        try (Npz npz = Npz.open(file)) {
            String kR, kZ, kE, kF;
            if (npz.has("R") && npz.has("z")) { kR = "R"; kZ = "z"; kE = "E"; kF = "F"; }
            else if (npz.has("coords") && npz.has("nuclear_charges")) {
                kR = "coords"; kZ = "nuclear_charges"; kE = "energies"; kF = "forces";
            } else throw new DataFormatException(name, -1, 0, null,
                    "neither MD17 keys (R, z, E, F) nor rMD17 keys (coords, nuclear_charges, energies, forces); found " + npz.keys());
            NpyArray r = npz.array(kR), z = npz.array(kZ);
            if (r.shape().length != 3 || r.shape()[2] != 3)
                throw new DataFormatException(name, -1, 0, kR, "expected shape (frames, atoms, 3), found " + r.shapeString());
            int frames = r.shape()[0], n = r.shape()[1];
            if (z.shape().length != 1 || z.shape()[0] != n)
                throw new DataFormatException(name, -1, 0, kZ, "expected shape (" + n + ",) to match " + kR + " "
                        + r.shapeString() + ", found " + z.shapeString());
            int[] numbers;
            try {
                numbers = z.toIntArray(kZ);
            } catch (IllegalArgumentException e) {
                throw new DataFormatException(name, -1, 0, kZ, e.getMessage());
            }
            for (int i = 0; i < n; i++)
                if (numbers[i] < 1 || numbers[i] > Elements.MAX_Z)
                    throw new DataFormatException(name, -1, 0, kZ, "atomic number " + numbers[i] + " of atom " + i + " outside 1..118");
            double[] e = null, f = null;
            if (npz.has(kE)) {
                NpyArray ea = npz.array(kE);
                int[] s = ea.shape();
                if (!(s.length == 1 && s[0] == frames || s.length == 2 && s[0] == frames && s[1] == 1))
                    throw new DataFormatException(name, -1, 0, kE, "expected shape (" + frames + ",) or (" + frames
                            + ", 1), found " + ea.shapeString());
                e = ea.data();
                check(name, kE, e, 1);
            }
            if (npz.has(kF)) {
                NpyArray fa = npz.array(kF);
                if (!java.util.Arrays.equals(fa.shape(), r.shape()))
                    throw new DataFormatException(name, -1, 0, kF, "expected shape " + r.shapeString() + " like " + kR
                            + ", found " + fa.shapeString());
                f = fa.data();
                check(name, kF, f, 3 * n);
            }
            double[] pos = r.data();
            check(name, kR, pos, 3 * n);
            List<Structure> out = new ArrayList<>(frames);
            for (int t = 0; t < frames; t++) {
                double[] p = java.util.Arrays.copyOfRange(pos, 3 * n * t, 3 * n * (t + 1));
                double[] ft = null;
                if (f != null) {
                    ft = java.util.Arrays.copyOfRange(f, 3 * n * t, 3 * n * (t + 1));
                    for (int k = 0; k < ft.length; k++) ft[k] *= toEv;
                }
                Double et = e == null ? null : e[t] * toEv;
                out.add(new Structure(p, numbers, null, null, et, ft, null, null));
            }
            return out;
        }
    }

    private static void check(String name, String key, double[] a, int perFrame) {
        for (int i = 0; i < a.length; i++)
            if (!Double.isFinite(a[i]))
                throw new DataFormatException(name, i / perFrame, 0, key, "non-finite value " + a[i] + " at flat index " + i);
    }
}
