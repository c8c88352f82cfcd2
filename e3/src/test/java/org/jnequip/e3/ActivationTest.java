package org.jnequip.e3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jnequip.autograd.GradCheck;
import org.jnequip.autograd.Var;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Normalised activations: values, parities, parity rule for odd scalars, gradients of order 1–2. */
class ActivationTest {
    private static final String[] NAMES = {"silu", "ssp", "tanh", "sigmoid", "abs", "relu"};
    // away from the kinks of abs and relu at 0
    private static final double[] X = {-3.2, -1.1, -0.4, 0.35, 0.9, 2.7};

    @Test
    void valuesAreCstTimesF() {
        double ln2 = Math.log(2);
        double[][] f = new double[NAMES.length][X.length];
        for (int i = 0; i < X.length; i++) {
            double x = X[i], s = 1 / (1 + Math.exp(-x));
            f[0][i] = x * s;
            f[1][i] = Math.log1p(Math.exp(x)) - ln2;
            f[2][i] = Math.tanh(x);
            f[3][i] = s;
            f[4][i] = Math.abs(x);
            f[5][i] = Math.max(x, 0);
        }
        for (int a = 0; a < NAMES.length; a++) {
            Activation act = Activation.of(NAMES[a]);
            double c = Normalize2Mom.cst(NAMES[a]);
            assertEquals(Math.abs(c - 1) < 1e-4 ? 1.0 : c, act.factor(), 0.0, NAMES[a]);
            double[] got = act.apply(Var.constant(Tensor.of(X, X.length))).value().toDoubleArray();
            for (int i = 0; i < X.length; i++) assertEquals(c * f[a][i], got[i], 1e-14, NAMES[a] + "(" + X[i] + ")");
        }
        assertEquals(1.6791767923989418, Activation.of("SiLU").factor(), 1e-15);
    }

    @Test
    void parities() {
        int[] want = {0, 0, -1, 0, 1, 0};
        for (int a = 0; a < NAMES.length; a++) assertEquals(want[a], Activation.of(NAMES[a]).parity(), NAMES[a]);
        assertEquals(-1, Activation.of("tanh").outputParity(-1));
        assertEquals(1, Activation.of("abs").outputParity(-1));
        assertEquals(1, Activation.of("tanh").outputParity(1));
        assertThrows(IllegalArgumentException.class, () -> Activation.of("ssp").outputParity(-1));
        assertThrows(IllegalArgumentException.class, () -> Activation.of("gelu"));
    }

    @Test
    void gradCheck() {
        for (String n : NAMES) {
            Activation a = Activation.of(n);
            GradCheck.check(v -> a.apply(v[0]), 2, Tensor.of(X, 2, 3));
        }
    }
}
