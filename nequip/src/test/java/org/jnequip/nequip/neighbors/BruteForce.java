package org.jnequip.nequip.neighbors;

import java.util.HashSet;
import java.util.Set;

/**
 * Reference neighbour search for tests: every ordered pair (i, j) and every integer shift S that can
 * possibly bring j within r_max of i. The shift range per pair comes from the plane-spacing bound
 * |f_j − f_i + S_k| ≤ |d| / w_k (f fractional coordinates, w_k = V / |a_l × a_m|), solved with Cramer's
 * rule here, independently of the library; the final test is |r_j − r_i + S·cell| &lt; r_max.
 */
final class BruteForce {
    private BruteForce() {}

    /** Edge key "i,j,S0,S1,S2". */
    static String key(int i, int j, int s0, int s1, int s2) { return i + "," + j + "," + s0 + "," + s1 + "," + s2; }

    /** Fails with the first few missing and extra edges when the sets differ. */
    static void assertSameEdges(Set<String> want, Set<String> got, String what) {
        if (want.equals(got)) return;
        Set<String> missing = new java.util.TreeSet<>(want), extra = new java.util.TreeSet<>(got);
        missing.removeAll(got);
        extra.removeAll(want);
        org.junit.jupiter.api.Assertions.fail(what + ": " + missing.size() + " edges missing " + first(missing)
                + ", " + extra.size() + " extra " + first(extra) + " (edges as i,j,S0,S1,S2)");
    }

    private static String first(Set<String> s) {
        return s.stream().limit(8).toList().toString();
    }

    static Set<String> keys(Edges e) {
        Set<String> s = new HashSet<>();
        for (int k = 0; k < e.count(); k++)
            s.add(key(e.center()[k], e.neighbor()[k], e.shifts()[3 * k], e.shifts()[3 * k + 1], e.shifts()[3 * k + 2]));
        return s;
    }

    static Set<String> edges(double[] pos, double[] cell, boolean[] pbc, double rMax) {
        int n = pos.length / 3;
        double[] f = new double[3 * n], w = new double[3];
        boolean any = pbc[0] || pbc[1] || pbc[2];
        if (any) {
            double[] a = {cell[0], cell[1], cell[2]}, b = {cell[3], cell[4], cell[5]}, c = {cell[6], cell[7], cell[8]};
            // a slab cell [a, b, 0] (non-periodic c): any c outside the a-b plane gives valid fractional bounds
            if (norm(c) == 0) c = cross(a, b);
            double vol = Math.abs(dot(a, cross(b, c)));
            w[0] = vol / norm(cross(b, c));
            w[1] = vol / norm(cross(c, a));
            w[2] = vol / norm(cross(a, b));
            double det = dot(a, cross(b, c));
            for (int i = 0; i < n; i++) {
                double[] r = {pos[3 * i], pos[3 * i + 1], pos[3 * i + 2]};
                // r = f0 a + f1 b + f2 c  →  Cramer's rule (only periodic components are used)
                f[3 * i] = dot(r, cross(b, c)) / det;
                f[3 * i + 1] = dot(a, cross(r, c)) / det;
                f[3 * i + 2] = dot(a, cross(b, r)) / det;
            }
        }
        Set<String> out = new HashSet<>();
        double r2 = rMax * rMax;
        int[] lo = new int[3], hi = new int[3];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < 3; k++) {
                    if (!pbc[k]) { lo[k] = hi[k] = 0; continue; }
                    double df = f[3 * j + k] - f[3 * i + k], reach = rMax / w[k] * (1 + 1e-9) + 1e-12;
                    lo[k] = (int) Math.floor(-df - reach);
                    hi[k] = (int) Math.ceil(-df + reach);
                }
                for (int s0 = lo[0]; s0 <= hi[0]; s0++)
                    for (int s1 = lo[1]; s1 <= hi[1]; s1++)
                        for (int s2 = lo[2]; s2 <= hi[2]; s2++) {
                            if (i == j && s0 == 0 && s1 == 0 && s2 == 0) continue;
                            double[] c = cell == null ? new double[9] : cell;
                            double vx = pos[3 * j] - pos[3 * i] + s0 * c[0] + s1 * c[3] + s2 * c[6];
                            double vy = pos[3 * j + 1] - pos[3 * i + 1] + s0 * c[1] + s1 * c[4] + s2 * c[7];
                            double vz = pos[3 * j + 2] - pos[3 * i + 2] + s0 * c[2] + s1 * c[5] + s2 * c[8];
                            if (vx * vx + vy * vy + vz * vz < r2) out.add(key(i, j, s0, s1, s2));
                        }
            }
        return out;
    }

    private static double dot(double[] a, double[] b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
    private static double norm(double[] a) { return Math.sqrt(dot(a, a)); }
    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }
}
