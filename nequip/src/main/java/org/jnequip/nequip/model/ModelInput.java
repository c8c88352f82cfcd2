package org.jnequip.nequip.model;

/**
 * One graph of B structures as the model sees it: atoms of all structures concatenated, and edges from a
 * neighbour list. Edge e goes from neighbour j = {@code neighbor[e]} to centre i = {@code center[e]}
 * (nequip's edge_index[1] → edge_index[0]); its vector is r_j − r_i + shift_e·cell (nequip-spec §5 step 1).
 *
 * @param positions       (N·3) Å, row-major
 * @param types           (N) type index (rank of Z among chemical_symbols)
 * @param atomStructure   (N) structure index of each atom, in [0, B)
 * @param numStructures   B
 * @param center          (E) receiving atom i
 * @param neighbor        (E) sending atom j
 * @param shifts          (E·3) integer cell shifts as doubles
 * @param cells           (B·9) cell rows per structure (zeros for molecules)
 */
public record ModelInput(double[] positions, int[] types, int[] atomStructure, int numStructures,
                         int[] center, int[] neighbor, double[] shifts, double[] cells) {

    public ModelInput {
        int n = types.length;
        if (positions.length != 3 * n) throw new IllegalArgumentException("ModelInput: positions has " + positions.length + " values for " + n + " atoms");
        if (atomStructure.length != n) throw new IllegalArgumentException("ModelInput: atomStructure has " + atomStructure.length + " entries for " + n + " atoms");
        if (center.length != neighbor.length || shifts.length != 3 * center.length)
            throw new IllegalArgumentException("ModelInput: edge arrays disagree (" + center.length + ", " + neighbor.length + ", " + shifts.length / 3 + ")");
        if (cells.length != 9 * numStructures) throw new IllegalArgumentException("ModelInput: cells has " + cells.length + " values for " + numStructures + " structures");
        for (int e = 0; e < center.length; e++) {
            if (center[e] < 0 || center[e] >= n || neighbor[e] < 0 || neighbor[e] >= n)
                throw new IllegalArgumentException("ModelInput: edge " + e + " refers to atom outside [0, " + n + ")");
        }
    }

    public int numAtoms() { return types.length; }

    public int numEdges() { return center.length; }

    /** Structure index of each edge (that of its centre atom). */
    public int[] edgeStructure() {
        int[] s = new int[center.length];
        for (int e = 0; e < s.length; e++) s[e] = atomStructure[center[e]];
        return s;
    }

    /** Atoms per structure. */
    public int[] atomsPerStructure() {
        int[] c = new int[numStructures];
        for (int b : atomStructure) c[b]++;
        return c;
    }
}
