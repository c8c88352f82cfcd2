package org.jnequip.nequip.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

class AmsgradTest {
    private static Map<String, Tensor> one(String k, double... v) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put(k, Tensor.of(v, v.length));
        return m;
    }

    /** Textbook form: p −= lr·m̂ / (sqrt(v̂max) + ε) with m̂ = m/(1−β1^t), v̂max = max_t v/(1−β2^t)·(1−β2^t)/(1−β2^t). */
    @Test
    void matchesAnIndependentScalarReference() {
        double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 0.1;
        Amsgrad opt = new Amsgrad(b1, b2, eps, wd, true);
        double[] g = {3.0, -0.5, 0.01, 2.0, -4.0, 0.2, 0.0, 1.0};
        double p = 0.7, m = 0, v = 0, vmax = 0;
        Map<String, Tensor> params = one("w", 0.7);
        for (int t = 1; t <= g.length; t++) {
            double gt = g[t - 1] + wd * p;
            m = b1 * m + (1 - b1) * gt;
            v = b2 * v + (1 - b2) * gt * gt;
            vmax = Math.max(vmax, v);
            double mHat = m / (1 - Math.pow(b1, t)), vHat = vmax / (1 - Math.pow(b2, t));
            p -= lr * mHat / (Math.sqrt(vHat) + eps);
            params = opt.step(params, one("w", g[t - 1]), lr);
            assertEquals(p, params.get("w").item(), 1e-12 * Math.max(1, Math.abs(p)), "step " + t);
        }
        assertEquals(g.length, opt.stepCount());
    }

    @Test
    void firstStepMovesByTheLearningRateAgainstTheGradientSign() {
        Amsgrad opt = new Amsgrad(0.9, 0.999, 1e-8, 0, true);
        Tensor p = opt.step(one("w", 1.0, -2.0), one("w", 5.0, -0.001), 0.05).get("w");
        assertEquals(1.0 - 0.05, p.get(0), 1e-9);
        assertEquals(-2.0 + 0.05, p.get(1), 1e-6);
    }

    @Test
    void amsgradKeepsTheLargestSecondMoment() {
        Amsgrad ams = new Amsgrad(0.9, 0.9, 1e-8, 0, true), adam = new Amsgrad(0.9, 0.9, 1e-8, 0, false);
        Map<String, Tensor> pa = one("w", 0), pb = one("w", 0);
        double[] g = {10, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
        for (double x : g) { pa = ams.step(pa, one("w", x), 0.1); pb = adam.step(pb, one("w", x), 0.1); }
        double stepAms = -pa.get("w").item(), stepAdam = -pb.get("w").item();
        assertTrue(stepAms < stepAdam, "AMSGrad moves less after a spike: " + stepAms + " vs " + stepAdam);
    }

    @Test
    void restoredStateContinuesBitForBit() {
        Amsgrad a = new Amsgrad(0.9, 0.999, 1e-8, 0.01, true);
        Map<String, Tensor> p = one("layer.w", 1, 2, 3);
        for (int t = 0; t < 3; t++) p = a.step(p, one("layer.w", 0.3 * t - 1, 2, -t), 0.01);
        Amsgrad b = new Amsgrad(0.9, 0.999, 1e-8, 0.01, true);
        b.restore(a.stateTensors(), a.stepCount());
        Map<String, Tensor> pa = a.step(p, one("layer.w", 0.5, -0.5, 1), 0.01), pb = b.step(p, one("layer.w", 0.5, -0.5, 1), 0.01);
        assertArrayEquals(pa.get("layer.w").toDoubleArray(), pb.get("layer.w").toDoubleArray(), 0.0);
    }

    @Test
    void missingGradientAndBadHyperparametersAreErrors() {
        Amsgrad a = new Amsgrad(0.9, 0.999, 1e-8, 0, true);
        assertThrows(IllegalArgumentException.class, () -> a.step(one("w", 1), one("v", 1), 0.1));
        assertThrows(IllegalArgumentException.class, () -> new Amsgrad(1.0, 0.999, 1e-8, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new Amsgrad(0.9, 0.999, 0, 0, true));
    }
}
