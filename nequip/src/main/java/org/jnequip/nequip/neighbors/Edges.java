package org.jnequip.nequip.neighbors;

/**
 * A directed edge list (nequip's {@code edge_index}, {@code edge_cell_shift}): edge e goes from the centre
 * i = {@code center[e]} (edge_index[0], receives the message) to the neighbour j = {@code neighbor[e]}
 * (edge_index[1]) in the periodic image shifted by the integer vector S = {@code shifts[3e..3e+2]}, so
 * <pre>  edge_vec_e = r_j − r_i + S · cell   (cell rows = lattice vectors)  </pre>
 *
 * @param center   (E) centre atom i
 * @param neighbor (E) neighbour atom j
 * @param shifts   (E, 3) integer cell shift S
 * @param count    E
 */
public record Edges(int[] center, int[] neighbor, int[] shifts, int count) {
    public Edges {
        if (center.length != count || neighbor.length != count || shifts.length != 3 * count)
            throw new IllegalArgumentException("Edges: array lengths " + center.length + ", " + neighbor.length + ", "
                    + shifts.length + " do not match count " + count + " (expected E, E, 3E)");
    }

    /** No edges. */
    public static final Edges EMPTY = new Edges(new int[0], new int[0], new int[0], 0);

    /** Edge vectors (E, 3): r_j − r_i + S·cell; {@code cell} (3, 3) may be null when all shifts are zero. */
    public double[] vectors(double[] positions, double[] cell) {
        double[] v = new double[3 * count];
        for (int e = 0; e < count; e++) {
            int i = center[e], j = neighbor[e];
            int s0 = shifts[3 * e], s1 = shifts[3 * e + 1], s2 = shifts[3 * e + 2];
            if ((s0 != 0 || s1 != 0 || s2 != 0) && cell == null)
                throw new IllegalArgumentException("Edges.vectors: edge " + e + " has a shift but cell is null");
            for (int k = 0; k < 3; k++) {
                double d = positions[3 * j + k] - positions[3 * i + k];
                // same operation order as the cutoff test in NeighborList, so lengths agree bit for bit
                if (cell != null) d = d + s0 * cell[k] + s1 * cell[3 + k] + s2 * cell[6 + k];
                v[3 * e + k] = d;
            }
        }
        return v;
    }

    /** Edge lengths (E): |edge_vec|. */
    public double[] lengths(double[] positions, double[] cell) {
        double[] v = vectors(positions, cell), d = new double[count];
        for (int e = 0; e < count; e++) d[e] = Math.sqrt(v[3 * e] * v[3 * e] + v[3 * e + 1] * v[3 * e + 1] + v[3 * e + 2] * v[3 * e + 2]);
        return d;
    }

    /** Number of edges whose centre is each atom (N): the in-degree of the message sum. */
    public int[] neighborCounts(int numAtoms) {
        int[] c = new int[numAtoms];
        for (int e = 0; e < count; e++) c[center[e]]++;
        return c;
    }
}
