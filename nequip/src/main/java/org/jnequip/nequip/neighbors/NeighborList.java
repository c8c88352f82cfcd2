package org.jnequip.nequip.neighbors;

import java.util.Arrays;

/**
 * Periodic neighbour list in O(N) with cell lists, with nequip/ASE semantics: every (i, j, S) with
 * <pre>  |r_j − r_i + S · cell| &lt; r_max   (strict),   S ∈ ℤ³,  S_k = 0 on non-periodic axes,  </pre>
 * except i = j with S = 0. Periodic self-images (i = i, S ≠ 0) are kept.
 *
 * <p>Method: fractional coordinates f = r · E⁻¹ in the {@link CellFrame} E; on periodic axes atoms are
 * wrapped into [0, 1) by integer offsets w_i. Axis k is cut into n_k bins of perpendicular thickness
 * t_k ≥ r_max (n_k = ⌊w_k / r_max⌋, at least 1; on non-periodic axes the bins cover the atoms' extent).
 * Since |Δf_k| ≤ |Δr| / w_k, a neighbour lies within D_k = ⌈r_max / t_k⌉ bins along k; periodic axes
 * wrap bin indices, the number of wraps being the image shift s, so cells thinner than r_max (D_k &gt; 1,
 * several images) and skewed triclinic cells are exact. A candidate gets S = s + w_j − w_i and is kept
 * when r_j − r_i + S·cell, computed from the original positions, is shorter than r_max.
 *
 * <p>Output order is deterministic: by centre, then neighbour, then shift (lexicographic).
 */
public final class NeighborList {
    private NeighborList() {}

    /** Relative margin on r_max for sizing bins and search ranges (the final test is exact). */
    private static final double MARGIN = 1e-9;

