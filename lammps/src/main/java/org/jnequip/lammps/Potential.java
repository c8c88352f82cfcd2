package org.jnequip.lammps;

import java.nio.file.Path;
import java.util.List;
import org.jnequip.nequip.md.ForceField;
import org.jnequip.nequip.md.NequipForceField;

/**
 * What LAMMPS gets from JNequIP for {@code pair_style nequip}: a force field (metal units), the chemical species
 * it knows (element symbols, the names {@code pair_coeff} maps atom types to) and a one-line description.
 */
public record Potential(ForceField forceField, List<String> species, String description) {

    public Potential {
        species = List.copyOf(species);
    }

    /** A NequIP model as a potential: its chemical symbols are the species. */
    public static Potential of(NequipForceField ff, String description) {
        return new Potential(ff, ff.model().config().chemicalSymbols(), description);
    }

    /** Loads the model a {@code pair_coeff} line names (the cli passes its model-loading entry). */
    @FunctionalInterface
    public interface Loader {
        Potential load(Path modelFile) throws Exception;
    }
}
