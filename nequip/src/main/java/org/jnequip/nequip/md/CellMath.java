package org.jnequip.nequip.md;

/**
 * Small 3×3 helpers for cells stored as 9 numbers, row-major, rows = lattice vectors (ASE's convention).
 * A Cartesian row vector r and its fractional coordinates f are related by r = f·cell, f = r·cell⁻¹.
 * The perpendicular width along lattice direction k is h_k = V / |a_i × a_j| (i, j the other two).
 */
public final class CellMath {
    private CellMath() {}

    /** Signed determinant (the volume, up to sign). */
    public static double det(double[] c) {
        return c[0] * (c[4] * c[8] - c[5] * c[7]) - c[1] * (c[3] * c[8] - c[5] * c[6])
                + c[2] * (c[3] * c[7] - c[4] * c[6]);
    }

    public static double volume(double[] cell) { return Math.abs(det(cell)); }

    /** Matrix inverse; throws for a singular cell. */
    public static double[] inverse(double[] c) {
        double d = det(c);
        if (!(Math.abs(d) > 1e-12)) throw new IllegalArgumentException("cell: singular (det = " + d + ")");
        double[] inv = {
                c[4] * c[8] - c[5] * c[7], c[2] * c[7] - c[1] * c[8], c[1] * c[5] - c[2] * c[4],
                c[5] * c[6] - c[3] * c[8], c[0] * c[8] - c[2] * c[6], c[2] * c[3] - c[0] * c[5],
                c[3] * c[7] - c[4] * c[6], c[1] * c[6] - c[0] * c[7], c[0] * c[4] - c[1] * c[3]};
        for (int k = 0; k < 9; k++) inv[k] /= d;
        return inv;
    }

    /** Perpendicular widths h_k = V / |a_i × a_j| of the three lattice directions. */
    public static double[] widths(double[] c) {
        double v = volume(c);
        double[] h = new double[3];
        for (int k = 0; k < 3; k++) {
            int i = (k + 1) % 3, j = (k + 2) % 3;
            double x = c[3 * i + 1] * c[3 * j + 2] - c[3 * i + 2] * c[3 * j + 1];
            double y = c[3 * i + 2] * c[3 * j] - c[3 * i] * c[3 * j + 2];
            double z = c[3 * i] * c[3 * j + 1] - c[3 * i + 1] * c[3 * j];
            h[k] = v / Math.sqrt(x * x + y * y + z * z);
        }
        return h;
    }

    /** out (3) = v (3) · m (3, 3), a row vector times a matrix. */
    public static void rowTimes(double x, double y, double z, double[] m, double[] out) {
        out[0] = x * m[0] + y * m[3] + z * m[6];
        out[1] = x * m[1] + y * m[4] + z * m[7];
        out[2] = x * m[2] + y * m[5] + z * m[8];
    }

    /** True when the cell is absent or all zero (ASE sends zeros for a molecule). */
    public static boolean isEmpty(double[] cell) {
        if (cell == null) return true;
        for (double v : cell) if (v != 0) return false;
        return true;
    }

    /** Checks a cell argument: null or 9 finite numbers. */
    public static void check(double[] cell, String where) {
        if (cell == null) return;
        if (cell.length != 9) throw new IllegalArgumentException(where + ": cell must have 9 numbers, got " + cell.length);
        for (double v : cell) if (!Double.isFinite(v)) throw new IllegalArgumentException(where + ": cell has a non-finite entry");
    }
}
