package org.jnequip.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** What the tape promises: accumulation, no-grad scopes, graph release, unreachable inputs, createGraph. */
class TapeSemanticsTest {
    static Var x() { return Var.param(Tensor.of(new double[]{0.5, -1.5, 2.0}, 3)); }

    @Test
    void gradientsOfAValueUsedSeveralTimesAreSummed() {
        Var x = x();
        Var y = x.mul(x).add(x).add(x.sin()).sum();                       // Σ x² + x + sin x
        double[] g = Tape.grad(y, x, false).value().toDoubleArray();
        double[] xv = x.value().toDoubleArray();
        for (int i = 0; i < 3; i++) assertEquals(2 * xv[i] + 1 + Math.cos(xv[i]), g[i], 1e-15);
        // an intermediate used twice
        Var x2 = x();
        Var t = x2.tanh();
        Var z = t.mul(t).add(t).sum();
        double[] gz = Tape.grad(z, x2, false).value().toDoubleArray();
        for (int i = 0; i < 3; i++) {
            double th = Math.tanh(xv[i]);
            assertEquals((2 * th + 1) * (1 - th * th), gz[i], 1e-15);
        }
    }

    /** The slices of one value get their gradients as one concat (no zero padding per slice, no adds). */
    @Test
    void sliceGradientsOfOneValueAreOneTiling() {
        Var x = Var.param(Tensor.of(new double[]{1, 2, 3, 4, 5, 6, 7, 8}, 2, 4));
        Var y = x.slice(1, 0, 1).mul(3.0).sum().add(x.slice(1, 2, 4).square().sum());    // column 1 unused
        Var g = Tape.grad(y, x, true);
        assertArrayEquals(new double[]{3, 0, 6, 8, 3, 0, 14, 16}, g.value().toDoubleArray(), 0.0);
        assertEquals("concat", g.op(), "one tiling, recorded with createGraph");
        Var h = Tape.grad(g.square().sum(), x, false);                                  // Σ g², g = (3, 0, 2x, 2x)
        assertArrayEquals(new double[]{0, 0, 24, 32, 0, 0, 56, 64}, h.value().toDoubleArray(), 1e-12);
    }

    @Test
    void backwardAccumulatesIntoLeafGrads() {
        Var x = x(), w = Var.param(Tensor.of(new double[]{2}, 1));
        Var loss = x.mul(w).sum();
        Tape.backward(loss, true);
        Tape.backward(loss);                                               // second pass adds: 2·w, 2·Σx
        assertArrayEquals(new double[]{4, 4, 4}, x.grad().toDoubleArray(), 1e-15);
        assertArrayEquals(new double[]{2}, w.grad().toDoubleArray(), 1e-15);
        x.zeroGrad();
        assertNull(x.grad());
    }

    @Test
    void noGradScopeRecordsNothingAndRestores() {
        Var x = x();
        try (var ignored = GradMode.noGrad()) {
            assertFalse(GradMode.isEnabled());
            Var y = x.square().sum();
            assertFalse(y.requiresGrad());
            assertNull(y.op());
            try (var inner = GradMode.set(true)) {
                assertTrue(x.exp().requiresGrad());
            }
            assertFalse(GradMode.isEnabled());
        }
        assertTrue(GradMode.isEnabled());
        Var y = x.square().sum();
        assertTrue(y.requiresGrad());
        assertEquals("sum", y.op());
        assertFalse(Var.constant(Tensor.ones(DType.F64, 3)).exp().requiresGrad());
    }

    @Test
    void graphIsReleasedUnlessRetained() {
        Var x = x();
        Var y = x.square().sum();
        Tape.backward(y);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tape.backward(y));
        assertTrue(e.getMessage().contains("retainGraph"), e.getMessage());

