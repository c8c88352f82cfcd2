package org.jnequip.e3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jnequip.tensor.Rng;
import org.junit.jupiter.api.Test;

/** Wigner-3j: nequip-spec §2 check values, orthogonality, O(3) invariance, index-swap symmetry, sparse form. */
class Wigner3jTest {
    private static double at(double[] c, int l2, int l3, int i, int j, int k) { return c[(i * (2 * l2 + 1) + j) * (2 * l3 + 1) + k]; }

    private static double sum(double[] c) { double s = 0; for (double v : c) s += v; return s; }

    @Test
    void specCheckValues() {
        double[] c110 = Wigner3j.get(1, 1, 0);
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) assertEquals(i == j ? 1 / Math.sqrt(3) : 0, at(c110, 1, 0, i, j, 0), 1e-15);
        double[] c111 = Wigner3j.get(1, 1, 1);
        assertEquals(1 / Math.sqrt(6), at(c111, 1, 1, 0, 1, 2), 1e-15);    // ε_xyz/√6
        assertEquals(-1 / Math.sqrt(6), at(c111, 1, 1, 1, 0, 2), 1e-15);
        double[] c112 = Wigner3j.get(1, 1, 2);
        assertEquals(-1 / Math.sqrt(30), at(c112, 1, 2, 0, 0, 2), 1e-15);
        assertEquals(-1 / Math.sqrt(30), at(c112, 1, 2, 2, 2, 2), 1e-15);
        assertEquals(-1 / Math.sqrt(10), at(c112, 1, 2, 0, 0, 4), 1e-15);
        assertEquals(2 / Math.sqrt(30), at(c112, 1, 2, 1, 1, 2), 1e-15);
        for (int[] ijk : new int[][]{{2, 2, 4}, {0, 1, 1}, {1, 0, 1}, {0, 2, 0}, {2, 0, 0}, {1, 2, 3}, {2, 1, 3}})
            assertEquals(1 / Math.sqrt(10), at(c112, 1, 2, ijk[0], ijk[1], ijk[2]), 1e-15);
        double[] c122 = Wigner3j.get(1, 2, 2);   // e3nn ≥ 0.5 sign (opposite to 0.3.5)
        assertEquals(-0.1825741858, at(c122, 2, 2, 0, 0, 1), 1e-10);
        assertEquals(0.1825741858, at(c122, 2, 2, 0, 1, 0), 1e-10);
        assertEquals(-0.3651483717, at(c122, 2, 2, 1, 0, 4), 1e-10);
        double[] c222 = Wigner3j.get(2, 2, 2);
        assertEquals(0.2390457219, at(c222, 2, 2, 2, 2, 2), 1e-10);
        assertEquals(0.7640265631, sum(c222), 1e-10);
        double[] c123 = Wigner3j.get(1, 2, 3);
        assertEquals(0.2927700219, at(c123, 2, 3, 1, 2, 3), 1e-10);
        assertEquals(2.2542331441, sum(c123), 1e-10);
        assertEquals(2.7325281555, sum(Wigner3j.get(2, 2, 4)), 1e-10);
        double[] c220 = Wigner3j.get(2, 2, 0);
        for (int i = 0; i < 5; i++) assertEquals(1 / Math.sqrt(5), at(c220, 2, 0, i, i, 0), 1e-15);
    }

    @Test
    void orthogonalityAndSwapSymmetry() {
        for (int l1 = 0; l1 <= 5; l1++)
            for (int l2 = 0; l2 <= 5; l2++)
                for (int l3 = Math.abs(l1 - l2); l3 <= l1 + l2; l3++) {
                    double[] c = Wigner3j.get(l1, l2, l3), s = Wigner3j.get(l2, l1, l3);
                    int d1 = 2 * l1 + 1, d2 = 2 * l2 + 1, d3 = 2 * l3 + 1;
                    double sign = (l1 + l2 + l3) % 2 == 0 ? 1 : -1;
                    for (int k = 0; k < d3; k++)
                        for (int k2 = 0; k2 < d3; k2++) {
                            double g = 0;
                            for (int i = 0; i < d1; i++) for (int j = 0; j < d2; j++) g += at(c, l2, l3, i, j, k) * at(c, l2, l3, i, j, k2);
                            assertEquals(k == k2 ? 1.0 / d3 : 0, g, 1e-14, "(" + l1 + "," + l2 + "," + l3 + ")");
                        }
                    for (int i = 0; i < d1; i++) for (int j = 0; j < d2; j++) for (int k = 0; k < d3; k++)
                        assertEquals(sign * at(c, l2, l3, i, j, k), at(s, l1, l3, j, i, k), 1e-14);
                }
        assertThrows(IllegalArgumentException.class, () -> Wigner3j.get(2, 2, 5));
    }

    @Test
    void invariantUnderRandomRotationsAndInversion() {
        Rng rng = new Rng(11);
        for (int trial = 0; trial < 2; trial++) {
            double[] R = Rotations.random(rng);
            for (int l1 = 0; l1 <= 4; l1++)
                for (int l2 = 0; l2 <= 4; l2++)
                    for (int l3 = Math.abs(l1 - l2); l3 <= Math.min(l1 + l2, 5); l3++) {
                        double[] c = Wigner3j.get(l1, l2, l3);
                        double[] rc = TestMat.apply3(WignerD.d(l1, R), WignerD.d(l2, R), WignerD.d(l3, R), c, 2 * l1 + 1, 2 * l2 + 1, 2 * l3 + 1);
                        double err = TestMat.maxDiff(c, rc);
                        assertTrue(err < 1e-12, "(" + l1 + "," + l2 + "," + l3 + ") err " + err);
                    }
        }
        // a non-invariant tensor is detected (guards the check itself)
        double[] R = Rotations.random(rng), c = Wigner3j.get(1, 1, 2).clone();
        c[0] += 0.1;
        assertTrue(TestMat.maxDiff(c, TestMat.apply3(WignerD.d(1, R), WignerD.d(1, R), WignerD.d(2, R), c, 3, 3, 5)) > 1e-3);
    }

    @Test
    void sparseMatchesDense() {
        for (int[] t : new int[][]{{1, 1, 2}, {2, 3, 4}, {4, 4, 6}, {6, 5, 3}}) {
            double[] c = Wigner3j.get(t[0], t[1], t[2]);
            List<Wigner3j.Entry> sp = Wigner3j.sparse(t[0], t[1], t[2]);
            double[] back = new double[c.length];
            for (Wigner3j.Entry e : sp) {
                assertTrue(Math.abs(e.c()) > 1e-14);
                back[(e.i() * (2 * t[1] + 1) + e.j()) * (2 * t[2] + 1) + e.k()] = e.c();
            }
            assertEquals(0.0, TestMat.maxDiff(c, back));
            assertTrue(sp.size() < c.length);
        }
    }

    @Test
    void largeLStaysNormalisedAndReal() {
        double[] c = Wigner3j.get(10, 9, 12);
        double n = 0;
        for (double v : c) n += v * v;
        assertEquals(1.0, n, 1e-13);
    }
}
