package org.jnequip.e3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jnequip.autograd.GradCheck;
import org.jnequip.autograd.Var;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.Tensor;
import org.jnequip.tensor.TpPlan.Mode;
import org.junit.jupiter.api.Test;

/**
 * TensorProduct properties for every connection mode, per-sample and shared weights: dense e3nn reference,
 * finite-difference gradients of order 1 and 2 in x1, x2 and w, equivariance under rotation × inversion,
 * multilinearity, and the unit output variance that e3nn's normalisation promises.
 */
class TensorProductTest {
    private final Rng rng = new Rng(11);

    private static List<TpCases.Case> cases() {
        List<TpCases.Case> l = new java.util.ArrayList<>(TpCases.all(false));
        l.addAll(TpCases.all(true));
        return l;
    }

    @Test
    void forwardMatchesDenseE3nnDefinition() {
        int z = 3;
        for (TpCases.Case c : cases()) {
            TensorProduct tp = c.tp();
            Tensor x1 = rng.normal(DType.F64, z, tp.irrepsIn1().dim()), x2 = rng.normal(DType.F64, z, tp.irrepsIn2().dim()), w = TpCases.weights(rng, tp, z);
            double[] got = TpCases.forward(tp, x1, x2, w).value().toDoubleArray();
            double[] want = TpCases.dense(tp, x1.toDoubleArray(), x2.toDoubleArray(), w.toDoubleArray(), z);
            assertTrue(TestMat.maxDiff(want, got) < 1e-12, c + ": max diff " + TestMat.maxDiff(want, got));
            assertTrue(TestMat.maxDiff(want, new double[want.length]) > 0.1, c + ": output should not vanish");
        }
    }

    @Test
    void gradientsOfOrderOneAndTwo() {
        int z = 2;
        for (TpCases.Case c : cases()) {
            TensorProduct tp = c.tp();
            Tensor x1 = rng.normal(DType.F64, z, tp.irrepsIn1().dim()), x2 = rng.normal(DType.F64, z, tp.irrepsIn2().dim()), w = TpCases.weights(rng, tp, z);
            try {
                GradCheck.check(x -> tp.forward(x[0], x[1], x[2]), 2, x1, x2, w);
            } catch (AssertionError e) {
                throw new AssertionError(c + ": " + e.getMessage(), e);
            }
        }
    }

    @Test
    void thirdDerivativeThroughNestedContractions() {
        // h(t) = Σ r·TP(t·x1, t·x2, t·w) = t³·h(1) (uvw: every path weighted), so d³h/dt³ = 6·h(1)
        TensorProduct tp = TpCases.all(false).get(0).tp();
        int z = 3;
        Tensor x1 = rng.normal(DType.F64, z, tp.irrepsIn1().dim()), x2 = rng.normal(DType.F64, z, tp.irrepsIn2().dim()), w = TpCases.weights(rng, tp, z);
        Tensor r = rng.normal(DType.F64, z, tp.irrepsOut().dim());
        Var t = Var.param(Tensor.of(new double[]{1.0}, 1));
        Var h = tp.forward(Var.constant(x1).mul(t), Var.constant(x2).mul(t), Var.constant(w).mul(t)).mul(Var.constant(r)).sum();
        Var d1 = org.jnequip.autograd.Tape.grad(h, t, true);
        Var d2 = org.jnequip.autograd.Tape.grad(d1.sum(), t, true);
        Var d3 = org.jnequip.autograd.Tape.grad(d2.sum(), t, false);
        assertEquals(3 * h.item(), d1.item(), 1e-11 * (1 + Math.abs(h.item())));
        assertEquals(6 * h.item(), d3.item(), 1e-11 * (1 + Math.abs(h.item())));
    }

