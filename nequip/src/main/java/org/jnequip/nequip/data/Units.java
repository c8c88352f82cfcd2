package org.jnequip.nequip.data;

/**
 * Unit conversion constants, each defined once. JNequIP works in eV, Å, eV/Å and eV/Å³ (ASE's units).
 *
 * <p>1 kcal/mol in eV = 4184 J / (N_A · e), with the exact SI-2019 constants N_A = 6.02214076e23 /mol and
 * e = 1.602176634e-19 C, so N_A·e = 96485.33212331 C/mol (the Faraday constant) and
 * 1 kcal/mol = 4184 / 96485.33212331 eV = 0.0433641042418009 eV (thermochemical calorie, 4.184 J).
 * ASE (CODATA 2014 constants) gives 0.0433641039006, a relative difference of 8e-9.
 */
public final class Units {
    private Units() {}

    /** Avogadro constant, /mol (exact, SI 2019). */
    public static final double AVOGADRO = 6.02214076e23;
    /** Elementary charge in C (exact, SI 2019), i.e. 1 eV in J. */
    public static final double ELEMENTARY_CHARGE = 1.602176634e-19;
    /** 1 kcal/mol expressed in eV: 4184 / (N_A·e) = 0.043364104241800934. */
    public static final double KCAL_PER_MOL_IN_EV = 4184.0 / (AVOGADRO * ELEMENTARY_CHARGE);
    /** 1 Hartree in eV (CODATA 2018). */
    public static final double HARTREE_IN_EV = 27.211386245988;
    /** 1 Bohr in Å (CODATA 2018). */
    public static final double BOHR_IN_ANGSTROM = 0.529177210903;

    /**
     * Factor converting energies in {@code unit} to eV: "eV" → 1, "kcal/mol" → {@link #KCAL_PER_MOL_IN_EV},
     * "Hartree"/"Ha" → {@link #HARTREE_IN_EV}, "meV" → 1e-3. Case-insensitive; throws naming the unit otherwise.
     */
    public static double energyToEv(String unit) {
        return switch (unit == null ? "" : unit.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "ev" -> 1.0;
            case "mev" -> 1e-3;
            case "kcal/mol" -> KCAL_PER_MOL_IN_EV;
            case "hartree", "ha" -> HARTREE_IN_EV;
            default -> throw new IllegalArgumentException(
                    "unknown energy unit '" + unit + "' (allowed: eV, meV, kcal/mol, Hartree)");
        };
    }
}
