package org.jnequip.e3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jnequip.autograd.GradCheck;
import org.jnequip.autograd.Tape;
import org.jnequip.autograd.Var;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Bessel basis and polynomial cutoff: values against the formulas, smoothness at r_max, gradients of order 1–2. */
class RadialTest {
    private static final double R_MAX = 4.0;
    private static final double[] R = {0.3, 1.2, 2.05, 3.3, 3.9, 4.6};

    @Test
    void besselValues() {
        Tensor w = BesselBasis.initialWeights(8, DType.F64);
        assertEquals(3 * Math.PI, w.get(2), 1e-15);
        double[] got = BesselBasis.forward(Var.constant(Tensor.of(R, R.length)), Var.constant(w), R_MAX).value().toDoubleArray();
        for (int e = 0; e < R.length; e++)
            for (int n = 1; n <= 8; n++)
                assertEquals(2 / R_MAX * Math.sin(n * Math.PI * R[e] / R_MAX) / R[e], got[e * 8 + n - 1], 1e-14, "r=" + R[e] + " n=" + n);
    }

    @Test
    void cutoffValuesAndSmoothness() {
        double[] got = PolynomialCutoff.forward(Var.constant(Tensor.of(R, R.length)), R_MAX, 6).value().toDoubleArray();
        for (int e = 0; e < R.length; e++) {
            double x = R[e] / R_MAX;
            double want = x < 1 ? 1 - 28 * Math.pow(x, 6) + 48 * Math.pow(x, 7) - 21 * Math.pow(x, 8) : 0;
            assertEquals(want, got[e], 1e-14, "r=" + R[e]);
        }
        // u(0) = 1 and u, u', u'' → 0 at r_max
        Var r = Var.param(Tensor.of(new double[]{0.0, R_MAX * (1 - 1e-7)}, 2));
        Var u = PolynomialCutoff.forward(r, R_MAX, 6);
        Var du = Tape.grad(u.sum(), r, true);
        Var d2u = Tape.grad(du.sum(), r, false);
        assertEquals(1.0, u.value().get(0), 0.0);
        assertEquals(0.0, u.value().get(1), 1e-13);   // exact value ~1e-19; cancellation in 1 − 28 + 48 − 21
        assertEquals(0.0, du.value().get(1), 1e-12);
        assertEquals(0.0, d2u.value().get(1), 1e-5);
        assertThrows(IllegalArgumentException.class, () -> PolynomialCutoff.forward(r, 0.0, 6));
    }

    /** The edge embedding Bessel(r)·cutoff(r), in r and in the trainable frequencies. */
    @Test
    void gradCheckBesselTimesCutoff() {
        double[] r = {0.7, 1.9, 3.6};
        GradCheck.check(v -> BesselBasis.forward(v[0], v[1], R_MAX).mul(PolynomialCutoff.forward(v[0], R_MAX, 6).reshape(3, 1)), 2,
                Tensor.of(r, 3), BesselBasis.initialWeights(4, DType.F64));
    }
}
