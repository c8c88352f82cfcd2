package org.jnequip.nequip.ipi;

/**
 * Unit conversion between the i-PI wire (atomic units: Bohr, Hartree) and metal units (Å, eV).
 *
 * @param bohrInAngstrom 1 Bohr in Å
 * @param hartreeInEv    1 Hartree in eV
 */
public record IpiUnits(double bohrInAngstrom, double hartreeInEv) {
    /**
     * ASE's default units (ase.units, CODATA 2014 constants; Bohr and Hartree derived from ε₀, ħ, mₑ, e as ASE
     * does), so an ASE SocketIOCalculator round trip is exact to float rounding.
     */
    public static final IpiUnits ASE = new IpiUnits(0.5291772105638411, 27.211386024367243);
    /** CODATA 2018 values. */
    public static final IpiUnits CODATA_2018 = new IpiUnits(0.529177210903, 27.211386245988);

    public IpiUnits {
        if (!(bohrInAngstrom > 0) || !(hartreeInEv > 0)) throw new IllegalArgumentException("ipi units must be positive");
    }
}
