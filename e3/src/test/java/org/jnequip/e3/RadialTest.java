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
 * Bessel basis and polynomial cutoff: values against the formulas, smoothness at r_max, gradients of order 1–2.
 * For p = 6, 3 and 2.5 the cutoff's derivatives are compared with the factorised closed form
 * u'(x) = −p(p+1)(p+2)/2 · x^{p−1}(1−x)², so u, u', u'' vanish at x = 1 like δ³, δ², δ.
 */
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

    private static final double[] PS = {6, 3, 2.5};

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

    /** Trained frequencies need not be nπ. */
    @Test
    void besselWithArbitraryFrequencies() {
        double[] w = {2.9, 6.5, 9.1};
        double[] got = BesselBasis.forward(lengths(R), Var.constant(Tensor.of(w, 3)), R_MAX).value().toDoubleArray();
        for (int e = 0; e < R.length; e++)
            for (int n = 0; n < 3; n++)
                assertEquals(2 / R_MAX * Math.sin(w[n] * R[e] / R_MAX) / R[e], got[e * 3 + n], 1e-15, "B_" + n + "(" + R[e] + ")");
    }

    @Test
    void cutoffMatchesFormulaAndClosedFormDerivatives() {
        double[] r = {0.0, 0.3, 1.7, 3.1, 3.99, 4.0, 4.5};
        for (double p : PS) {
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
    }

    /** u, u', u'' at r_max(1 − δ) shrink like δ³, δ², δ: the envelope meets 0 with two vanishing derivatives. */
    @Test
    void cutoffVanishesLikeDeltaCubedAtRMax() {
        for (double p : PS) {
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
            Var out = lengths(R_MAX, R_MAX + 0.7);                        // at and beyond r_max: 0, zero gradient
            Var u = PolynomialCutoff.forward(out, R_MAX, p);
            assertEquals(0.0, u.value().abs().sum().item(), 0.0);
            assertEquals(0.0, Tape.grad(u.sum(), out, false).value().abs().sum().item(), 0.0);
        }
    }

    /** Order 1 and 2 in r (away from 0 and r_max) and in shifted frequencies, for non-default p (p = 6 above). */
    @Test
    void gradCheckBesselTimesCutoffOtherP() {
        double[] r = {0.3, 0.9, 1.7, 2.5, 3.1, 3.8};
        Tensor w = BesselBasis.initialWeights(4, DType.F64).add(0.1);
        for (double p : new double[]{3, 2.5}) {
            try {
                GradCheck.check(v -> BesselBasis.forward(v[0], v[1], R_MAX).mul(PolynomialCutoff.forward(v[0], R_MAX, p).reshape(r.length, 1)), 2,
                        Tensor.of(r, r.length), w);
            } catch (AssertionError e) {
                throw new AssertionError("p=" + p + ": " + e.getMessage(), e);
            }
        }
    }

    @Test
    void badArgumentsAreRejected() {
        Var r = lengths(1.0, 2.0);
        assertThrows(IllegalArgumentException.class, () -> PolynomialCutoff.forward(r, R_MAX, 1.5));
        assertThrows(IllegalArgumentException.class, () -> BesselBasis.forward(r, Var.constant(BesselBasis.initialWeights(3, DType.F64)), -1));
        assertThrows(IllegalArgumentException.class, () -> BesselBasis.forward(r.reshape(2, 1), Var.constant(BesselBasis.initialWeights(3, DType.F64)), R_MAX));
        assertThrows(IllegalArgumentException.class, () -> BesselBasis.initialWeights(0, DType.F64));
    }
}
