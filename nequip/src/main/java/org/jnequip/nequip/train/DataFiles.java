package org.jnequip.nequip.train;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jnequip.nequip.data.ExtXyz;
import org.jnequip.nequip.data.Md17;
import org.jnequip.nequip.data.Structure;
import org.jnequip.nequip.data.Units;

/**
 * Reads a data file by extension: {@code .npz} as MD17/rMD17 (energies in {@code energyUnit}, default
 * kcal/mol), anything else ({@code .extxyz}, {@code .xyz}, {@code .gz}) as extended XYZ (energies in
 * {@code energyUnit}, default eV). Energies and forces come back in eV and eV/Å.
 */
public final class DataFiles {
    private DataFiles() {}

    public static List<Structure> read(Path file, String energyUnit) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".npz")) return Md17.read(file, energyUnit == null ? "kcal/mol" : energyUnit);
            List<Structure> frames = ExtXyz.read(file);
            double f = Units.energyToEv(energyUnit == null ? "eV" : energyUnit);
            if (f == 1.0) return frames;
            List<Structure> out = new ArrayList<>(frames.size());
            for (Structure s : frames) {
                Structure t = s.energy() == null ? s : s.withEnergy(s.energy() * f);
                double[] fr = s.forces();
                if (fr != null) {
                    for (int i = 0; i < fr.length; i++) fr[i] *= f;
                    t = t.withForces(fr);
                }
                out.add(t);
            }
            return out;
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);   // names the file (and frame and line) already
        }
    }
}
