package org.jnequip.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jnequip.tensor.Backend;
import org.jnequip.tensor.Backends;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The CPU's Adam/AMSGrad and EMA updates (one in-place loop each) against the element-by-element loop of
 * {@link Backend#adamStep}'s formula: the same bits, for float32 and float64 weights, with and without weight decay
 * and the AMSGrad maximum, over several steps, small and large weights.
 */
class UpdatesTest {
    private static final Backend BE = Backends.cpu();

    @Test
    void adamMatchesTheScalarFormulaBitForBit() {
        Rng rng = new Rng(12);
        for (DType dt : DType.values())
            for (int n : new int[]{1, 7, 37, 100_003})
                for (boolean ams : new boolean[]{false, true})
                    for (double wd : new double[]{0.0, 0.013}) {
                        String what = dt + " n " + n + (ams ? " amsgrad" : "") + " wd " + wd;
                        double[] p0 = rng.normal(n);
                        Tensor p = Tensor.of(p0, dt, n);
                        double[] pr = p.toDoubleArray(), m = new double[n], v = new double[n], vh = ams ? new double[n] : null;
                        Tensor[] state = {Tensor.zeros(DType.F64, n), Tensor.zeros(DType.F64, n), ams ? Tensor.zeros(DType.F64, n) : null};
                        double b1 = 0.9, b2 = 0.999, eps = 1e-8;
                        for (int t = 1; t <= 3; t++) {
                            double[] g0 = rng.normal(n);
                            Tensor g = Tensor.of(g0, dt, n);
                            double[] gr = g.toDoubleArray();
                            double stepSize = 0.01 / (1 - Math.pow(b1, t)), sqrtBc2 = Math.sqrt(1 - Math.pow(b2, t));
                            state = BE.adamStep(p, g, state, b1, b2, eps, wd, stepSize, sqrtBc2);
                            for (int i = 0; i < n; i++) {                   // the formula, one element at a time
                                double gi = gr[i];
                                if (wd != 0) gi = gi + wd * pr[i];
                                m[i] = b1 * m[i] + (1 - b1) * gi;
                                v[i] = b2 * v[i] + (1 - b2) * gi * gi;
                                double h = v[i];
                                if (ams) h = vh[i] = Math.max(vh[i], v[i]);
                                double np = pr[i] - stepSize * m[i] / (Math.sqrt(h) / sqrtBc2 + eps);
                                pr[i] = dt == DType.F32 ? (float) np : np;
                            }
                            assertArrayEquals(pr, p.toDoubleArray(), what + " step " + t + ": weights");
                            assertArrayEquals(m, state[0].toDoubleArray(), what + " step " + t + ": m");
                            assertArrayEquals(v, state[1].toDoubleArray(), what + " step " + t + ": v");
                            if (ams) assertArrayEquals(vh, state[2].toDoubleArray(), what + " step " + t + ": v̂");
                        }
                        assertEquals(n, p.numel());
                    }
    }

    @Test
    void emaMatchesTheScalarFormulaBitForBit() {
        Rng rng = new Rng(3);
        for (DType dt : DType.values())
            for (int n : new int[]{5, 100_003}) {
                double[] s0 = rng.normal(n), p0 = rng.normal(n);
                Tensor p = Tensor.of(p0, dt, n), s = Tensor.of(s0, DType.F64, n);
                double[] pr = p.toDoubleArray(), want = s0.clone();
                double k = 0.01;
                for (int i = 0; i < n; i++) want[i] -= k * (want[i] - pr[i]);
                assertArrayEquals(want, BE.emaStep(s, p, k).toDoubleArray(), dt + " n " + n);
            }
    }
}
