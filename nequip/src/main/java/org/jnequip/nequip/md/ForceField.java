package org.jnequip.nequip.md;

/**
 * Anything that gives energy, forces and virial for a configuration (metal units: eV, Å).
 *
 * <p>Conventions: positions are {@code (N, 3)} row-major; {@code cell} is 9 numbers, row-major, rows are the
 * lattice vectors a, b, c (Å), {@code null} for a molecule; {@code pbc} says which lattice directions are periodic.
 * Forces are F = −∂E/∂r (eV/Å). The virial is W = −∂E/∂ε (eV), ε a symmetric strain applied to positions and cell
 * alike (r' = r(1+ε), cell' = cell(1+ε)); the stress ASE reports is σ = −W/V.
 *
 * <p>Neighbour lists are the force field's business: an implementation may cache one between calls (see
 * {@link VerletList} for the skin logic) and must then detect by itself when the cached list went stale, e.g.
 * because an atom moved more than skin/2 or the cell changed. Implementations need not be thread-safe.
 */
public interface ForceField {

    /**
     * @param positions     (N, 3) Å
     * @param atomicNumbers (N)
     * @param cell          (3, 3) rows = lattice vectors, or null
     * @param pbc           (3) or null (= no periodicity)
     */
    Result compute(double[] positions, int[] atomicNumbers, double[] cell, boolean[] pbc);

    /**
     * @param energy E (eV)
     * @param forces (N, 3) eV/Å
     * @param virial (3, 3) eV, = −∂E/∂ε, or null when not available
     */
    record Result(double energy, double[] forces, double[] virial) {}

    /** Interaction range (Å), for neighbour-list skin logic of callers. */
    double cutoff();
}
