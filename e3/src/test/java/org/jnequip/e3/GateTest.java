package org.jnequip.e3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.jnequip.autograd.GradCheck;
import org.jnequip.autograd.Var;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * nn.Gate properties: forward against a column-by-column reference, finite-difference gradients of order 1
 * and 2, and equivariance under rotation × inversion, with even and odd scalars, 0e gates (and 0o gates, which
 * flip the parity of the gated irreps), gated 1o, 2e and 1e.
 */
class GateTest {
    /** Scalars 2x0e (silu) + 1x0o (tanh), gates 3x0e (sigmoid), gated 1x1o + 1x2e + 1x1e. */
    private static final Gate EVEN_GATES = new Gate(Irreps.parse("2x0e+1x0o"), List.of("silu", "tanh"),
            Irreps.parse("3x0e"), List.of("sigmoid"), Irreps.parse("1x1o+1x2e+1x1e"));
    /** Gates 0o under tanh (odd: stays 0o), so the gated 1o, 2e become 1e, 2o. */
    private static final Gate ODD_GATES = new Gate(Irreps.parse("1x0e+2x0o"), List.of("tanh", "tanh"),
            Irreps.parse("2x0o"), List.of("tanh"), Irreps.parse("1x1o+1x2e"));

    @Test
    void layoutsAndForwardMatchReference() {
        assertEquals(Irreps.parse("1x0o+5x0e+1x1o+1x1e+1x2e"), EVEN_GATES.irrepsIn());
        assertEquals(Irreps.parse("2x0e+1x0o+1x1o+1x2e+1x1e"), EVEN_GATES.irrepsOut());
        assertEquals(Irreps.parse("4x0o+1x0e+1x1o+1x2e"), ODD_GATES.irrepsIn());   // scalar and gate 0o channels merge
        assertEquals(Irreps.parse("1x0e+2x0o+1x1e+1x2o"), ODD_GATES.irrepsOut());
        // input columns of EVEN_GATES: [0o | 0e s0, 0e s1, g0, g1, g2 | 1o (3) | 1e (3) | 2e (5)]
        Rng rng = new Rng(1);
        int n = 3, din = EVEN_GATES.irrepsIn().dim(), dout = EVEN_GATES.irrepsOut().dim();
        double[] x = rng.normal(DType.F64, n, din).toDoubleArray();
        double[] got = EVEN_GATES.forward(Var.constant(Tensor.of(x, n, din))).value().toDoubleArray();
        double silu = Normalize2Mom.factor("silu"), tanh = Normalize2Mom.factor("tanh"), sig = Normalize2Mom.factor("sigmoid");
        double[] want = new double[n * dout];
        for (int s = 0; s < n; s++) {
            double[] r = Arrays.copyOfRange(x, s * din, (s + 1) * din);
            double[] o = new double[dout];
            o[0] = silu * r[1] / (1 + Math.exp(-r[1]));
            o[1] = silu * r[2] / (1 + Math.exp(-r[2]));
            o[2] = tanh * Math.tanh(r[0]);
            double[] g = new double[3];
            for (int k = 0; k < 3; k++) g[k] = sig / (1 + Math.exp(-r[3 + k]));
            for (int m = 0; m < 3; m++) o[3 + m] = r[6 + m] * g[0];      // 1o · gate 0
            for (int m = 0; m < 5; m++) o[6 + m] = r[12 + m] * g[1];     // 2e · gate 1
            for (int m = 0; m < 3; m++) o[11 + m] = r[9 + m] * g[2];     // 1e · gate 2
            System.arraycopy(o, 0, want, s * dout, dout);
        }
        LayerChecks.close(want, got, 1e-14, "Gate vs reference");
    }

    @Test
    void gradCheckOrders1And2() {
        Rng rng = new Rng(2);
        for (Gate g : List.of(EVEN_GATES, ODD_GATES)) {
            Tensor x = rng.normal(DType.F64, 2, g.irrepsIn().dim());
            GradCheck.check(a -> g.forward(a[0]), 2, x);
        }
    }

    @Test
    void equivariantUnderRotationAndInversion() {
        Rng rng = new Rng(3);
        for (Gate g : List.of(EVEN_GATES, ODD_GATES)) {
            Tensor x = rng.normal(DType.F64, 5, g.irrepsIn().dim());
            for (int k = 0; k < 4; k++) {
                double[] r = Rotations.random(rng);
                boolean inv = k % 2 == 1;
                double err = LayerChecks.equivarianceError(g::forward, x, g.irrepsIn().D(r, inv), g.irrepsOut().D(r, inv));
                assertTrue(err <= 1e-10, g + ": equivariance error " + err + " (inversion " + inv + ")");
            }
        }
    }
}
