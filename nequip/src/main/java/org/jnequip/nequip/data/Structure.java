package org.jnequip.nequip.data;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One atomic structure (a frame): N atoms with positions and atomic numbers, an optional cell and
 * periodicity, and optional reference labels (total energy, forces, stress) plus free-form per-frame info.
 *
 * <p>Conventions (ASE's): positions in Å, {@code positions[3*i + k]} = r_i,k, shape (N, 3); the cell is
 * (3, 3) row-major with rows = lattice vectors a_0, a_1, a_2, so a point with fractional coordinates f is
 * at r = f · cell; energy in eV; forces (N, 3) in eV/Å; stress (3, 3) in eV/Å³ with ASE's sign
 * (σ = (1/V) ∂E/∂ε, positive = tensile); volume V = |det cell|.
 *
 * <p>Immutable: the constructor copies every array and the accessors return copies. It validates lengths
 * and finiteness and throws {@link IllegalArgumentException} naming the field.
 */
public final class Structure {
    private final double[] positions;   // (N, 3)
    private final int[] numbers;        // (N)
    private final double[] cell;        // (3, 3) or null
    private final boolean[] pbc;        // (3)
    private final Double energy;
    private final double[] forces;      // (N, 3) or null
    private final double[] stress;      // (3, 3) or null
    private final Map<String, Object> info;

    /**
     * @param positions (N, 3) Å; {@code atomicNumbers} (N), each 1..118; {@code cell} (3, 3) rows = lattice
     *     vectors, or null (no cell); {@code pbc} (3) or null (= F F F); {@code energy} eV or null;
     *     {@code forces} (N, 3) eV/Å or null; {@code stress} (3, 3) eV/Å³ or null; {@code info} or null.
     */
    public Structure(double[] positions, int[] atomicNumbers, double[] cell, boolean[] pbc, Double energy,
                     double[] forces, double[] stress, Map<String, Object> info) {
        Objects.requireNonNull(positions, "Structure: positions is null");
        Objects.requireNonNull(atomicNumbers, "Structure: atomicNumbers is null");
        int n = atomicNumbers.length;
        if (positions.length != 3 * n)
            throw bad("positions", "length " + positions.length + " != 3 * " + n + " atoms");
        for (int i = 0; i < n; i++) {
            int z = atomicNumbers[i];
            if (z < 1 || z > Elements.MAX_Z) throw bad("atomicNumbers", "atom " + i + " has Z=" + z);
        }
        checkFinite("positions", positions);
        if (cell != null) {
            if (cell.length != 9) throw bad("cell", "length " + cell.length + " != 9");
            checkFinite("cell", cell);
        }
        boolean[] p = pbc == null ? new boolean[3] : pbc.clone();
        if (p.length != 3) throw bad("pbc", "length " + p.length + " != 3");
        if (cell == null && (p[0] || p[1] || p[2])) throw bad("pbc", "periodic but there is no cell");
        String problem = cell == null ? null : cellProblem(cell, p);
        if (problem != null) throw bad("cell", problem);
        if (energy != null && !Double.isFinite(energy)) throw bad("energy", "not finite: " + energy);
        if (forces != null) {
            if (forces.length != 3 * n) throw bad("forces", "length " + forces.length + " != 3 * " + n + " atoms");
            checkFinite("forces", forces);
        }
        if (stress != null) {
            if (stress.length != 9) throw bad("stress", "length " + stress.length + " != 9");
            checkFinite("stress", stress);
        }
        this.positions = positions.clone();
        this.numbers = atomicNumbers.clone();
        this.cell = cell == null ? null : cell.clone();
        this.pbc = p;
        this.energy = energy;
        this.forces = forces == null ? null : forces.clone();
        this.stress = stress == null ? null : stress.clone();
        this.info = info == null || info.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(info));
    }

    /** A molecule: no cell, no periodicity, no labels. */
    public static Structure molecule(int[] atomicNumbers, double[] positions) {
        return new Structure(positions, atomicNumbers, null, null, null, null, null, null);
    }

    /** A fully periodic structure (pbc = T T T) with the given cell (3, 3), no labels. */
    public static Structure periodic(int[] atomicNumbers, double[] positions, double[] cell) {
        return new Structure(positions, atomicNumbers, cell, new boolean[] {true, true, true}, null, null, null, null);
    }

    private static IllegalArgumentException bad(String field, String what) {
        return new IllegalArgumentException("Structure: field '" + field + "': " + what);
    }

    private static void checkFinite(String field, double[] a) {
        for (int i = 0; i < a.length; i++)
            if (!Double.isFinite(a[i])) throw bad(field, "non-finite value " + a[i] + " at index " + i);
    }

    // ------------------------------------------------------------------ accessors (copies)
    public int numAtoms() { return numbers.length; }
    /** (N, 3) Å, a copy. */
    public double[] positions() { return positions.clone(); }
    /** r_i,k without copying. */
    public double position(int i, int k) { return positions[3 * i + k]; }
    /** (N), a copy. */
    public int[] atomicNumbers() { return numbers.clone(); }
    public int atomicNumber(int i) { return numbers[i]; }
    /** (3, 3) rows = lattice vectors, a copy, or null when there is no cell. */
    public double[] cell() { return cell == null ? null : cell.clone(); }
    /** (3), a copy. */
    public boolean[] pbc() { return pbc.clone(); }
    public Double energy() { return energy; }
    /** (N, 3) eV/Å, a copy, or null. */
    public double[] forces() { return forces == null ? null : forces.clone(); }
    /** (3, 3) eV/Å³, a copy, or null. */
    public double[] stress() { return stress == null ? null : stress.clone(); }
    /** Unmodifiable per-frame info (String, Long, Double, Boolean, double[], long[] values). */
    public Map<String, Object> info() { return info; }

    public boolean hasCell() { return cell != null && (nonZero(0) || nonZero(1) || nonZero(2)); }
    public boolean isPeriodic() { return pbc[0] || pbc[1] || pbc[2]; }
    private boolean nonZero(int k) { return cell[3 * k] != 0 || cell[3 * k + 1] != 0 || cell[3 * k + 2] != 0; }

    /** |det cell| in Å³; 0 when there is no cell. */
    public double volume() { return cell == null ? 0.0 : Math.abs(det3(cell)); }

    /** Element symbols (N). */
    public String[] symbols() {
        String[] s = new String[numbers.length];
        for (int i = 0; i < s.length; i++) s[i] = Elements.symbol(numbers[i]);
        return s;
    }

    /** Chemical formula in Hill order (C, then H, then alphabetical; alphabetical without C), e.g. "C2H6O". */
    public String formula() {
        java.util.TreeMap<String, Integer> count = new java.util.TreeMap<>();
        for (int z : numbers) count.merge(Elements.symbol(z), 1, Integer::sum);
        StringBuilder b = new StringBuilder();
        if (count.containsKey("C")) {
            for (String s : new String[] {"C", "H"}) {
                Integer c = count.remove(s);
                if (c != null) b.append(s).append(c > 1 ? c.toString() : "");
            }
        }
        count.forEach((s, c) -> b.append(s).append(c > 1 ? c.toString() : ""));
        return b.toString();
    }

    /**
     * Why {@code cell} (3, 3) cannot hold a structure periodic along {@code pbc}, or null if it can: each periodic axis
     * needs a non-zero lattice vector, and the non-zero vectors of a periodic cell must be linearly independent (a
     * flat or collapsed cell has no volume to repeat).
     */
    public static String cellProblem(double[] cell, boolean[] pbc) {
        if (!(pbc[0] || pbc[1] || pbc[2])) return null;
        double[] norms = new double[3];
        int nonZero = 0;
        for (int k = 0; k < 3; k++) {
            norms[k] = Math.sqrt(cell[3 * k] * cell[3 * k] + cell[3 * k + 1] * cell[3 * k + 1] + cell[3 * k + 2] * cell[3 * k + 2]);
            if (norms[k] == 0 && pbc[k]) return "axis " + k + " is periodic but lattice vector " + k + " is zero";
            if (norms[k] > 0) nonZero++;
        }
        if (nonZero == 3 && !(Math.abs(det3(cell)) > 1e-12 * norms[0] * norms[1] * norms[2]))
            return "the cell is singular (volume " + Math.abs(det3(cell)) + " Å³): its three lattice vectors lie in one plane";
        if (nonZero == 2) {
            int a = norms[0] == 0 ? 1 : 0, b = norms[2] == 0 ? 1 : 2;
            double x = cell[3 * a + 1] * cell[3 * b + 2] - cell[3 * a + 2] * cell[3 * b + 1];
            double y = cell[3 * a + 2] * cell[3 * b] - cell[3 * a] * cell[3 * b + 2];
            double z = cell[3 * a] * cell[3 * b + 1] - cell[3 * a + 1] * cell[3 * b];
            if (!(Math.sqrt(x * x + y * y + z * z) > 1e-12 * norms[a] * norms[b]))
                return "the cell is singular: lattice vectors " + a + " and " + b + " are parallel";
        }
        return null;
    }

    /** det of a (3, 3) row-major matrix. */
    static double det3(double[] m) {
        return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6])
                + m[2] * (m[3] * m[7] - m[4] * m[6]);
    }

    // ------------------------------------------------------------------ withers
    public Structure withPositions(double[] newPositions) {
        return new Structure(newPositions, numbers, cell, pbc, energy, forces, stress, info);
    }
    public Structure withCell(double[] newCell, boolean[] newPbc) {
        return new Structure(positions, numbers, newCell, newPbc, energy, forces, stress, info);
    }
    public Structure withEnergy(Double newEnergy) {
        return new Structure(positions, numbers, cell, pbc, newEnergy, forces, stress, info);
    }
    public Structure withForces(double[] newForces) {
        return new Structure(positions, numbers, cell, pbc, energy, newForces, stress, info);
    }
    public Structure withStress(double[] newStress) {
        return new Structure(positions, numbers, cell, pbc, energy, forces, newStress, info);
    }
    public Structure withInfo(Map<String, Object> newInfo) {
        return new Structure(positions, numbers, cell, pbc, energy, forces, stress, newInfo);
    }
    /** The same atoms and cell without energy, forces and stress. */
    public Structure withoutLabels() {
        return new Structure(positions, numbers, cell, pbc, null, null, null, info);
    }

    // ------------------------------------------------------------------ value semantics
    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Structure s)) return false;
        return Arrays.equals(positions, s.positions) && Arrays.equals(numbers, s.numbers)
                && Arrays.equals(cell, s.cell) && Arrays.equals(pbc, s.pbc) && Objects.equals(energy, s.energy)
                && Arrays.equals(forces, s.forces) && Arrays.equals(stress, s.stress) && infoEquals(info, s.info);
    }

    private static boolean infoEquals(Map<String, Object> a, Map<String, Object> b) {
        if (!a.keySet().equals(b.keySet())) return false;
        for (var e : a.entrySet()) if (!Objects.deepEquals(e.getValue(), b.get(e.getKey()))) return false;
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(positions), Arrays.hashCode(numbers), Arrays.hashCode(cell),
                Arrays.hashCode(pbc), energy);
    }

    @Override
    public String toString() {
        return "Structure(" + numAtoms() + " atoms, pbc=" + Arrays.toString(pbc)
                + (cell != null ? ", V=" + volume() : "") + (energy != null ? ", E=" + energy : "")
                + (forces != null ? ", forces" : "") + (stress != null ? ", stress" : "") + ")";
    }
}
