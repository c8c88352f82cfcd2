package org.jnequip.e3;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.jnequip.autograd.GradCheck;
import org.jnequip.autograd.Var;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** FullyConnectedNet: a loop reference, gradients of order 1–2 in the input and every weight, shape errors. */
class FullyConnectedNetTest {
    private static final int[] HS = {3, 5, 4, 2};

    @Test
    void matchesLoops() {
        FullyConnectedNet fc = new FullyConnectedNet(HS, "silu");
        Rng rng = new Rng(31);
        int n = 3;
        double[] h = rng.normal(n * HS[0]);
        Tensor x = Tensor.of(h.clone(), n, HS[0]);
        Tensor[] w = new Tensor[3];
        for (int i = 0; i < 3; i++) w[i] = rng.normal(DType.F64, HS[i], HS[i + 1]);
        double c = Normalize2Mom.cst("silu");
        for (int i = 0; i < 3; i++) {
            double[] wi = w[i].toDoubleArray(), next = new double[n * HS[i + 1]];
            for (int z = 0; z < n; z++)
                for (int o = 0; o < HS[i + 1]; o++) {
                    double s = 0;
                    for (int k = 0; k < HS[i]; k++) s += h[z * HS[i] + k] * wi[k * HS[i + 1] + o];
                    s /= Math.sqrt(HS[i]);
                    next[z * HS[i + 1] + o] = i < 2 ? c * s / (1 + Math.exp(-s)) : s;
                }
            h = next;
        }
        double[] got = fc.forward(Var.constant(x), List.of(Var.constant(w[0]), Var.constant(w[1]), Var.constant(w[2]))).value().toDoubleArray();
        LayerChecks.close(h, got, 1e-13, "FullyConnectedNet vs loops");
    }

    @Test
    void gradCheckInputAndWeights() {
        FullyConnectedNet fc = new FullyConnectedNet(HS, "silu");
        Rng rng = new Rng(32);
        GradCheck.check(v -> fc.forward(v[0], List.of(v[1], v[2], v[3])), 2, rng.normal(DType.F64, 2, 3),
                rng.normal(DType.F64, 3, 5), rng.normal(DType.F64, 5, 4), rng.normal(DType.F64, 4, 2));
    }

    @Test
    void errors() {
        FullyConnectedNet fc = new FullyConnectedNet(HS, "silu");
        Var x = Var.constant(Tensor.zeros(DType.F64, 2, 3));
        Var a = Var.constant(Tensor.zeros(DType.F64, 3, 5)), b = Var.constant(Tensor.zeros(DType.F64, 5, 4));
        assertThrows(IllegalArgumentException.class, () -> fc.forward(x, List.of(a, b)));
        assertThrows(IllegalArgumentException.class, () -> fc.forward(x, List.of(a, b, b)));
        assertThrows(IllegalArgumentException.class, () -> new FullyConnectedNet(new int[]{4}, "silu"));
        assertThrows(IllegalArgumentException.class, () -> new FullyConnectedNet(HS, "swish"));
    }
}
