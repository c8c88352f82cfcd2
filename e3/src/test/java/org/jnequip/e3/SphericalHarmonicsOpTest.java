package org.jnequip.e3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jnequip.autograd.GradCheck;
import org.jnequip.autograd.Tape;
import org.jnequip.autograd.Var;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The differentiable spherical-harmonics op: gradients of order 1–3, equivariance, layouts and errors. */
class SphericalHarmonicsOpTest {
    private static Tensor vectors(int n, long seed) {
        return new Rng(seed).normal(DType.F64, n, 3);
    }

    @Test
    void gradCheckOrders1And2UpToL4() {
        Tensor v = vectors(3, 1);
        for (int lmax = 0; lmax <= 4; lmax++)
            for (boolean normalize : new boolean[]{false, true}) {
                int l = lmax;
                GradCheck.check(x -> SphericalHarmonics.forward(x[0], l, normalize), 2, v);
            }
    }

    /** Third order: GradCheck at order 2 of the "forces" −∂(Σ r·Y)/∂v, themselves a recorded gradient. */
    @Test
    void gradCheckThirdOrder() {
        Tensor v = vectors(2, 2);
        Tensor r = new Rng(3).normal(DType.F64, 2, 16);
        GradCheck.check(x -> {
            Var p = x[0].requiresGrad() ? x[0] : Var.param(x[0].value());   // GradCheck's shape probe passes constants
            return Tape.grad(SphericalHarmonics.forward(p, 3, true).mul(Var.constant(r)).sum(), p, true);
        }, 2, v);
    }

    /** The derivative constant c_l = √l(2l+1) in ∂P^l_i/∂v_j = c_l Σ_k C_ijk P^{l−1}_k, against central differences. */
    @Test
    void derivativeIsCgContractionOfLowerDegree() {
        double[] v = {0.3, -1.1, 0.8};
        double h = 1e-6;
        for (int l = 1; l <= 6; l++) {
            int d = 2 * l + 1, dp = 2 * l - 1;
            double[] prev = SphericalHarmonics.values(l - 1, v, false, "component");
            double[] cg = Wigner3j.get(l, 1, l - 1);
            for (int j = 0; j < 3; j++) {
                double[] vp = v.clone(), vm = v.clone();
                vp[j] += h;
                vm[j] -= h;
                double[] yp = SphericalHarmonics.values(l, vp, false, "component"), ym = SphericalHarmonics.values(l, vm, false, "component");
                for (int i = 0; i < d; i++) {
                    double s = 0;
                    for (int k = 0; k < dp; k++) s += cg[(i * 3 + j) * dp + k] * prev[k];
                    double numeric = (yp[i] - ym[i]) / (2 * h);
                    assertEquals(numeric, Math.sqrt(l) * (2 * l + 1) * s, 1e-6 * (1 + Math.abs(numeric)), "l=" + l + " i=" + i + " j=" + j);
                }
            }
        }
    }

    /** Y(Q v) = D(Q) Y(v) for random rotations times inversion, Y of irreps 0e+1o+2e+3o+4e. */
    @Test
    void equivariantUnderRotationAndInversion() {
        Tensor v = vectors(16, 4);
        Irreps sh = Irreps.sphericalHarmonics(4, -1);
        for (int k = 0; k < 4; k++) {
            double[] r = LayerChecks.rotation(100 + k);
            boolean inv = k % 2 == 1;
            double[] q = r.clone();
            if (inv) for (int i = 0; i < 9; i++) q[i] = -q[i];
            for (boolean normalize : new boolean[]{false, true}) {
                double err = LayerChecks.equivarianceError(x -> SphericalHarmonics.forward(x, sh, normalize), v, q, sh.D(r, inv));
                assertTrue(err <= 1e-10, "equivariance error " + err + " (inversion " + inv + ", normalize " + normalize + ")");
            }
        }
    }

    @Test
    void degreeListsAndIrrepsSelectBlocks() {
        Tensor v = vectors(5, 5);
        double[] all = SphericalHarmonics.forward(Var.constant(v), 3, true).value().toDoubleArray();
        double[] sel = SphericalHarmonics.forward(Var.constant(v), Irreps.parse("2e+0e+2x1o"), true).value().toDoubleArray();
        int[][] cols = {{4, 5, 6, 7, 8}, {0}, {1, 2, 3}, {1, 2, 3}};
        for (int e = 0; e < 5; e++) {
            int c = 0;
            for (int[] block : cols) for (int src : block) assertEquals(all[e * 16 + src], sel[e * 12 + c++], 0.0);
        }
        double[] ref = SphericalHarmonics.all(3, v.toDoubleArray(), true, "component");
        LayerChecks.close(ref, all, 1e-14, "forward vs SphericalHarmonics.all");
        assertThrows(IllegalArgumentException.class, () -> SphericalHarmonics.forward(Var.constant(v), Irreps.parse("0e+1e+2e+1o"), true));
        assertThrows(IllegalArgumentException.class, () -> SphericalHarmonics.forward(Var.constant(Tensor.zeros(DType.F64, 4, 2)), 2, true));
    }

    /** A zero vector gives 0 for l ≥ 1 and finite gradients (torch's normalize: x / max(|x|, 1e-12)). */
    @Test
    void zeroVectorIsFinite() {
        Var v = Var.param(Tensor.of(new double[]{0, 0, 0, 1, 2, 2}, 2, 3));
        Var y = SphericalHarmonics.forward(v, 2, true);
        Var g = Tape.grad(y.sum(), v, false);
        assertTrue(y.value().allFinite() && g.value().allFinite(), "non-finite output " + y + " / " + g);
        assertEquals(1.0, y.value().get(0, 0), 0.0);
        for (int m = 1; m < 9; m++) assertEquals(0.0, y.value().get(0, m), 0.0);
    }

    @Test
    void float32MatchesFloat64() {
        Tensor v = vectors(64, 6);
        double[] d = SphericalHarmonics.forward(Var.constant(v), 4, true).value().toDoubleArray();
        Var f = SphericalHarmonics.forward(Var.constant(v.to(DType.F32)), 4, true);
        assertEquals(DType.F32, f.dtype());
        LayerChecks.close(d, f.value().toDoubleArray(), 2e-5, "float32 vs float64");
    }
}