        Var z = x.exp().sum();
        Tape.grad(new Var[]{z}, new Var[]{x}, null, false, true);          // retained
        Var g = Tape.grad(z, x, false);                                    // still works, then releases
        assertArrayEquals(x.value().exp().toDoubleArray(), g.value().toDoubleArray(), 1e-15);
        assertThrows(IllegalStateException.class, () -> Tape.grad(z, x, false));
    }

    @Test
    void unreachableInputGetsZerosOfItsShape() {
        Var x = x(), w = Var.param(Tensor.ones(DType.F64, 2, 2));
        Var[] g = Tape.grad(new Var[]{x.square().sum()}, new Var[]{x, w}, null, false);
        assertArrayEquals(new int[]{2, 2}, g[1].shape());
        assertArrayEquals(new double[4], g[1].value().toDoubleArray());
        assertArrayEquals(new double[]{1, -3, 4}, g[0].value().toDoubleArray(), 1e-15);
    }

    @Test
    void createGraphControlsWhetherGradientsAreDifferentiable() {
        Var x = x();
        Var g = Tape.grad(x.pow(3.0).sum(), x, false);
        assertFalse(g.requiresGrad());
        Var x2 = x();
        Var g2 = Tape.grad(x2.pow(3.0).sum(), x2, true);
        assertTrue(g2.requiresGrad());
        double[] h = Tape.grad(g2.sum(), x2, false).value().toDoubleArray();   // Σ 3x² → 6x
        assertArrayEquals(new double[]{3, -9, 12}, h, 1e-12);
    }

    @Test
    void gradOutputsGiveVectorJacobianProducts() {
        Var x = x();
        Var y = x.square();                                                  // J = diag(2x)
        Var v = Var.constant(Tensor.of(new double[]{1, 2, 3}, 3));
        Var[] g = Tape.grad(new Var[]{y}, new Var[]{x}, new Var[]{v}, false);
        assertArrayEquals(new double[]{1, -6, 12}, g[0].value().toDoubleArray(), 1e-15);
        Var x2 = x();
        assertThrows(IllegalArgumentException.class,
                () -> Tape.grad(new Var[]{x2.square()}, new Var[]{x2}, new Var[]{Var.constant(Tensor.ones(DType.F64, 2))}, false));
        Var c = Var.constant(Tensor.ones(DType.F64, 3));
        assertThrows(IllegalArgumentException.class, () -> Tape.grad(c.sum(), c, false));
    }

    @Test
    void castPassesGradientsBackInTheInputDtype() {
        // GradCheck cannot difference through float32 rounding, so the cast rule is checked analytically:
        // y = Σ c·cast32(x)², ∂y/∂x = 2c·x (float32 precision), ∂(Σ v·∂y/∂x)/∂x = 2c·v.
        Var x = x();
        Tensor c = Tensor.of(new double[]{1, 2, -1}, DType.F32, 3);
        Var y = x.to(DType.F32).square().mul(Var.constant(c)).sum();
        assertEquals(DType.F32, y.dtype());
        Var g = Tape.grad(y, x, true);
        assertEquals(DType.F64, g.dtype());
        assertArrayEquals(new double[]{1, -6, -4}, g.value().toDoubleArray(), 1e-6);
        Var v = Var.constant(Tensor.of(new double[]{0.5, 1, 2}, 3));
        Var h = Tape.grad(g.mul(v).sum(), x, false);
        assertArrayEquals(new double[]{1, 4, -4}, h.value().toDoubleArray(), 1e-6);
        assertEquals(x, x.to(DType.F64));                                     // same dtype: no op recorded
    }

    @Test
    void varOpsRejectMismatchedShapesNamingOpAndShapes() {
        Var a = Var.param(Tensor.zeros(DType.F64, 2, 3)), b = Var.param(Tensor.zeros(DType.F64, 4, 3));
        String[][] expect = {{"add", "[2, 3]", "[4, 3]"}, {"matmul", "[2, 3]", "[4, 3]"}, {"concat", "[2, 3]", "[4, 3]"}, {"mul", "F64", "F32"}};
        java.util.List<org.junit.jupiter.api.function.Executable> calls = java.util.List.of(
                () -> a.add(b), () -> a.matmul(b), () -> Var.concat(java.util.List.of(a, b), 1),
                () -> a.mul(Var.constant(Tensor.zeros(DType.F32, 2, 3))));
        for (int i = 0; i < calls.size(); i++) {
            String m = assertThrows(IllegalArgumentException.class, calls.get(i)).getMessage();
            for (String part : expect[i]) assertTrue(m.contains(part), "'" + m + "' should contain " + part);
        }
    }
}
