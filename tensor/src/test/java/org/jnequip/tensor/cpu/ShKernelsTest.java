package org.jnequip.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.jnequip.tensor.Backends;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The SH kernel: explicit l ≤ 3 polynomials vs the CG recursion, homogeneity, norms, zero vector, float32. */
class ShKernelsTest {
    private static final int LMAX = 10, DIM = (LMAX + 1) * (LMAX + 1);

    private static double[] randomVectors(int n, long seed) {
        Random r = new Random(seed);
        double[] v = new double[3 * n];
        for (int i = 0; i < v.length; i++) v[i] = 2 * r.nextGaussian();
        return v;
    }

    @Test
    void explicitPolynomialsMatchRecursionFromScratch() {
        double[] v = randomVectors(50, 1);
        double[] a = new double[DIM], b = new double[DIM];
        double max = 0;
        for (int e = 0; e < 50; e++) {
            ShKernels.eval(LMAX, v[3 * e], v[3 * e + 1], v[3 * e + 2], a, 0);
            ShKernels.evalRecursive(LMAX, v[3 * e], v[3 * e + 1], v[3 * e + 2], b, 0);
            double r = Math.sqrt(v[3 * e] * v[3 * e] + v[3 * e + 1] * v[3 * e + 1] + v[3 * e + 2] * v[3 * e + 2]);
            for (int l = 0; l <= LMAX; l++)
                for (int m = l * l; m < (l + 1) * (l + 1); m++) max = Math.max(max, Math.abs(a[m] - b[m]) / Math.pow(r, l));
        }
        assertTrue(max < 1e-12, "explicit vs recursion max rel err " + max);
    }

    @Test
    void componentNormAndHomogeneity() {
        double[] v = randomVectors(30, 2);
        double[] a = new double[DIM], b = new double[DIM];
        for (int e = 0; e < 30; e++) {
            double x = v[3 * e], y = v[3 * e + 1], z = v[3 * e + 2], r2 = x * x + y * y + z * z, s = -1.7;
            ShKernels.eval(LMAX, x, y, z, a, 0);
            ShKernels.eval(LMAX, s * x, s * y, s * z, b, 0);
            for (int l = 0; l <= LMAX; l++) {
                double n = 0;
                for (int m = l * l; m < (l + 1) * (l + 1); m++) {
                    n += a[m] * a[m];
                    assertEquals(Math.pow(s, l) * a[m], b[m], 1e-11 * Math.pow(Math.abs(s) * Math.sqrt(r2), l) * Math.sqrt(2 * l + 1));
                }
                assertEquals(1.0, n / ((2 * l + 1) * Math.pow(r2, l)), 1e-12, "component norm at l=" + l);
            }
        }
    }

    @Test
    void l1AndL2AreTheDocumentedPolynomials() {
        double x = 0.3, y = -1.2, z = 2.5;
        double[] a = new double[9];
        ShKernels.eval(2, x, y, z, a, 0);
        double s3 = Math.sqrt(3), s15 = Math.sqrt(15), s5 = Math.sqrt(5);
        double[] want = {1, s3 * x, s3 * y, s3 * z, s15 * x * z, s15 * x * y, s5 * (y * y - (x * x + z * z) / 2), s15 * y * z, s15 / 2 * (z * z - x * x)};
        for (int i = 0; i < 9; i++) assertEquals(want[i], a[i], 1e-13, "index " + i);
    }

    @Test
    void zeroVectorGivesOneThenZeros() {
        double[] a = new double[DIM];
        java.util.Arrays.fill(a, 7);
        ShKernels.eval(LMAX, 0, 0, 0, a, 0);
        assertEquals(1.0, a[0]);
        for (int i = 1; i < DIM; i++) assertEquals(0.0, a[i], 0.0, "index " + i);
    }

    @Test
    void backendFloat32MatchesFloat64ToRounding() {
        int n = 2000, lmax = 6, dim = (lmax + 1) * (lmax + 1);
        double[] v = randomVectors(n, 3);
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
            ShKernels.eval(lmax, v[3 * e], v[3 * e + 1], v[3 * e + 2], one, 0);
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
