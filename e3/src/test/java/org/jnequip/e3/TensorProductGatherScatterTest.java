package org.jnequip.e3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jnequip.autograd.GradCheck;
import org.jnequip.autograd.Tape;
import org.jnequip.autograd.Var;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@link TensorProduct#forwardGatherScatter} (x1 and the result channel-last, as the model runs it): equal to
 * indexSelect → forward → indexAdd, and to the standard layout after conversion, gradients of
 * order 1 and 2 by finite differences (float64), and the float32 kernels (SIMD widths) through a force-training
 * style double backward against float64.
 */
class TensorProductGatherScatterTest {
    private final Rng rng = new Rng(21);

    /** A NequIP-style convolution: uvu paths from in1 × (0e + 1o), one output block per path. */
    static TensorProduct conv(int a, int b) {
        Irreps in1 = Irreps.parse(a + "x0e+" + b + "x1o"), in2 = Irreps.parse("1x0e+1x1o");
        Irreps out = Irreps.parse(a + "x0e+" + a + "x1o+" + b + "x1o+" + b + "x0e+" + b + "x1e");
        List<Instruction> ins = List.of(Instruction.of(0, 0, 0, "uvu", true), Instruction.of(0, 1, 1, "uvu", true), Instruction.of(1, 0, 2, "uvu", true),
                Instruction.of(1, 1, 3, "uvu", true), Instruction.of(1, 1, 4, "uvu", true));
        return new TensorProduct(in1, in2, out, ins, TensorProduct.Options.DEFAULT.withSharedWeights(false).withInternalWeights(false));
    }

    private int[] randomIndex(int z, int n) {
        int[] r = new int[z];
        for (int e = 0; e < z; e++) r[e] = (int) (rng.nextDouble() * n);
        return r;
    }

    @Test
    void equalsTheUnfusedCompositionAndDifferentiatesTwice() {
        TensorProduct tp = conv(3, 2);
        int n = 4, z = 7;
        int[] src = randomIndex(z, n), dst = randomIndex(z, n);
        Tensor x = rng.normal(DType.F64, n, tp.irrepsIn1().dim()), y = rng.normal(DType.F64, z, 4), w = rng.normal(DType.F64, z, tp.weightNumel());
        IrrepsVar fusedOut = conv(tp, Var.constant(x), src, Var.constant(y), Var.constant(w), dst, n);
        assertEquals(IrrepsVar.Layout.IR_MUL, fusedOut.layout());
        double[] fused = fusedOut.data().value().toDoubleArray();
        IrrepsVar gathered = IrrepsVar.of(Var.constant(x).indexSelect(0, src), tp.irrepsIn1()).to(IrrepsVar.Layout.IR_MUL);
        double[] plain = tp.forward(gathered, Var.constant(y), Var.constant(w)).data().indexAdd(0, dst, n).value().toDoubleArray();
        assertTrue(TestMat.maxDiff(plain, fused) < 1e-13, "fused vs composition: " + TestMat.maxDiff(plain, fused));
        assertTrue(TestMat.maxDiff(plain, new double[plain.length]) > 0.1, "output should not vanish");
        double[] standard = tp.forward(Var.constant(x).indexSelect(0, src), Var.constant(y), Var.constant(w)).indexAdd(0, dst, n).value().toDoubleArray();
        double[] back = fusedOut.standard().value().toDoubleArray();
        assertTrue(TestMat.maxDiff(standard, back) < 1e-13, "channel-last result vs the standard layout: " + TestMat.maxDiff(standard, back));
        GradCheck.check(v -> conv(tp, v[0], src, v[1], v[2], dst, n).data(), 2, x, y, w);
    }

