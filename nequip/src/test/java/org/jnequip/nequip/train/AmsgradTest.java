package org.jnequip.nequip.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.jnequip.autograd.NamedWeight;
import org.jnequip.autograd.Var;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

class AmsgradTest {
    /** One parameter named {@code k} with values v (a model's own Var, updated in place). */
    private static List<NamedWeight> param(String k, double... v) { return List.of(new NamedWeight(k, Var.param(Tensor.of(v, v.length)))); }

    private static List<Tensor> grad(double... g) { return List.of(Tensor.of(g, g.length)); }

    private static Tensor value(List<NamedWeight> p) { return p.get(0).var().value(); }

    /** Textbook form: p −= lr·m̂ / (sqrt(v̂max) + ε) with m̂ = m/(1−β1^t), v̂max = max_t v/(1−β2^t)·(1−β2^t)/(1−β2^t). */
    @Test
    void matchesAnIndependentScalarReference() {
        double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 0.1;
        List<NamedWeight> params = param("w", 0.7);
        Var w = params.get(0).var();
        Amsgrad opt = new Amsgrad(params, b1, b2, eps, wd, true);
        double[] g = {3.0, -0.5, 0.01, 2.0, -4.0, 0.2, 0.0, 1.0};
        double p = 0.7, m = 0, v = 0, vmax = 0;
        for (int t = 1; t <= g.length; t++) {
            double gt = g[t - 1] + wd * p;
            m = b1 * m + (1 - b1) * gt;
            v = b2 * v + (1 - b2) * gt * gt;
            vmax = Math.max(vmax, v);
            double mHat = m / (1 - Math.pow(b1, t)), vHat = vmax / (1 - Math.pow(b2, t));
            p -= lr * mHat / (Math.sqrt(vHat) + eps);
            opt.step(grad(g[t - 1]), lr);
            assertSame(w, params.get(0).var(), "the model's own Var");
            assertEquals(p, w.value().item(), 1e-12 * Math.max(1, Math.abs(p)), "step " + t);
        }
        assertEquals(g.length, opt.stepCount());
    }

    /**
     * A large weight (70,000 elements, the size at which a backend might split the update over threads) moves each
     * element exactly as a one-element weight with the same value and gradients does, in float64 and float32.
     */
    @Test
    void largeWeightsGiveTheSameBitsAsOneElementAtATime() {
        int n = 70_000;
        org.jnequip.tensor.Rng rng = new org.jnequip.tensor.Rng(5);
        double[] p0 = rng.normal(n);
        double[][] g = {rng.normal(n), rng.normal(n), rng.normal(n)};
        for (org.jnequip.tensor.DType dt : org.jnequip.tensor.DType.values()) {
            List<NamedWeight> big = List.of(new NamedWeight("w", Var.param(Tensor.of(p0, dt, n))));
            Amsgrad opt = new Amsgrad(big, 0.9, 0.999, 1e-8, 0.01, true);
            for (double[] gt : g) opt.step(List.of(Tensor.of(gt, dt, n)), 0.01);
            double[] got = value(big).toDoubleArray();
            for (int i : new int[]{0, 1, 16_383, 32_768, 45_001, n - 1}) {
                List<NamedWeight> one = List.of(new NamedWeight("w", Var.param(Tensor.of(new double[]{p0[i]}, dt, 1))));
                Amsgrad o1 = new Amsgrad(one, 0.9, 0.999, 1e-8, 0.01, true);
                for (double[] gt : g) o1.step(List.of(Tensor.of(new double[]{gt[i]}, dt, 1)), 0.01);
                assertEquals(value(one).item(), got[i], 0.0, dt + " element " + i);
                assertNotEquals(p0[i], got[i], dt + " element " + i + " should have moved");
            }
        }
    }

    @Test
    void firstStepMovesByTheLearningRateAgainstTheGradientSign() {
        List<NamedWeight> p = param("w", 1.0, -2.0);
        Tensor storage = value(p);
        new Amsgrad(p, 0.9, 0.999, 1e-8, 0, true).step(grad(5.0, -0.001), 0.05);
        assertSame(storage, value(p), "updated in place");
        assertEquals(1.0 - 0.05, storage.get(0), 1e-9);
        assertEquals(-2.0 + 0.05, storage.get(1), 1e-6);
    }

    @Test
    void amsgradKeepsTheLargestSecondMoment() {
        List<NamedWeight> pa = param("w", 0), pb = param("w", 0);
        Amsgrad ams = new Amsgrad(pa, 0.9, 0.9, 1e-8, 0, true), adam = new Amsgrad(pb, 0.9, 0.9, 1e-8, 0, false);
        double[] g = {10, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
        for (double x : g) { ams.step(grad(x), 0.1); adam.step(grad(x), 0.1); }
        double stepAms = -value(pa).item(), stepAdam = -value(pb).item();
        assertTrue(stepAms < stepAdam, "AMSGrad moves less after a spike: " + stepAms + " vs " + stepAdam);
    }

    @Test
    void restoredStateContinuesBitForBit() {
        List<NamedWeight> pa = param("layer.w", 1, 2, 3);
        Amsgrad a = new Amsgrad(pa, 0.9, 0.999, 1e-8, 0.01, true);
        for (int t = 0; t < 3; t++) a.step(grad(0.3 * t - 1, 2, -t), 0.01);
        List<NamedWeight> pb = param("layer.w", value(pa).toDoubleArray());
        Amsgrad b = new Amsgrad(pb, 0.9, 0.999, 1e-8, 0.01, true);
        b.restore(a.stateTensors(), a.stepCount());
        a.step(grad(0.5, -0.5, 1), 0.01);
        b.step(grad(0.5, -0.5, 1), 0.01);
        assertArrayEquals(value(pa).toDoubleArray(), value(pb).toDoubleArray(), 0.0);
    }

    @Test
    void missingOrMisfitGradientsStateAndBadHyperparametersAreErrors() {
        Amsgrad a = new Amsgrad(param("w", 1), 0.9, 0.999, 1e-8, 0, true);
        assertThrows(IllegalArgumentException.class, () -> a.step(List.of(), 0.1));
        assertThrows(IllegalArgumentException.class, () -> a.step(grad(1, 2), 0.1));
        var e = assertThrows(IllegalArgumentException.class, () -> a.restore(java.util.Map.of("m.v", Tensor.of(new double[]{1}, 1)), 1));
        assertTrue(e.getMessage().contains("'m.v'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Amsgrad(param("w", 1), 1.0, 0.999, 1e-8, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new Amsgrad(param("w", 1), 0.9, 0.999, 0, 0, true));
    }
}
