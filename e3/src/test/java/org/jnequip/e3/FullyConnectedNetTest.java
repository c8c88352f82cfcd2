package org.jnequip.e3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.jnequip.autograd.GradCheck;
import org.jnequip.autograd.Var;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * nn.FullyConnectedNet: forward against scalar loops, finite-difference gradients of order 1 and 2 in the
 * input and in every weight (silu and tanh), and unit output variance at initialisation (normalize2mom makes
 * E[act(z)²] = 1 for Gaussian z, and each W/√h layer keeps the second moment).
 */
class FullyConnectedNetTest {
    private static final int[] HS = {3, 4, 5, 2};

    private static List<Tensor> weights(Rng rng, int[] hs) {
        List<Tensor> w = new ArrayList<>();
        for (int i = 0; i + 1 < hs.length; i++) w.add(rng.normal(DType.F64, hs[i], hs[i + 1]));
        return w;
    }

    @Test
    void forwardMatchesLoops() {
        Rng rng = new Rng(1);
        for (String act : new String[]{"silu", "tanh"}) {
            FullyConnectedNet fc = new FullyConnectedNet(HS, act);
            List<Tensor> w = weights(rng, HS);
            int n = 4;
            double[] x = rng.normal(DType.F64, n, HS[0]).toDoubleArray();
            double[] got = fc.forward(Var.constant(Tensor.of(x, n, HS[0])), w.stream().map(Var::constant).toList()).value().toDoubleArray();
            DoubleUnaryOperator f = Normalize2Mom.activation(act);
            double c = Normalize2Mom.factor(act);
            double[] want = new double[n * HS[3]];
            for (int s = 0; s < n; s++) {
                double[] h = Arrays.copyOfRange(x, s * HS[0], (s + 1) * HS[0]);
                for (int layer = 0; layer < 3; layer++) {
                    double[] wl = w.get(layer).toDoubleArray(), next = new double[HS[layer + 1]];
                    for (int j = 0; j < next.length; j++) {
                        for (int i = 0; i < h.length; i++) next[j] += h[i] * wl[i * next.length + j];
                        next[j] /= Math.sqrt(h.length);
                        if (layer < 2) next[j] = c * f.applyAsDouble(next[j]);
                    }
                    h = next;
                }
                System.arraycopy(h, 0, want, s * HS[3], HS[3]);
            }
            LayerChecks.close(want, got, 1e-14, "FullyConnectedNet " + act + " vs loops");
        }
    }

    @Test
    void gradCheckOrders1And2InInputAndEveryWeight() {
        Rng rng = new Rng(2);
        for (String act : new String[]{"silu", "tanh"}) {
            FullyConnectedNet fc = new FullyConnectedNet(HS, act);
            List<Tensor> in = new ArrayList<>();
            in.add(rng.normal(DType.F64, 2, HS[0]));
            in.addAll(weights(rng, HS));
            try {
                GradCheck.check(a -> fc.forward(a[0], List.of(a[1], a[2], a[3])), 2, in.toArray(Tensor[]::new));
            } catch (AssertionError e) {
                throw new AssertionError(act + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * E[y²] over x, W ~ N(0, 1) with one hidden layer: 6,000 weight draws × 16 inputs, tolerance 0.1 (an
     * independent numpy simulation of the same net gives 1.026 ± 0.011 for silu and 0.952 ± 0.009 for tanh at
     * this sample size). normalize2mom assumes Gaussian pre-activations, which holds only for the first layer:
     * with two hidden layers [8, 16, 16, 6] the same simulation gives 1.085 (silu) and 0.955 (tanh), so e3nn's
     * unit-variance claim is approximate beyond one layer and is not asserted there.
     */
    @Test
    void unitOutputVarianceAtInitialisation() {
        int[] hs = {8, 16, 6};
        int out = hs[hs.length - 1];
        for (String act : new String[]{"silu", "tanh"}) {
            FullyConnectedNet fc = new FullyConnectedNet(hs, act);
            Rng rng = new Rng(3);
            int draws = 6000, batch = 16;
            double[] sum = new double[out];
            for (int k = 0; k < draws; k++) {
                List<Var> w = weights(rng, hs).stream().map(Var::constant).toList();
                double[] y = fc.forward(Var.constant(rng.normal(DType.F64, batch, hs[0])), w).value().toDoubleArray();
                for (int i = 0; i < y.length; i++) sum[i % out] += y[i] * y[i];
            }
            double worst = 0;
            for (int c = 0; c < out; c++) {
                double var = sum[c] / (draws * batch);
                worst = Math.max(worst, Math.abs(var - 1));
                assertEquals(1.0, var, 0.1, fc + " output " + c);
            }
            System.out.printf("FullyConnectedNetTest variance %s: max |E[y²] − 1| = %.3f%n", fc, worst);
        }
    }
}
