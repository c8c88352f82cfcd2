package org.jnequip.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jnequip.tensor.Backends;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.Tensor;
import org.jnequip.tensor.o3.ShPolynomials;
import org.junit.jupiter.api.Test;

/** The CPU SH kernel: float32 rounds the float64 polynomials once, threads give the serial values, bad inputs. */
class ShKernelsTest {
    @Test
    void backendFloat32MatchesFloat64ToRounding() {
        int n = 2000, lmax = 6, dim = (lmax + 1) * (lmax + 1);
        double[] v = new Rng(3).uniform(3 * n, -4, 4);
        float[] vf = new float[v.length];
        for (int i = 0; i < v.length; i++) { vf[i] = (float) v[i]; v[i] = vf[i]; }   // same inputs in both
        double[] yd = Backends.cpu().sphericalHarmonics(Tensor.of(v, n, 3), lmax).toDoubleArray();
        Tensor tf = Backends.cpu().sphericalHarmonics(Tensor.of(vf, n, 3), lmax);
        assertEquals(DType.F32, tf.dtype());
        float[] yf = tf.toFloatArray();
        for (int i = 0; i < yd.length; i++)
            assertTrue(Math.abs(yf[i] - yd[i]) <= Math.ulp((float) yd[i]) * 0.5 + 1e-300, "index " + i + ": " + yf[i] + " vs " + yd[i]);
        // the serial per-vector path gives the same doubles as the threaded kernel
        double[] one = new double[dim];
        for (int e = 0; e < n; e += 97) {
            ShPolynomials.eval(lmax, v[3 * e], v[3 * e + 1], v[3 * e + 2], one, 0);
            for (int m = 0; m < dim; m++) assertEquals(one[m], yd[e * dim + m], 0.0);
        }
    }

    @Test
    void badInputs() {
        assertThrows(IllegalArgumentException.class, () -> ShKernels.forward(2, 1, new float[3], new double[9]));
        assertThrows(IllegalArgumentException.class, () -> ShKernels.forward(-1, 1, new double[3], new double[1]));
        assertThrows(IllegalArgumentException.class, () -> Backends.cpu().sphericalHarmonics(Tensor.of(new double[4], 2, 2), 2));
    }
}
