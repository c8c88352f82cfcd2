package org.jnequip.nequip.md;

/**
 * Symbols and standard atomic masses (amu, IUPAC conventional values as ASE uses them) for Z = 1..36 plus a few
 * heavier elements common in ML-potential data. A stop-gap until org.jnequip.nequip.data.Elements is merged.
 */
public final class MdElements {
    private MdElements() {}

    private static final String[] SYMBOLS = {"X",
            "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na", "Mg", "Al", "Si", "P", "S", "Cl", "Ar",
            "K", "Ca", "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As", "Se", "Br", "Kr"};
    private static final double[] MASSES = {1.0,
            1.008, 4.002602, 6.94, 9.0121831, 10.81, 12.011, 14.007, 15.999, 18.998403163, 20.1797,
            22.98976928, 24.305, 26.9815385, 28.085, 30.973761998, 32.06, 35.45, 39.948,
            39.0983, 40.078, 44.955908, 47.867, 50.9415, 51.9961, 54.938044, 55.845, 58.933194, 58.6934, 63.546,
            65.38, 69.723, 72.63, 74.921595, 78.971, 79.904, 83.798};
    // heavier extras: Z, mass
    private static final int[] EXTRA_Z = {46, 47, 50, 53, 54, 78, 79};
    private static final String[] EXTRA_SYMBOL = {"Pd", "Ag", "Sn", "I", "Xe", "Pt", "Au"};
    private static final double[] EXTRA_MASS = {106.42, 107.8682, 118.71, 126.90447, 131.293, 195.084, 196.966569};

    public static String symbol(int z) {
        if (z > 0 && z < SYMBOLS.length) return SYMBOLS[z];
        for (int k = 0; k < EXTRA_Z.length; k++) if (EXTRA_Z[k] == z) return EXTRA_SYMBOL[k];
        throw new IllegalArgumentException("elements: no symbol for atomic number " + z + " in the md table");
    }

    public static double mass(int z) {
        if (z > 0 && z < MASSES.length) return MASSES[z];
        for (int k = 0; k < EXTRA_Z.length; k++) if (EXTRA_Z[k] == z) return EXTRA_MASS[k];
        throw new IllegalArgumentException("elements: no mass for atomic number " + z + " in the md table");
    }

    public static int atomicNumber(String symbol) {
        for (int z = 1; z < SYMBOLS.length; z++) if (SYMBOLS[z].equals(symbol)) return z;
        for (int k = 0; k < EXTRA_Z.length; k++) if (EXTRA_SYMBOL[k].equals(symbol)) return EXTRA_Z[k];
        throw new IllegalArgumentException("elements: unknown chemical symbol '" + symbol + "'");
    }
}