    /**
     * The neighbour list of N atoms (for a {@code Structure s}: {@code build(s.positions(), s.cell(), s.pbc(), rMax)}).
     *
     * @param positions (N, 3) Å
     * @param cell      (3, 3) rows = lattice vectors, or null (then pbc must be all false)
     * @param pbc       (3), or null for F F F
     * @param rMax      cutoff radius, &gt; 0
     */
    public static Edges build(double[] positions, double[] cell, boolean[] pbc, double rMax) {
        if (!(rMax > 0) || !Double.isFinite(rMax)) throw new IllegalArgumentException("neighbour list: r_max must be positive and finite, got " + rMax);
        if (positions.length % 3 != 0) throw new IllegalArgumentException("neighbour list: positions length " + positions.length + " is not a multiple of 3");
        boolean[] per = pbc == null ? new boolean[3] : pbc;
        if ((per[0] || per[1] || per[2]) && (cell == null || cell.length != 9))
            throw new IllegalArgumentException("neighbour list: periodic axes need a (3, 3) cell");
        for (double x : positions) if (!Double.isFinite(x)) throw new IllegalArgumentException("neighbour list: non-finite position " + x);
        int n = positions.length / 3;
        if (n == 0) return Edges.EMPTY;
        CellFrame fr = new CellFrame(cell == null ? new double[9] : cell, per);
        double rs = rMax * (1 + MARGIN);

        // fractional coordinates, wrap offsets w (periodic axes) and per-axis extent (non-periodic axes)
        double[] f = new double[3 * n];
        int[] w = new int[3 * n];
        double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE}, hi = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int i = 0; i < n; i++) {
            double x = positions[3 * i], y = positions[3 * i + 1], z = positions[3 * i + 2];
            for (int k = 0; k < 3; k++) {
                double fk = x * fr.inv[k] + y * fr.inv[3 + k] + z * fr.inv[6 + k];
                if (per[k]) {
                    double fl = Math.floor(fk);
                    w[3 * i + k] = (int) -fl;
                    fk -= fl;
                }
                f[3 * i + k] = fk;
                lo[k] = Math.min(lo[k], fk);
                hi[k] = Math.max(hi[k], fk);
            }
        }
        // bins per axis: fractional bin size binF, count nb, search reach reach
        int[] nb = new int[3], reach = new int[3];
        double[] binF = new double[3], origin = new double[3];
        for (int k = 0; k < 3; k++) {
            double span = per[k] ? 1.0 : hi[k] - lo[k];
            origin[k] = per[k] ? 0.0 : lo[k];
            nb[k] = (int) Math.max(1, Math.min(1 << 20, Math.floor(span * fr.width[k] / rs)));
        }
        long maxBins = Math.max(27L, 2L * n);
        while ((long) nb[0] * nb[1] * nb[2] > maxBins) {
            int k = nb[0] >= nb[1] && nb[0] >= nb[2] ? 0 : nb[1] >= nb[2] ? 1 : 2;
            nb[k] = Math.max(1, nb[k] / 2);
        }
        for (int k = 0; k < 3; k++) {
            binF[k] = (per[k] ? 1.0 : hi[k] - lo[k]) / nb[k];
            if (per[k]) reach[k] = (int) Math.ceil(rs / (binF[k] * fr.width[k]));
            else reach[k] = nb[k] == 1 ? 0 : (int) Math.ceil(rs / (binF[k] * fr.width[k]));
        }
        int totalBins = nb[0] * nb[1] * nb[2];
        int[] bin3 = new int[3 * n], binOf = new int[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                int b = binF[k] > 0 ? (int) Math.floor((f[3 * i + k] - origin[k]) / binF[k]) : 0;
                bin3[3 * i + k] = Math.min(nb[k] - 1, Math.max(0, b));
            }
            binOf[i] = (bin3[3 * i] * nb[1] + bin3[3 * i + 1]) * nb[2] + bin3[3 * i + 2];
        }
        // counting sort of atoms by bin
        int[] start = new int[totalBins + 1];
        for (int i = 0; i < n; i++) start[binOf[i] + 1]++;
        for (int b = 0; b < totalBins; b++) start[b + 1] += start[b];
        int[] order = new int[n], fill = Arrays.copyOf(start, totalBins);
        for (int i = 0; i < n; i++) order[fill[binOf[i]]++] = i;

        double r2 = rMax * rMax;
        double[] c = cell == null ? new double[9] : cell;
        EdgeBuffer out = new EdgeBuffer(Math.max(16, 32 * n));
        EdgeBuffer seg = new EdgeBuffer(64);
        for (int i = 0; i < n; i++) {
            seg.size = 0;
            for (int d0 = -reach[0]; d0 <= reach[0]; d0++) {
                int c0 = bin3[3 * i] + d0, s0 = 0;
                if (per[0]) { s0 = Math.floorDiv(c0, nb[0]); c0 -= s0 * nb[0]; } else if (c0 < 0 || c0 >= nb[0]) continue;
                for (int d1 = -reach[1]; d1 <= reach[1]; d1++) {
                    int c1 = bin3[3 * i + 1] + d1, s1 = 0;
                    if (per[1]) { s1 = Math.floorDiv(c1, nb[1]); c1 -= s1 * nb[1]; } else if (c1 < 0 || c1 >= nb[1]) continue;
                    for (int d2 = -reach[2]; d2 <= reach[2]; d2++) {
                        int c2 = bin3[3 * i + 2] + d2, s2 = 0;
                        if (per[2]) { s2 = Math.floorDiv(c2, nb[2]); c2 -= s2 * nb[2]; } else if (c2 < 0 || c2 >= nb[2]) continue;
                        int b = (c0 * nb[1] + c1) * nb[2] + c2;
                        for (int q = start[b]; q < start[b + 1]; q++) {
                            int j = order[q];
                            int S0 = s0 + w[3 * j] - w[3 * i], S1 = s1 + w[3 * j + 1] - w[3 * i + 1], S2 = s2 + w[3 * j + 2] - w[3 * i + 2];
                            if (j == i && S0 == 0 && S1 == 0 && S2 == 0) continue;
                            double vx = positions[3 * j] - positions[3 * i] + S0 * c[0] + S1 * c[3] + S2 * c[6];
                            double vy = positions[3 * j + 1] - positions[3 * i + 1] + S0 * c[1] + S1 * c[4] + S2 * c[7];
                            double vz = positions[3 * j + 2] - positions[3 * i + 2] + S0 * c[2] + S1 * c[5] + S2 * c[8];
                            if (vx * vx + vy * vy + vz * vz < r2) seg.add(i, j, S0, S1, S2);
                        }
                    }
                }
            }
            seg.sortSegment(n);
            out.append(seg);
        }
        return out.toEdges();
    }
}
