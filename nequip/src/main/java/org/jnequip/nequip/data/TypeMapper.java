package org.jnequip.nequip.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Chemical species → type index t ∈ [0, T), as nequip's TypeMapper: given {@code chemical_symbols} the
 * types are those symbols sorted by atomic number (H → 0, C → 1, O → 2 for [O, H, C]); given explicit
 * {@code type_names} (e.g. from a model file) their order is kept. An atom whose species is not a type is
 * an error that lists the allowed species.
 */
public final class TypeMapper {
    private final List<String> typeNames;
    private final int[] zOfType;                                   // (T)
    private final int[] typeOfZ = new int[Elements.MAX_Z + 1];     // (119), -1 = not a type

    private TypeMapper(int[] zs) {
        Arrays.fill(typeOfZ, -1);
        zOfType = zs.clone();
        List<String> names = new ArrayList<>();
        for (int t = 0; t < zs.length; t++) {
            if (typeOfZ[zs[t]] >= 0) throw new IllegalArgumentException("TypeMapper: species " + Elements.symbol(zs[t]) + " listed twice");
            typeOfZ[zs[t]] = t;
            names.add(Elements.symbol(zs[t]));
        }
        if (zs.length == 0) throw new IllegalArgumentException("TypeMapper: no species given");
        typeNames = List.copyOf(names);
    }

    /** Types = the symbols sorted by atomic number (nequip's {@code chemical_symbols}). */
    public static TypeMapper ofChemicalSymbols(Collection<String> symbols) {
        int[] zs = symbols.stream().mapToInt(Elements::atomicNumber).toArray();
        Arrays.sort(zs);
        return new TypeMapper(zs);
    }

    /** Types in the given order (nequip's {@code type_names}); each name must be an element symbol. */
    public static TypeMapper ofTypeNames(List<String> names) {
        return new TypeMapper(names.stream().mapToInt(Elements::atomicNumber).toArray());
    }

    /** The species present in the structures, sorted by atomic number. */
    public static TypeMapper fromStructures(Collection<Structure> structures) {
        boolean[] seen = new boolean[Elements.MAX_Z + 1];
        for (Structure s : structures) for (int i = 0; i < s.numAtoms(); i++) seen[s.atomicNumber(i)] = true;
        int[] zs = java.util.stream.IntStream.rangeClosed(1, Elements.MAX_Z).filter(z -> seen[z]).toArray();
        return new TypeMapper(zs);
    }

    public int numTypes() { return zOfType.length; }
    public List<String> typeNames() { return typeNames; }
    public int atomicNumber(int type) { return zOfType[type]; }

    /** Type index of atomic number z; throws listing the allowed species if z is not a type. */
    public int typeOf(int z) {
        int t = z >= 1 && z <= Elements.MAX_Z ? typeOfZ[z] : -1;
        if (t < 0)
            throw new IllegalArgumentException("species " + (z >= 1 && z <= Elements.MAX_Z ? "'" + Elements.symbol(z) + "' " : "")
                    + "(Z=" + z + ") is not one of the types " + typeNames);
        return t;
    }

    /** Type indices (N) of a structure's atoms. */
    public int[] types(Structure s) {
        int[] t = new int[s.numAtoms()];
        for (int i = 0; i < t.length; i++) t[i] = typeOf(s.atomicNumber(i));
        return t;
    }

    @Override
    public String toString() { return "TypeMapper" + typeNames; }
}
