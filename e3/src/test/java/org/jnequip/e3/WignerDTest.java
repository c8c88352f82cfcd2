package org.jnequip.e3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jnequip.tensor.Rng;
import org.junit.jupiter.api.Test;

/** Wigner-D: D^1 = R, orthogonality, homomorphism, SH equivariance with inversion, CG-recursion cross-check. */
class WignerDTest {
    private final Rng rng = new Rng(5);

    @Test
    void rotationsAreProperAndAxisAngleIsRightHanded() {
        for (int t = 0; t < 5; t++) {
            double[] R = Rotations.random(rng);
            assertTrue(TestMat.maxDiff(TestMat.mul(R, TestMat.transpose(R, 3, 3), 3), TestMat.identity(3)) < 1e-14);
            assertEquals(1.0, Rotations.det(R), 1e-14);
        }
        double[] Rz = Rotations.fromAxisAngle(new double[]{0, 0, 2}, Math.PI / 2);
        assertTrue(TestMat.maxDiff(new double[]{0, 1, 0}, Rotations.apply(Rz, new double[]{1, 0, 0})) < 1e-15);
    }

    @Test
    void l1IsTheCartesianMatrixAndL0IsOne() {
        for (int t = 0; t < 3; t++) {
            double[] R = Rotations.random(rng);
            assertTrue(TestMat.maxDiff(R, WignerD.d(1, R)) < 1e-14);
            assertEquals(1.0, WignerD.d(0, R)[0], 1e-15);
        }
        assertTrue(TestMat.maxDiff(TestMat.identity(17), WignerD.d(8, TestMat.identity(3))) < 1e-13);
    }

    @Test
    void orthogonalAndHomomorphism() {
        double[] R1 = Rotations.random(rng), R2 = Rotations.random(rng), R12 = Rotations.mul(R1, R2);
        for (int l = 0; l <= 10; l++) {
            int d = 2 * l + 1;
            double[] D1 = WignerD.d(l, R1), D2 = WignerD.d(l, R2), D12 = WignerD.d(l, R12);
            assertTrue(TestMat.maxDiff(TestMat.mul(D1, TestMat.transpose(D1, d, d), d), TestMat.identity(d)) < 1e-12, "orthogonal l=" + l);
            assertTrue(TestMat.maxDiff(TestMat.mul(D1, D2, d), D12) < 1e-12, "homomorphism l=" + l);
        }
    }

    @Test
    void sphericalHarmonicsAreEquivariantIncludingInversion() {
        int lmax = 8;
        for (int t = 0; t < 3; t++) {
            double[] R = Rotations.random(rng);
            double[] v = rng.normal(3);
            double[] rv = Rotations.apply(R, v), mrv = {-rv[0], -rv[1], -rv[2]};
            for (int l = 0; l <= lmax; l++) {
                Irrep ir = new Irrep(l, l % 2 == 0 ? 1 : -1);   // SH parity (−1)^l
                double[] y = SphericalHarmonics.values(l, v), yr = SphericalHarmonics.values(l, rv), ymr = SphericalHarmonics.values(l, mrv);
                int d = 2 * l + 1;
                assertTrue(TestMat.maxDiff(yr, TestMat.mul(WignerD.d(l, R), y, d, d, 1)) < 1e-10, "rotation l=" + l);
                assertTrue(TestMat.maxDiff(ymr, TestMat.mul(WignerD.d(ir, R, true), y, d, d, 1)) < 1e-10, "rotation+inversion l=" + l);
                double[] fromQ = WignerD.fromMatrix(ir, new double[]{-R[0], -R[1], -R[2], -R[3], -R[4], -R[5], -R[6], -R[7], -R[8]});
                assertTrue(TestMat.maxDiff(fromQ, WignerD.d(ir, R, true)) < 1e-15);
            }
        }
    }

    @Test
    void agreesWithClebschGordanRecursion() {
        // D^{l+1} = Pᵀ (D^l ⊗ D^1) P with P = √(2l+3)·C^{(l,1,l+1)} viewed as ((2l+1)·3, 2l+3)
        double[] R = Rotations.random(rng);
        double[] D = WignerD.d(1, R);
        for (int l = 1; l < 7; l++) {
            int a = 2 * l + 1, n = 3 * a, b = 2 * l + 3;
            double[] P = Wigner3j.get(l, 1, l + 1);
            for (int i = 0; i < P.length; i++) P[i] *= Math.sqrt(b);
            double[] kron = new double[n * n];
            for (int i = 0; i < a; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < a; k++) for (int m = 0; m < 3; m++)
                kron[(i * 3 + j) * n + k * 3 + m] = D[i * a + k] * R[j * 3 + m];
            double[] next = TestMat.mul(TestMat.transpose(P, n, b), TestMat.mul(kron, P, n, n, b), b, n, b);
            double err = TestMat.maxDiff(next, WignerD.d(l + 1, R));
            assertTrue(err < 1e-12, "l=" + (l + 1) + " err " + err);
            D = next;
        }
    }

    @Test
    void irrepsBlockDiagonal() {
        Irreps x = Irreps.parse("2x0e+1x1o+2x2e+1x0o");
        double[] R = Rotations.random(rng);
        double[] D = x.D(R, true);
        int n = x.dim();
        assertEquals(n * n, D.length);
        double[] v = rng.normal(n), dv = TestMat.mul(D, v, n, n, 1);
        // block by block: copy u of entry i transforms with p·D^l(R)
        for (int i = 0; i < x.size(); i++) {
            MulIrrep m = x.get(i);
            int d = m.ir().dim();
            double[] b = WignerD.d(m.ir(), R, true);
            for (int u = 0; u < m.mul(); u++) {
                int o = x.offset(i) + u * d;
                double[] part = java.util.Arrays.copyOfRange(v, o, o + d);
                assertTrue(TestMat.maxDiff(java.util.Arrays.copyOfRange(dv, o, o + d), TestMat.mul(b, part, d, d, 1)) < 1e-14);
            }
        }
        assertEquals(-1.0, D[(n - 1) * n + n - 1], 1e-15);   // 0o flips under inversion
        assertEquals(1.0, D[0], 1e-15);
    }

    @Test
    void rejectsNonRotations() {
        assertThrows(IllegalArgumentException.class, () -> WignerD.d(2, new double[]{1, 0, 0, 0, 1, 0, 0, 0, 2}));
        assertThrows(IllegalArgumentException.class, () -> WignerD.d(2, new double[]{-1, 0, 0, 0, 1, 0, 0, 0, 1}));
        assertThrows(IllegalArgumentException.class, () -> WignerD.d(2, new double[8]));
        assertThrows(IllegalArgumentException.class, () -> Irreps.parse("1o").D(new double[9], false));
    }
}
