package org.jnequip.e3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jnequip.autograd.GradCheck;
import org.jnequip.autograd.Var;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * o3.Linear properties: forward against a scalar loop over the instructions, finite-difference gradients of
 * order 1 and 2 in x and w, equivariance under rotation × inversion, and e3nn's unit-variance claim
 * E[out²] = 1 for x, W ~ N(0, 1) (with α = 1/√(Σ mul_in) over every block that feeds an output).
 */
class LinearTest {
    /** Several l and both parities; 1x1e is reached by nothing and must come out zero. */
    private static final Linear LIN = new Linear(Irreps.parse("3x0e+2x1o+2x2e"), Irreps.parse("2x0e+3x1o+1x2e+1x1e"));

    /** out[n, o][w, m] = Σ_{p → o} W_p[u, w] x[n, i(p)][u, m] / √(Σ_{p → o} mul_in(p)), written as plain loops. */
    private static double[] reference(Linear lin, double[] x, double[] w, int n) {
        Irreps in = lin.irrepsIn(), out = lin.irrepsOut();
        double[] y = new double[n * out.dim()];
        for (Linear.Instruction p : lin.instructions()) {
            int d = in.get(p.iIn()).ir().dim(), fan = 0;
            for (Linear.Instruction q : lin.instructions()) if (q.iOut() == p.iOut()) fan += q.mulIn();
            for (int s = 0; s < n; s++)
                for (int u = 0; u < p.mulIn(); u++)
                    for (int v = 0; v < p.mulOut(); v++)
                        for (int m = 0; m < d; m++)
                            y[s * out.dim() + out.offset(p.iOut()) + v * d + m] += w[p.weightOffset() + u * p.mulOut() + v]
                                    * x[s * in.dim() + in.offset(p.iIn()) + u * d + m] / Math.sqrt(fan);
        }
        return y;
    }

    @Test
    void forwardMatchesInstructionLoops() {
        Linear lin = new Linear(Irreps.parse("2x0e+1x1o+3x0e+2x2e"), Irreps.parse("4x0e+2x1o+1x2o+2x2e"));   // two 0e blocks feed 4x0e
        Rng rng = new Rng(1);
        Tensor x = rng.normal(DType.F64, 5, lin.irrepsIn().dim()), w = rng.normal(DType.F64, lin.weightNumel());
        double[] got = lin.forward(Var.constant(x), Var.constant(w)).value().toDoubleArray();
        double[] want = reference(lin, x.toDoubleArray(), w.toDoubleArray(), 5);
        LayerChecks.close(want, got, 1e-14, "Linear vs loops");
        assertEquals(2 * 4 + 3 * 4 + 1 * 2 + 2 * 2, lin.weightNumel());
        for (int s = 0; s < 5; s++)   // 1x2o is reached by nothing
            for (int c = 4 + 6; c < 4 + 6 + 5; c++) assertEquals(0.0, got[s * lin.irrepsOut().dim() + c], 0.0);
    }

    @Test
    void gradCheckOrders1And2InXAndW() {
        Rng rng = new Rng(2);
        Tensor x = rng.normal(DType.F64, 2, LIN.irrepsIn().dim()), w = rng.normal(DType.F64, LIN.weightNumel());
        GradCheck.check(a -> LIN.forward(a[0], a[1]), 2, x, w);
    }

    @Test
    void equivariantUnderRotationAndInversion() {
        Rng rng = new Rng(3);
        Tensor x = rng.normal(DType.F64, 6, LIN.irrepsIn().dim());
        Var w = Var.constant(rng.normal(DType.F64, LIN.weightNumel()));
        for (int k = 0; k < 4; k++) {
            double[] r = Rotations.random(rng);
            boolean inv = k % 2 == 1;
            double err = LayerChecks.equivarianceError(v -> LIN.forward(v, w), x, LIN.irrepsIn().D(r, inv), LIN.irrepsOut().D(r, inv));
            assertTrue(err <= 1e-10, "Linear equivariance error " + err + " (inversion " + inv + ")");
        }
    }

    /**
     * E[out_c²] over x ~ N(0, 1) and W ~ N(0, 1), estimated from 4,000 weight draws × 16 inputs (a fixed W only
     * gives Σ W²/fan, so the weights must be resampled). Standard error ≈ 0.02; tolerance 0.1 per component.
     */
    @Test
    void unitOutputVarianceAtInitialisation() {
        Linear lin = new Linear(Irreps.parse("4x0e+3x0e+2x1o+3x2e+1x1e"), Irreps.parse("3x0e+2x1o+2x2e+2x1e"));
        Rng rng = new Rng(4);
        int draws = 4000, batch = 16, d = lin.irrepsOut().dim();
        double[] sum = new double[d];
        for (int k = 0; k < draws; k++) {
            Var x = Var.constant(rng.normal(DType.F64, batch, lin.irrepsIn().dim()));
            Var w = Var.constant(rng.normal(DType.F64, lin.weightNumel()));
            double[] y = lin.forward(x, w).value().toDoubleArray();
            for (int i = 0; i < y.length; i++) sum[i % d] += y[i] * y[i];
        }
        double worst = 0;
        for (int c = 0; c < d; c++) {
            double var = sum[c] / (draws * batch);
            worst = Math.max(worst, Math.abs(var - 1));
            assertEquals(1.0, var, 0.1, lin + " component " + c);
        }
        System.out.printf("LinearTest variance %s: max |E[out²] − 1| = %.3f over %d components%n", lin, worst, d);
    }
}
