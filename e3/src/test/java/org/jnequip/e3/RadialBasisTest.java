package org.jnequip.e3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jnequip.autograd.GradCheck;
import org.jnequip.autograd.Tape;
import org.jnequip.autograd.Var;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * NequIP's edge embedding B_n(r)·u(r/r_max) (nequip-spec §5 step 4): the Bessel basis and the polynomial
 * cutoff against the direct formulas, the cutoff's closed-form first and second derivatives
 * u'(x) = −p(p+1)(p+2)/2 · x^{p−1}(1−x)² (so u, u', u'' vanish at x = 1 like δ³, δ², δ), and finite-difference
 * gradients of order 1 and 2 in r and in the Bessel frequencies for p = 6, 3 and 2.5.
 */
class RadialBasisTest {
    private static final double R_MAX = 4.0;
    private static final double[] R = {0.3, 0.9, 1.7, 2.5, 3.1, 3.8};   // away from 0 and r_max

    private static double cutoff(double r, double p) {
        double x = r / R_MAX;
        if (x >= 1) return 0;
        return 1 - (p + 1) * (p + 2) / 2 * Math.pow(x, p) + p * (p + 2) * Math.pow(x, p + 1) - p * (p + 1) / 2 * Math.pow(x, p + 2);
    }

    /** du/dr and d²u/dr² from the factorised derivative (independent of the implementation's expansion). */
    private static double[] cutoffDerivatives(double r, double p) {
        double x = r / R_MAX, k = -p * (p + 1) * (p + 2) / 2;
        if (x >= 1) return new double[]{0, 0};
        double d1 = k * Math.pow(x, p - 1) * (1 - x) * (1 - x);
        double d2 = k * ((p - 1) * Math.pow(x, p - 2) * (1 - x) * (1 - x) - 2 * Math.pow(x, p - 1) * (1 - x));
        return new double[]{d1 / R_MAX, d2 / (R_MAX * R_MAX)};
    }

    private static Var lengths(double... r) { return Var.param(Tensor.of(r, r.length)); }

    @Test
    void besselMatchesFormula() {
        int nb = 8;
        double[] w0 = BesselBasis.initialWeights(nb, DType.F64).toDoubleArray();
        for (int n = 0; n < nb; n++) assertEquals(Math.PI * (n + 1), w0[n], 0.0);
        double[] w = {2.9, 6.5, 9.1};                                  // trained frequencies need not be nπ
        double[] got = BesselBasis.forward(lengths(R), Var.constant(Tensor.of(w, 3)), R_MAX).value().toDoubleArray();
        for (int e = 0; e < R.length; e++)
            for (int n = 0; n < 3; n++)
                assertEquals(2 / R_MAX * Math.sin(w[n] * R[e] / R_MAX) / R[e], got[e * 3 + n], 1e-15, "B_" + n + "(" + R[e] + ")");
    }

    @Test
    void cutoffMatchesFormulaAndDerivatives() {
        double[] r = {0.0, 0.3, 1.7, 3.1, 3.99, 4.0, 4.5};
        for (double p : new double[]{6, 3, 2.5}) {
            Var len = lengths(r);
            Var u = PolynomialCutoff.forward(len, R_MAX, p);
            Var du = Tape.grad(u.sum(), len, true);                   // elementwise: u depends on r_e only
            Var d2u = Tape.grad(du.sum(), len, false);
            for (int e = 0; e < r.length; e++) {
                double[] d = cutoffDerivatives(r[e], p);
                assertEquals(cutoff(r[e], p), u.value().get(e), 1e-14, "u(" + r[e] + "), p=" + p);
                assertEquals(d[0], du.value().get(e), 1e-12, "u'(" + r[e] + "), p=" + p);
                if (r[e] > 0) assertEquals(d[1], d2u.value().get(e), 1e-11, "u''(" + r[e] + "), p=" + p);
            }
            assertEquals(1.0, u.value().get(0), 0.0, "u(0)");
        }
        // p = 6 written out: 1 − 28x⁶ + 48x⁷ − 21x⁸
        double x = 0.61;
        assertEquals(1 - 28 * Math.pow(x, 6) + 48 * Math.pow(x, 7) - 21 * Math.pow(x, 8),
                PolynomialCutoff.forward(lengths(x * R_MAX), R_MAX, 6).item(), 1e-15);
    }

    /** u, u', u'' at r_max(1 − δ) shrink like δ³, δ², δ: the envelope meets 0 with two vanishing derivatives. */
    @Test
    void cutoffVanishesSmoothlyAtRMax() {
        for (double p : new double[]{6, 3, 2.5}) {
            double[][] v = new double[2][];
            double[] deltas = {1e-3, 1e-4};   // next-order terms are O(p·δ) relative
            for (int k = 0; k < 2; k++) {
                Var len = lengths(R_MAX * (1 - deltas[k]));
                Var u = PolynomialCutoff.forward(len, R_MAX, p);
                Var du = Tape.grad(u.sum(), len, true);
                Var d2u = Tape.grad(du.sum(), len, false);
                v[k] = new double[]{u.item(), du.item(), d2u.item()};
            }
            for (int order = 0; order < 3; order++) {
                double ratio = v[0][order] / v[1][order], want = Math.pow(10, 3 - order);
                assertEquals(want, ratio, 0.02 * want, "order " + order + " derivative at r_max, p=" + p);
            }
            assertTrue(Math.abs(v[1][0]) < 1e-9 && Math.abs(v[1][1]) < 1e-6 && Math.abs(v[1][2]) < 1e-2, "p=" + p + " values " + java.util.Arrays.toString(v[1]));
            // beyond r_max: exactly 0 with zero gradient
            Var out = lengths(R_MAX, R_MAX + 0.7);
            Var u = PolynomialCutoff.forward(out, R_MAX, p);
            assertEquals(0.0, u.value().get(0), 0.0);
            assertEquals(0.0, u.value().get(1), 0.0);
            assertEquals(0.0, Tape.grad(u.sum(), out, false).value().abs().sum().item(), 0.0);
        }
    }

    @Test
    void gradCheckOrders1And2OfEmbeddingInRAndFrequencies() {
        Tensor r = Tensor.of(R, R.length), w = BesselBasis.initialWeights(4, DType.F64).add(0.1);
        for (double p : new double[]{6, 3, 2.5}) {
            try {
                GradCheck.check(a -> BesselBasis.forward(a[0], a[1], R_MAX).mul(PolynomialCutoff.forward(a[0], R_MAX, p).reshape(R.length, 1)), 2, r, w);
            } catch (AssertionError e) {
                throw new AssertionError("p=" + p + ": " + e.getMessage(), e);
            }
        }
    }

    @Test
    void badArgumentsAreRejected() {
        Var r = lengths(1.0, 2.0);
        assertThrows(IllegalArgumentException.class, () -> PolynomialCutoff.forward(r, 0.0, 6));
        assertThrows(IllegalArgumentException.class, () -> PolynomialCutoff.forward(r, R_MAX, 1.5));
        assertThrows(IllegalArgumentException.class, () -> BesselBasis.forward(r, Var.constant(BesselBasis.initialWeights(3, DType.F64)), -1));
        assertThrows(IllegalArgumentException.class, () -> BesselBasis.forward(r.reshape(2, 1), Var.constant(BesselBasis.initialWeights(3, DType.F64)), R_MAX));
        assertThrows(IllegalArgumentException.class, () -> BesselBasis.initialWeights(0, DType.F64));
    }
}
