package org.jnequip.e3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jnequip.autograd.GradCheck;
import org.jnequip.autograd.Var;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** o3.Linear: scalar-loop reference with shared outputs, gradients of order 1–2, equivariance, unit variance. */
class LinearTest {
    // two input blocks feed 0e and 1o; 2o has no input (zeros); 1e input has no output (ignored)
    private static final Irreps IN = Irreps.parse("3x0e+2x1o+1x1e+2x0e+1x2e+1x1o");
    private static final Irreps OUT = Irreps.parse("2x0e+3x1o+2x2o+2x2e");

    @Test
    void instructionsAndPathWeights() {
        Linear lin = new Linear(IN, OUT);
        // i_in outer: (0,0) (1,1) (3,0) (4,3) (5,1)
        int[][] want = {{0, 0}, {1, 1}, {3, 0}, {4, 3}, {5, 1}};
        assertEquals(want.length, lin.instructions().size());
        int off = 0;
        for (int k = 0; k < want.length; k++) {
            Linear.Instruction p = lin.instructions().get(k);
            assertEquals(want[k][0], p.iIn(), "instruction " + k);
            assertEquals(want[k][1], p.iOut(), "instruction " + k);
            assertEquals(off, p.weightOffset(), "instruction " + k);
            off += p.weightNumel();
        }
        assertEquals(off, lin.weightNumel());
        assertEquals(1 / Math.sqrt(5), lin.instructions().get(0).pathWeight(), 1e-15);   // 3 + 2 scalars into 0e
        assertEquals(1 / Math.sqrt(3), lin.instructions().get(1).pathWeight(), 1e-15);   // 2 + 1 vectors into 1o
        assertEquals(1.0, lin.instructions().get(3).pathWeight(), 1e-15);
    }

    /** out[n, o][w, m] = α_o Σ_{p→o} Σ_u W_p[u, w] x[n, i_in(p)][u, m], written as plain loops. */
    @Test
    void matchesScalarReference() {
        Linear lin = new Linear(IN, OUT);
        Rng rng = new Rng(11);
        int n = 4;
        Tensor x = rng.normal(DType.F64, n, IN.dim()), w = rng.normal(DType.F64, lin.weightNumel());
        double[] xs = x.toDoubleArray(), ws = w.toDoubleArray(), want = new double[n * OUT.dim()];
        for (Linear.Instruction p : lin.instructions()) {
            int d = OUT.get(p.iOut()).ir().dim();
            for (int z = 0; z < n; z++)
                for (int u = 0; u < p.mulIn(); u++)
                    for (int v = 0; v < p.mulOut(); v++)
                        for (int m = 0; m < d; m++)
                            want[z * OUT.dim() + OUT.offset(p.iOut()) + v * d + m] += p.pathWeight()
                                    * ws[p.weightOffset() + u * p.mulOut() + v] * xs[z * IN.dim() + IN.offset(p.iIn()) + u * d + m];
        }
        double[] got = lin.forward(Var.constant(x), Var.constant(w)).value().toDoubleArray();
        LayerChecks.close(want, got, 1e-13, "Linear vs loops");
        for (int z = 0; z < n; z++)
            for (int c = OUT.offset(2); c < OUT.offset(3); c++) assertEquals(0.0, got[z * OUT.dim() + c], 0.0, "2o has no input");
    }

    @Test
    void gradCheckXAndWeights() {
        Linear lin = new Linear(IN, OUT);
        Rng rng = new Rng(12);
        GradCheck.check(v -> lin.forward(v[0], v[1]), 2, rng.normal(DType.F64, 2, IN.dim()), rng.normal(DType.F64, lin.weightNumel()));
    }

    @Test
    void equivariantUnderRotationAndInversion() {
        Linear lin = new Linear(IN, OUT);
        Rng rng = new Rng(13);
        Var w = Var.constant(rng.normal(DType.F64, lin.weightNumel()));
        Tensor x = rng.normal(DType.F64, 6, IN.dim());
        for (int k = 0; k < 4; k++) {
            double[] r = LayerChecks.rotation(200 + k);
            boolean inv = k % 2 == 0;
            double err = LayerChecks.equivarianceError(v -> lin.forward(v, w), x, IN.D(r, inv), OUT.D(r, inv));
            assertTrue(err <= 1e-10, "equivariance error " + err);
        }
    }

    /** Statistical: N(0,1) weights and inputs give outputs of variance ≈ 1 (each block, averaged over samples). */
    @Test
    void unitVarianceAtInit() {
        Irreps in = Irreps.parse("48x0e+32x1o+16x2e+16x0e"), out = Irreps.parse("64x0e+32x1o+16x2e");
        Linear lin = new Linear(in, out);
        Rng rng = new Rng(14);
        int n = 1000;
        double[] y = lin.forward(Var.constant(rng.normal(DType.F64, n, in.dim())), Var.constant(rng.normal(DType.F64, lin.weightNumel())))
                .value().toDoubleArray();
        for (int b = 0; b < out.size(); b++) {
            double s = 0;
            int cnt = 0;
            for (int z = 0; z < n; z++)
                for (int c = out.offset(b); c < out.offset(b + 1); c++, cnt++) s += y[z * out.dim() + c] * y[z * out.dim() + c];
            double var = s / cnt;
            assertTrue(Math.abs(var - 1) < 0.15, "block " + out.get(b) + ": second moment " + var);
        }
    }

    /**
     * E[out_c²] over both x ~ N(0, 1) and W ~ N(0, 1) (e3nn's claim), per component: 4,000 weight draws × 16
     * inputs (one fixed W only gives Σ W²/fan). Two 0e blocks feed one output, so α = 1/√(Σ mul_in) is tested.
     * Standard error ≈ 0.02; tolerance 0.1.
     */
    @Test
    void unitVarianceOverWeightDraws() {
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

    @Test
    void float32AndErrors() {
        Linear lin = new Linear(IN, OUT);
        Rng rng = new Rng(15);
        Tensor x = rng.normal(DType.F64, 3, IN.dim()), w = rng.normal(DType.F64, lin.weightNumel());
        double[] d = lin.forward(Var.constant(x), Var.constant(w)).value().toDoubleArray();
        double[] f = lin.forward(Var.constant(x.to(DType.F32)), Var.constant(w.to(DType.F32))).value().toDoubleArray();
        LayerChecks.close(d, f, 1e-5, "float32 vs float64");
        assertThrows(IllegalArgumentException.class, () -> lin.forward(Var.constant(Tensor.zeros(DType.F64, 3, IN.dim() + 1)), Var.constant(w)));
        assertThrows(IllegalArgumentException.class, () -> lin.forward(Var.constant(x), Var.constant(Tensor.zeros(DType.F64, 3))));
        assertEquals(List.of(), new Linear(Irreps.parse("2x1e"), Irreps.parse("3x0e")).instructions());
    }
}
