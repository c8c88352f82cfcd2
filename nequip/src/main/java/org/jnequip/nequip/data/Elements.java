package org.jnequip.nequip.data;

import java.util.HashMap;
import java.util.Map;

/**
 * Chemical elements: symbol ↔ atomic number Z (1..118) and atomic masses in amu (unified atomic mass units).
 *
 * <p>Masses are the IUPAC 2016 standard atomic weights (abridged/conventional values, as ASE's
 * {@code atomic_masses_iupac2016}) for the elements that have one; for elements without a standard atomic
 * weight (Tc, Pm, Po and Z ≥ 84 apart from Th, Pa, U) the value is the mass of a long-lived isotope, again as
 * ASE tabulates it. Symbol lookup is case-sensitive ("Cl", not "CL"), like ASE.
 */
public final class Elements {
    private Elements() {}

    /** Largest supported atomic number. */
    public static final int MAX_Z = 118;

    private static final String[] SYMBOLS = {
        "X",
        "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne",
        "Na", "Mg", "Al", "Si", "P", "S", "Cl", "Ar", "K", "Ca",
        "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn",
        "Ga", "Ge", "As", "Se", "Br", "Kr", "Rb", "Sr", "Y", "Zr",
        "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In", "Sn",
        "Sb", "Te", "I", "Xe", "Cs", "Ba", "La", "Ce", "Pr", "Nd",
        "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb",
        "Lu", "Hf", "Ta", "W", "Re", "Os", "Ir", "Pt", "Au", "Hg",
        "Tl", "Pb", "Bi", "Po", "At", "Rn", "Fr", "Ra", "Ac", "Th",
        "Pa", "U", "Np", "Pu", "Am", "Cm", "Bk", "Cf", "Es", "Fm",
        "Md", "No", "Lr", "Rf", "Db", "Sg", "Bh", "Hs", "Mt", "Ds",
        "Rg", "Cn", "Nh", "Fl", "Mc", "Lv", "Ts", "Og",
    };

    // amu, index = Z (index 0 unused)
    private static final double[] MASSES = {
        Double.NaN,
        1.008, 4.002602, 6.94, 9.0121831, 10.81, 12.011, 14.007, 15.999, 18.998403163, 20.1797,
        22.98976928, 24.305, 26.9815385, 28.085, 30.973761998, 32.06, 35.45, 39.948, 39.0983, 40.078,
        44.955908, 47.867, 50.9415, 51.9961, 54.938044, 55.845, 58.933194, 58.6934, 63.546, 65.38,
        69.723, 72.630, 74.921595, 78.971, 79.904, 83.798, 85.4678, 87.62, 88.90584, 91.224,
        92.90637, 95.95, 97.90721, 101.07, 102.90550, 106.42, 107.8682, 112.414, 114.818, 118.710,
        121.760, 127.60, 126.90447, 131.293, 132.90545196, 137.327, 138.90547, 140.116, 140.90766, 144.242,
        144.91276, 150.36, 151.964, 157.25, 158.92535, 162.500, 164.93033, 167.259, 168.93422, 173.054,
        174.9668, 178.49, 180.94788, 183.84, 186.207, 190.23, 192.217, 195.084, 196.966569, 200.592,
        204.38, 207.2, 208.98040, 208.98243, 209.98715, 222.01758, 223.01974, 226.02541, 227.02775, 232.0377,
        231.03588, 238.02891, 237.04817, 244.06421, 243.06138, 247.07035, 247.07031, 251.07959, 252.0830, 257.09511,
        258.09843, 259.1010, 262.110, 267.122, 268.126, 271.134, 270.133, 269.1338, 278.156, 281.165,
        281.166, 285.177, 286.182, 289.190, 289.194, 293.204, 293.208, 294.214,
    };

    private static final Map<String, Integer> BY_SYMBOL = new HashMap<>();

    static {
        if (SYMBOLS.length != MAX_Z + 1 || MASSES.length != MAX_Z + 1) throw new AssertionError("element tables");
        for (int z = 1; z <= MAX_Z; z++) BY_SYMBOL.put(SYMBOLS[z], z);
    }

    /** Atomic number of {@code symbol} (exact, case-sensitive); throws naming the symbol if unknown. */
    public static int atomicNumber(String symbol) {
        Integer z = symbol == null ? null : BY_SYMBOL.get(symbol);
        if (z == null) throw new IllegalArgumentException("unknown element symbol '" + symbol + "'");
        return z;
    }

    /** True if {@code symbol} is a known element symbol. */
    public static boolean isSymbol(String symbol) { return symbol != null && BY_SYMBOL.containsKey(symbol); }

    /** Element symbol of atomic number z (1..118). */
    public static String symbol(int z) { return SYMBOLS[checkZ(z)]; }

    /** Atomic mass in amu of atomic number z (1..118). */
    public static double mass(int z) { return MASSES[checkZ(z)]; }

    private static int checkZ(int z) {
        if (z < 1 || z > MAX_Z) throw new IllegalArgumentException("atomic number " + z + " outside 1.." + MAX_Z);
        return z;
    }
}