    @Test
    void equivariantUnderRotationAndInversion() {
        int z = 4;
        for (TpCases.Case c : cases()) {
            TensorProduct tp = c.tp();
            for (boolean inversion : new boolean[]{false, true}) {
                double[] R = Rotations.random(rng);
                Tensor x1 = rng.normal(DType.F64, z, tp.irrepsIn1().dim()), x2 = rng.normal(DType.F64, z, tp.irrepsIn2().dim()), w = TpCases.weights(rng, tp, z);
                Tensor rx1 = rotate(tp.irrepsIn1(), R, inversion, x1), rx2 = rotate(tp.irrepsIn2(), R, inversion, x2);
                Tensor out = TpCases.forward(tp, x1, x2, w).value();
                double[] lhs = TpCases.forward(tp, rx1, rx2, w).value().toDoubleArray();
                double[] rhs = rotate(tp.irrepsOut(), R, inversion, out).toDoubleArray();
                assertTrue(TestMat.maxDiff(lhs, rhs) < 1e-10, c + " inversion=" + inversion + ": max diff " + TestMat.maxDiff(lhs, rhs));
            }
        }
    }

    /** Rows x (z, dim) → x·Dᵀ with D = irreps.D(R, inversion). */
    private static Tensor rotate(Irreps irreps, double[] R, boolean inversion, Tensor x) {
        int d = irreps.dim(), z = x.size(0);
        double[] D = irreps.D(R, inversion);
        return Tensor.of(TestMat.mul(x.toDoubleArray(), TestMat.transpose(D, d, d), z, d, d), z, d);
    }

    @Test
    void multilinearInX1X2AndWeights() {
        int z = 3;
        double a = 0.7, b = -1.3;
        for (TpCases.Case c : cases()) {
            TensorProduct tp = c.tp();
            Tensor[] p = {rng.normal(DType.F64, z, tp.irrepsIn1().dim()), rng.normal(DType.F64, z, tp.irrepsIn2().dim()), TpCases.weights(rng, tp, z)};
            for (int slot = 0; slot < 3; slot++) {
                Tensor y = rng.normal(DType.F64, p[slot].shape());
                Tensor[] mixed = p.clone(), other = p.clone();
                mixed[slot] = p[slot].mul(a).add(y.mul(b));
                other[slot] = y;
                // paths without weights make out affine (not linear) in w: compare out − out(w = 0)
                Tensor[] zero = p.clone();
                zero[slot] = p[slot].mul(0.0);
                Tensor base = slot == 2 ? TpCases.forward(tp, zero[0], zero[1], zero[2]).value() : zero[0].mul(0.0).sum();
                Tensor lo = TpCases.forward(tp, mixed[0], mixed[1], mixed[2]).value();
                double[] lhs = lo.sub(base.expand(lo.shape())).toDoubleArray();
                double[] rhs = TpCases.forward(tp, p[0], p[1], p[2]).value().sub(base.expand(lo.shape())).mul(a)
                        .add(TpCases.forward(tp, other[0], other[1], other[2]).value().sub(base.expand(lo.shape())).mul(b)).toDoubleArray();
                assertTrue(TestMat.maxDiff(lhs, rhs) < 1e-12, c + " slot " + slot + ": max diff " + TestMat.maxDiff(lhs, rhs));
            }
        }
    }

