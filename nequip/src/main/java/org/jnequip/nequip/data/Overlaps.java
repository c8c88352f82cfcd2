package org.jnequip.nequip.data;

import java.util.Locale;
import org.jnequip.nequip.neighbors.Edges;
import org.jnequip.nequip.neighbors.NeighborList;

/**
 * Atoms too close to be real: the closest pair (periodic images included) nearer than a given distance. Two atoms
 * on one spot (a line pasted twice, a cell so small that an atom meets its own image) leave the direction of their
 * edge undefined (0/0), and every prediction of the model becomes NaN; finding such a pair first turns that into a
 * message naming the atoms. The search is the neighbour list with the small distance as its cutoff, O(N).
 */
public final class Overlaps {
    private Overlaps() {}

    /** Closer than this (Å) is an error in data files: far below any bond (H₂: 0.74 Å), so only broken input is refused. */
    public static final double MIN_DATA_DISTANCE = 0.1;

    /** Atoms i &lt; j (i = j: an atom and its own periodic image) at this distance (Å). */
    public record Pair(int i, int j, double distance, boolean image) {
        /** "atoms 0 (C) and 1 (C) are 0.0000 Å apart", naming a periodic image when it is one. */
        public String describe(int[] atomicNumbers) {
            String what = i == j ? "atom " + i + " (" + Elements.symbol(atomicNumbers[i]) + ") and its own periodic image are"
                    : "atoms " + i + " (" + Elements.symbol(atomicNumbers[i]) + ") and " + j + " (" + Elements.symbol(atomicNumbers[j]) + ")"
                    + (image ? " (periodic image)" : "") + " are";
            return String.format(Locale.ROOT, "%s %.4f Å apart", what, distance);
        }
    }

    /** Why a frame of a data file cannot be real, or null: two atoms closer than {@link #MIN_DATA_DISTANCE}. */
    public static String inData(Structure s) {
        Pair p = closest(s, MIN_DATA_DISTANCE);
        return p == null ? null : p.describe(s.atomicNumbers()) + "; no real structure has atoms closer than " + MIN_DATA_DISTANCE
                + " Å (a line given twice, or a cell too small?)";
    }

    /** The closest pair nearer than {@code within} Å in a structure, or null. */
    public static Pair closest(Structure s, double within) {
        return closest(s.positions(), s.cell(), s.pbc(), within);
    }

    /** The closest pair nearer than {@code within} Å, or null; positions (N, 3), cell (3, 3) or null, pbc (3) or null. */
    public static Pair closest(double[] positions, double[] cell, boolean[] pbc, double within) {
        Edges e = NeighborList.build(positions, cell, pbc, within);
        if (e.count() == 0) return null;
        double[] d = e.lengths(positions, cell);
        int best = 0;
        for (int k = 1; k < e.count(); k++) if (d[k] < d[best]) best = k;
        int i = e.center()[best], j = e.neighbor()[best];
        boolean image = e.shifts()[3 * best] != 0 || e.shifts()[3 * best + 1] != 0 || e.shifts()[3 * best + 2] != 0;
        return new Pair(Math.min(i, j), Math.max(i, j), d[best], image);
    }
}
