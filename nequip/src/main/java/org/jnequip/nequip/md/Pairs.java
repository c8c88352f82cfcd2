package org.jnequip.nequip.md;

/**
 * Brute-force enumeration of all atom pairs closer than a cutoff, with periodic images, exact for any cell
 * (small or skewed): O(N² · images). Used by the Lennard-Jones reference and the analyses.
 *
 * <p>Each unordered pair is visited once, with d = r_j + n·cell − r_i and |d| < rc: for i &lt; j every image
 * n ∈ Z³ (n_k = 0 along non-periodic directions); for i = j only n ≠ 0 with its first non-zero component
 * positive (n and −n are the same pair). So E = Σ_visited φ(|d|) is the full periodic pair energy.
 *
 * <p>Image range per pair: with f = (r_j − r_i)·cell⁻¹, the distance to the lattice plane spanned by the other
 * two vectors gives |d| ≥ |f_k + n_k| h_k, so only ⌈−rc/h_k − f_k⌉ ≤ n_k ≤ ⌊rc/h_k − f_k⌋ can contribute.
 */
public final class Pairs {
    private Pairs() {}

    /** Receives one pair: atoms i ≤ j, d = (dx, dy, dz) with r2 = |d|², and the image shift s = n·cell. */
    @FunctionalInterface
    public interface Visitor {
        void visit(int i, int j, double dx, double dy, double dz, double r2, double sx, double sy, double sz);
    }

    /**
     * @param pos  (N, 3) Å
     * @param cell (3, 3) rows = lattice vectors, or null
     * @param pbc  (3) or null
     */
    public static void forEach(double[] pos, double[] cell, boolean[] pbc, double rc, Visitor v) {
        if (pos.length % 3 != 0) throw new IllegalArgumentException("pairs: positions length " + pos.length + " is not 3N");
        int n = pos.length / 3;
        double rc2 = rc * rc;
        boolean periodic = pbc != null && !CellMath.isEmpty(cell) && (pbc[0] || pbc[1] || pbc[2]);
        if (!periodic) {
            for (int i = 0; i < n; i++)
                for (int j = i + 1; j < n; j++) {
                    double dx = pos[3 * j] - pos[3 * i], dy = pos[3 * j + 1] - pos[3 * i + 1], dz = pos[3 * j + 2] - pos[3 * i + 2];
                    double r2 = dx * dx + dy * dy + dz * dz;
                    if (r2 < rc2) v.visit(i, j, dx, dy, dz, r2, 0, 0, 0);
                }
            return;
        }
        double[] inv = CellMath.inverse(cell), h = CellMath.widths(cell), f = new double[3];
        int[] lo = new int[3], hi = new int[3];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double bx = pos[3 * j] - pos[3 * i], by = pos[3 * j + 1] - pos[3 * i + 1], bz = pos[3 * j + 2] - pos[3 * i + 2];
                CellMath.rowTimes(bx, by, bz, inv, f);
                for (int k = 0; k < 3; k++) {
                    if (pbc[k]) {
                        lo[k] = (int) Math.ceil(-rc / h[k] - f[k]);
                        hi[k] = (int) Math.floor(rc / h[k] - f[k]);
                    } else {
                        lo[k] = 0;
                        hi[k] = 0;
                    }
                }
                for (int a = lo[0]; a <= hi[0]; a++)
                    for (int b = lo[1]; b <= hi[1]; b++)
                        for (int c = lo[2]; c <= hi[2]; c++) {
                            if (i == j && !positive(a, b, c)) continue;
                            double sx = a * cell[0] + b * cell[3] + c * cell[6];
                            double sy = a * cell[1] + b * cell[4] + c * cell[7];
                            double sz = a * cell[2] + b * cell[5] + c * cell[8];
                            double dx = bx + sx, dy = by + sy, dz = bz + sz;
                            double r2 = dx * dx + dy * dy + dz * dz;
                            if (r2 < rc2) v.visit(i, j, dx, dy, dz, r2, sx, sy, sz);
                        }
            }
        }
    }

    /** First non-zero component positive (so exactly one of n, −n passes; 0 fails). */
    static boolean positive(int a, int b, int c) {
        return a > 0 || (a == 0 && (b > 0 || (b == 0 && c > 0)));
    }
}
