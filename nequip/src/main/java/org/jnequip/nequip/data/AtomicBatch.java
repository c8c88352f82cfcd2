package org.jnequip.nequip.data;

import java.util.ArrayList;
import java.util.List;
import org.jnequip.nequip.neighbors.Edges;
import org.jnequip.nequip.neighbors.NeighborList;

/**
 * B structures concatenated into one graph (what a model and a loss consume). Atom indices are global:
 * structure b owns atoms {@code atomOffset[b] .. atomOffset[b+1]-1} and edges {@code edgeOffset[b] ..
 * edgeOffset[b+1]-1}; its edges' centre/neighbour indices are offset by {@code atomOffset[b]} and their
 * shifts refer to that structure's cell, so
 * <pre>  edge_vec_e = pos[j] − pos[i] + S_e · cell[edgeBatch[e]]  </pre>
 * Targets are present only if every structure has them (else null). The arrays are shared, not copied:
 * do not modify them.
 *
 * @param positions    (Ntot, 3) Å
 * @param atomicNumbers (Ntot)
 * @param atomTypes    (Ntot) type index from the {@link TypeMapper}
 * @param batch        (Ntot) structure index of each atom
 * @param atomOffset   (B+1) prefix sums of the atom counts
 * @param cells        (B, 3, 3) rows = lattice vectors; zeros for a structure without a cell
 * @param pbc          (B, 3)
 * @param edgeCenter   (E) global index of the centre i (edge_index[0])
 * @param edgeNeighbor (E) global index of the neighbour j (edge_index[1])
 * @param edgeShift    (E, 3) integer cell shifts
 * @param edgeBatch    (E) structure index of each edge
 * @param edgeOffset   (B+1) prefix sums of the edge counts
 * @param energy       (B) eV, or null
 * @param forces       (Ntot, 3) eV/Å, or null
 * @param stress       (B, 3, 3) eV/Å³, or null
 * @param rMax         the cutoff the edges were built with
 */
public record AtomicBatch(double[] positions, int[] atomicNumbers, int[] atomTypes, int[] batch, int[] atomOffset,
                          double[] cells, boolean[] pbc, int[] edgeCenter, int[] edgeNeighbor, int[] edgeShift,
                          int[] edgeBatch, int[] edgeOffset, double[] energy, double[] forces, double[] stress,
                          double rMax) {

    /** Batches the structures, building each neighbour list with cutoff rMax. */
    public static AtomicBatch of(List<Structure> structures, double rMax, TypeMapper types) {
        List<Edges> edges = new ArrayList<>(structures.size());
        for (Structure s : structures) edges.add(NeighborList.build(s.positions(), s.cell(), s.pbc(), rMax));
        return of(structures, edges, rMax, types);
    }

    /** Batches the structures with precomputed edge lists (one per structure, local atom indices). */
    public static AtomicBatch of(List<Structure> structures, List<Edges> edges, double rMax, TypeMapper types) {
        int nb = structures.size();
        if (edges.size() != nb) throw new IllegalArgumentException("AtomicBatch: " + nb + " structures but " + edges.size() + " edge lists");
        int[] atomOffset = new int[nb + 1], edgeOffset = new int[nb + 1];
        boolean hasE = true, hasF = true, hasS = true;
        for (int b = 0; b < nb; b++) {
            Structure s = structures.get(b);
            atomOffset[b + 1] = atomOffset[b] + s.numAtoms();
            edgeOffset[b + 1] = edgeOffset[b] + edges.get(b).count();
            hasE &= s.energy() != null;
            hasF &= s.forces() != null;
            hasS &= s.stress() != null;
        }
        int n = atomOffset[nb], ne = edgeOffset[nb];
        double[] pos = new double[3 * n], cells = new double[9 * nb];
        int[] z = new int[n], t = new int[n], batch = new int[n];
        boolean[] pbc = new boolean[3 * nb];
        int[] ec = new int[ne], en = new int[ne], es = new int[3 * ne], eb = new int[ne];
        double[] energy = hasE ? new double[nb] : null, forces = hasF ? new double[3 * n] : null, stress = hasS ? new double[9 * nb] : null;
        for (int b = 0; b < nb; b++) {
            Structure s = structures.get(b);
            Edges e = edges.get(b);
            int a0 = atomOffset[b], e0 = edgeOffset[b], na = s.numAtoms();
            System.arraycopy(s.positions(), 0, pos, 3 * a0, 3 * na);
            int[] tb;
            try {
                tb = types.types(s);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("AtomicBatch: structure " + b + ": " + ex.getMessage(), ex);
            }
            for (int i = 0; i < na; i++) { z[a0 + i] = s.atomicNumber(i); t[a0 + i] = tb[i]; batch[a0 + i] = b; }
            double[] c = s.cell();
            if (c != null) System.arraycopy(c, 0, cells, 9 * b, 9);
            boolean[] p = s.pbc();
            System.arraycopy(p, 0, pbc, 3 * b, 3);
            for (int k = 0; k < e.count(); k++) {
                if (e.center()[k] >= na || e.neighbor()[k] >= na)
                    throw new IllegalArgumentException("AtomicBatch: structure " + b + ": edge " + k + " refers to an atom beyond " + na);
                ec[e0 + k] = e.center()[k] + a0;
                en[e0 + k] = e.neighbor()[k] + a0;
                eb[e0 + k] = b;
            }
            System.arraycopy(e.shifts(), 0, es, 3 * e0, 3 * e.count());
            if (hasE) energy[b] = s.energy();
            if (hasF) System.arraycopy(s.forces(), 0, forces, 3 * a0, 3 * na);
            if (hasS) System.arraycopy(s.stress(), 0, stress, 9 * b, 9);
        }
        return new AtomicBatch(pos, z, t, batch, atomOffset, cells, pbc, ec, en, es, eb, edgeOffset, energy, forces, stress, rMax);
    }

    public int numStructures() { return atomOffset.length - 1; }
    public int numAtoms() { return batch.length; }
    public int numEdges() { return edgeCenter.length; }
    /** Atom count of structure b. */
    public int numAtoms(int b) { return atomOffset[b + 1] - atomOffset[b]; }

    /** Edge vectors (E, 3): pos[j] − pos[i] + S·cell[edgeBatch]. */
    public double[] edgeVectors() {
        int ne = numEdges();
        double[] v = new double[3 * ne];
        for (int e = 0; e < ne; e++) {
            int i = edgeCenter[e], j = edgeNeighbor[e], c = 9 * edgeBatch[e];
            int s0 = edgeShift[3 * e], s1 = edgeShift[3 * e + 1], s2 = edgeShift[3 * e + 2];
            for (int k = 0; k < 3; k++)
                v[3 * e + k] = positions[3 * j + k] - positions[3 * i + k] + s0 * cells[c + k] + s1 * cells[c + 3 + k] + s2 * cells[c + 6 + k];
        }
        return v;
    }
}