    /**
     * The x2 and w gradients needed together come from one fused pass (profiled as "tp_contract_x2w"), bit for bit
     * the two contractions taken one at a time, and stay differentiable: second derivatives through the fused pair
     * equal those through the separate ones.
     */
    @Test
    void x2AndWGradientsTogetherEqualThemOneAtATime() {
        TensorProduct tp = conv(37, 18);
        int n = 9, z = 60;
        int[] src = randomIndex(z, n), dst = randomIndex(z, n);
        Tensor x = rng.normal(DType.F64, n, tp.irrepsIn1().dim()), y = rng.normal(DType.F64, z, 4), w = rng.normal(DType.F64, z, tp.weightNumel());
        Tensor gOut = rng.normal(DType.F64, n, tp.irrepsOut().dim());
        for (DType dt : DType.values()) {
            Var xv = Var.param(x.to(dt)), yv = Var.param(y.to(dt)), wv = Var.param(w.to(dt));
            Var loss = conv(tp, xv, src, yv, wv, dst, n).data().mul(Var.constant(gOut.to(dt))).sum();
            org.jnequip.autograd.OpProfile prof = org.jnequip.autograd.OpProfile.begin();
            Var[] both;
            try { both = Tape.grad(new Var[]{loss}, new Var[]{yv, wv}, null, true); } finally { prof.end(); }
            assertTrue(prof.rows().stream().anyMatch(r -> r.kind().equals("tp_contract_x2w") && r.calls() == 1), dt + ": one fused x2/w contraction");
            assertTrue(prof.rows().stream().noneMatch(r -> r.kind().equals("tp_contract_x2") || r.kind().equals("tp_contract_w")), dt + ": no separate ones");
            Var gy = Tape.grad(new Var[]{loss}, new Var[]{yv}, null, true)[0], gw = Tape.grad(new Var[]{loss}, new Var[]{wv}, null, true)[0];
            assertTrue(TestMat.maxDiff(gy.value().toDoubleArray(), new double[z * 4]) > 0.1, dt + ": dy should not vanish");
            org.junit.jupiter.api.Assertions.assertArrayEquals(gy.value().toDoubleArray(), both[0].value().toDoubleArray(), dt + ": dy");
            org.junit.jupiter.api.Assertions.assertArrayEquals(gw.value().toDoubleArray(), both[1].value().toDoubleArray(), dt + ": dw");
            Var[] vars = {xv, yv, wv};
            Var[] h = Tape.grad(new Var[]{both[0].square().sum().add(both[1].square().sum())}, vars, null, false, true);
            Var[] h1 = Tape.grad(new Var[]{gy.square().sum().add(gw.square().sum())}, vars, null, false);
            for (int k = 0; k < 3; k++) {
                double[] a = h1[k].value().toDoubleArray(), b = h[k].value().toDoubleArray();
                double scale = TestMat.maxDiff(a, new double[a.length]);
                assertTrue(scale > 0, dt + " second derivative " + k + " should not vanish");
                assertTrue(TestMat.maxDiff(a, b) <= (dt == DType.F64 ? 1e-14 : 1e-6) * scale, dt + " second derivative " + k + ": " + TestMat.maxDiff(a, b));
            }
        }
    }

    /** The convolution as the model calls it: x1 converted to channel-last, the result channel-last. */
    private static IrrepsVar conv(TensorProduct tp, Var x, int[] src, Var y, Var w, int[] dst, int n) {
        return tp.forwardGatherScatter(IrrepsVar.of(x, tp.irrepsIn1()).to(IrrepsVar.Layout.IR_MUL), src, y, w, dst, n);
    }

    /** ∂/∂w Σ (∂ Σ out² / ∂x)², the shape of a force-training gradient, in float32 and float64. */
    private static double[][] doubleBackward(TensorProduct tp, Tensor x, Tensor y, Tensor w, int[] src, int[] dst, int n, DType dt) {
        Var xv = Var.param(x.to(dt)), yv = Var.param(y.to(dt)), wv = Var.param(w.to(dt));
        Var out = conv(tp, xv, src, yv, wv, dst, n).data();
        Var[] g = Tape.grad(new Var[]{out.square().sum()}, new Var[]{xv, yv}, null, true);
        Var loss = g[0].square().sum().add(g[1].square().sum());
        Var[] h = Tape.grad(new Var[]{loss}, new Var[]{xv, yv, wv}, null, false);
        return new double[][]{out.value().toDoubleArray(), g[0].value().toDoubleArray(), g[1].value().toDoubleArray(),
                h[0].value().toDoubleArray(), h[1].value().toDoubleArray(), h[2].value().toDoubleArray()};
    }

    @Test
    void float32KernelsAgreeWithFloat64ToFirstAndSecondOrder() {
        TensorProduct tp = conv(37, 18);                  // wider than one 16-lane vector, with tails
        int n = 9, z = 60;
        int[] src = randomIndex(z, n), dst = randomIndex(z, n);
        Tensor x = rng.normal(DType.F64, n, tp.irrepsIn1().dim()), y = rng.normal(DType.F64, z, 4), w = rng.normal(DType.F64, z, tp.weightNumel());
        double[][] a = doubleBackward(tp, x, y, w, src, dst, n, DType.F64), b = doubleBackward(tp, x, y, w, src, dst, n, DType.F32);
        String[] what = {"out", "dx", "dy", "d2/dx", "d2/dy", "d2/dw"};
        for (int k = 0; k < a.length; k++) {
            double scale = TestMat.maxDiff(a[k], new double[a[k].length]);
            assertTrue(scale > 0, what[k] + " should not vanish");
            assertTrue(TestMat.maxDiff(a[k], b[k]) < 1e-5 * scale, what[k] + ": float32 vs float64 max diff " + TestMat.maxDiff(a[k], b[k]) + " (scale " + scale + ")");
        }
    }
}
