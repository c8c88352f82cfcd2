package org.jnequip.nequip.neighbors;

/**
 * The coordinate frame a neighbour search bins atoms in: an invertible "effective" cell E (rows = vectors),
 * its inverse and the perpendicular widths of the parallelepiped.
 *
 * <p>E equals the real cell on periodic axes. On non-periodic axes a zero lattice vector is replaced by a
 * unit vector orthogonal to the others (a slab with cell [a, b, 0] gets c = a×b/|a×b|); with no periodic
 * axis at all E is the identity, whatever the cell, so molecules bin in Cartesian coordinates.
 * Fractional coordinates are f = r · E⁻¹; the width along axis k (distance between the two faces spanned
 * by the other two vectors) is w_k = |det E| / |E_l × E_m|, and |Δf_k| ≤ |Δr| / w_k.
 */
final class CellFrame {
    final double[] e = new double[9];     // (3, 3) effective cell, rows = vectors
    final double[] inv = new double[9];   // (3, 3) E⁻¹, f = r · inv
    final double[] width = new double[3];

    CellFrame(double[] cell, boolean[] pbc) {
        boolean any = pbc[0] || pbc[1] || pbc[2];
        if (!any) {
            e[0] = e[4] = e[8] = 1;
        } else {
            System.arraycopy(cell, 0, e, 0, 9);
            int nonZero = 0;
            for (int k = 0; k < 3; k++) {
                boolean zero = norm(row(e, k)) == 0;
                if (zero && pbc[k]) throw new IllegalArgumentException("neighbour list: axis " + k + " is periodic but lattice vector " + k + " is zero");
                if (!zero) nonZero++;
            }
            if (nonZero == 1) {
                int a = norm(row(e, 0)) > 0 ? 0 : norm(row(e, 1)) > 0 ? 1 : 2;
                double[] va = row(e, a);
                int axis = Math.abs(va[0]) <= Math.abs(va[1]) && Math.abs(va[0]) <= Math.abs(va[2]) ? 0 : Math.abs(va[1]) <= Math.abs(va[2]) ? 1 : 2;
                double[] ax = new double[3];
                ax[axis] = 1;
                double[] u = unit(cross(va, ax));
                setRow(e, (a + 1) % 3, u);
                setRow(e, (a + 2) % 3, unit(cross(va, u)));
            } else if (nonZero == 2) {
                int z = norm(row(e, 0)) == 0 ? 0 : norm(row(e, 1)) == 0 ? 1 : 2;
                double[] c = cross(row(e, (z + 1) % 3), row(e, (z + 2) % 3));
                if (norm(c) == 0) throw new IllegalArgumentException("neighbour list: the two non-zero lattice vectors are parallel");
                setRow(e, z, unit(c));
            }
        }
        double det = e[0] * (e[4] * e[8] - e[5] * e[7]) - e[1] * (e[3] * e[8] - e[5] * e[6]) + e[2] * (e[3] * e[7] - e[4] * e[6]);
        double scale = norm(row(e, 0)) * norm(row(e, 1)) * norm(row(e, 2));
        if (!(Math.abs(det) > 1e-12 * scale))
            throw new IllegalArgumentException("neighbour list: cell is singular (det " + det + ")");
        for (int k = 0; k < 3; k++) {
            double[] c = cross(row(e, (k + 1) % 3), row(e, (k + 2) % 3));  // E⁻¹ column k = (E_l × E_m)/det
            for (int r = 0; r < 3; r++) inv[3 * r + k] = c[r] / det;
            width[k] = Math.abs(det) / norm(c);
        }
    }

    static double[] row(double[] m, int k) { return new double[] {m[3 * k], m[3 * k + 1], m[3 * k + 2]}; }
    private static void setRow(double[] m, int k, double[] v) { System.arraycopy(v, 0, m, 3 * k, 3); }
    static double norm(double[] v) { return Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]); }
    private static double[] unit(double[] v) { double n = norm(v); return new double[] {v[0] / n, v[1] / n, v[2] / n}; }
    static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }
}