    @Test
    void unitVarianceAtInitialisation() {
        // x1, x2, w ~ N(0, 1) per sample: e3nn's normalisation makes E[out_c²] = 1 for every component c
        int n = 40_000;
        List<TensorProduct> tps = List.of(
                new FullyConnectedTensorProduct(Irreps.parse("3x0e+2x1o+1x2e"), Irreps.parse("2x0e+1x1o+1x2e"), Irreps.parse("3x0e+2x1o+2x1e+2x2e"),
                        TensorProduct.Options.DEFAULT.withSharedWeights(false)),
                new FullyConnectedTensorProduct(Irreps.parse("3x0e+2x1o+1x2e"), Irreps.parse("2x0e+1x1o+1x2e"), Irreps.parse("3x0e+2x1o+2x1e+2x2e"),
                        TensorProduct.Options.DEFAULT.withSharedWeights(false).withNormalization(TensorProduct.IrrepNormalization.COMPONENT, TensorProduct.PathNormalization.PATH)),
                TpCases.build("4x0e+4x1o+4x2e", "1x0e+1x1o+1x2e", "4x0e+4x1o+4x1e+4x2e+4x3o", Mode.UVU, false));
        for (TensorProduct tp : tps) {
            Tensor x1 = rng.normal(DType.F64, n, tp.irrepsIn1().dim()), x2 = rng.normal(DType.F64, n, tp.irrepsIn2().dim()), w = TpCases.weights(rng, tp, n);
            double[] o = TpCases.forward(tp, x1, x2, w).value().toDoubleArray();
            int d = tp.irrepsOut().dim();
            double worst = 0;
            for (int k = 0; k < d; k++) {
                double s = 0;
                for (int i = 0; i < n; i++) s += o[i * d + k] * o[i * d + k];
                double var = s / n;
                worst = Math.max(worst, Math.abs(var - 1));
                assertEquals(1.0, var, 0.1, tp + " component " + k);
            }
            System.out.printf("TensorProductTest variance %s: max |E[out²] − 1| = %.3f over %d components%n", tp, worst, d);
        }
    }

    @Test
    void weightLayoutIrrepsOverloadAndBadInput() {
        TensorProduct tp = new FullyConnectedTensorProduct(Irreps.parse("2x0e+1x1o"), Irreps.parse("3x0e"), Irreps.parse("4x0e+2x1o"));
        assertEquals(2 * 3 * 4 + 1 * 3 * 2, tp.weightNumel());
        assertEquals(0, tp.weightOffset(0));
        assertEquals(24, tp.weightOffset(1));
        assertArrayEquals(new int[]{1, 3, 2}, tp.pathShape(1));
        assertEquals(Irreps.parse("4x0e+2x1o"), tp.forward(Irreps.parse("2x0e+1x1o"), Irreps.parse("3x0e")));
        assertThrows(IllegalArgumentException.class, () -> tp.forward(Irreps.parse("2x0e"), Irreps.parse("3x0e")));
        Irreps a = Irreps.parse("2x1o"), b = Irreps.parse("1x1o"), c = Irreps.parse("2x1o+2x1e");
        var e = assertThrows(IllegalArgumentException.class, () -> new TensorProduct(a, b, c, List.of(Instruction.of(0, 0, 0, "uvu", true))));
        assertTrue(e.getMessage().contains("instruction 0") && e.getMessage().contains("not in"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TensorProduct(a, b, c, List.of(Instruction.of(0, 0, 1, "uvw", false))));
        assertTrue(e.getMessage().contains("uvw needs weights"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TensorProduct(a, b, Irreps.parse("3x1e"), List.of(Instruction.of(0, 0, 0, "uvu", true))));
        assertTrue(e.getMessage().contains("do not fit mode"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Instruction.of(0, 0, 0, "uvx", true));
        TensorProduct conv = new TensorProduct(a, b, Irreps.parse("2x1e"), List.of(Instruction.of(0, 0, 0, "uvu", true)), TensorProduct.Options.DEFAULT.withSharedWeights(false));
        Var x1 = Var.constant(Tensor.zeros(DType.F64, 5, 6)), x2 = Var.constant(Tensor.zeros(DType.F64, 5, 3));
        e = assertThrows(IllegalArgumentException.class, () -> conv.forward(x1, x2, Var.constant(Tensor.zeros(DType.F64, 2))));
        assertTrue(e.getMessage().contains("weights have shape"), e.getMessage());
        assertArrayEquals(new int[]{5, 6}, conv.forward(x1, x2, Var.constant(Tensor.zeros(DType.F64, 5, 2))).shape());
        assertEquals(Math.sqrt(3.0), conv.instructions().get(0).pathWeight(), 1e-15, "uvu, mul2 = 1, one path: α = √(2l_out+1)");
    }
}
