package org.jnequip.tensor.o3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The SH polynomials: explicit l ≤ 3 vs the CG recursion, homogeneity, norms, zero vector, the device table. */
class ShPolynomialsTest {
    private static final int LMAX = 10, DIM = (LMAX + 1) * (LMAX + 1);

    static double[] randomVectors(int n, long seed) {
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
            ShPolynomials.eval(LMAX, v[3 * e], v[3 * e + 1], v[3 * e + 2], a, 0);
            ShPolynomials.evalRecursive(LMAX, v[3 * e], v[3 * e + 1], v[3 * e + 2], b, 0);
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
            ShPolynomials.eval(LMAX, x, y, z, a, 0);
            ShPolynomials.eval(LMAX, s * x, s * y, s * z, b, 0);
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
        ShPolynomials.eval(2, x, y, z, a, 0);
        double s3 = Math.sqrt(3), s15 = Math.sqrt(15), s5 = Math.sqrt(5);
        double[] want = {1, s3 * x, s3 * y, s3 * z, s15 * x * z, s15 * x * y, s5 * (y * y - (x * x + z * z) / 2), s15 * y * z, s15 / 2 * (z * z - x * x)};
        for (int i = 0; i < 9; i++) assertEquals(want[i], a[i], 1e-13, "index " + i);
    }

    @Test
    void zeroVectorGivesOneThenZeros() {
        double[] a = new double[DIM];
        java.util.Arrays.fill(a, 7);
        ShPolynomials.eval(LMAX, 0, 0, 0, a, 0);
        assertEquals(1.0, a[0]);
        for (int i = 1; i < DIM; i++) assertEquals(0.0, a[i], 0.0, "index " + i);
    }

    @Test
    void flatTableReproducesTheRecursion() {
        // a device kernel's view: explicit l <= 3, then the table's entries step by step
        int lmax = 7, dim = (lmax + 1) * (lmax + 1);
        ShPolynomials.Table t = ShPolynomials.recursionTable(lmax);
        assertEquals(lmax + 1, t.start().length);
        for (int l = 0; l <= ShPolynomials.EXPLICIT_LMAX; l++) assertEquals(0, t.start()[l], "steps below l=3 are empty");
        double[] v = randomVectors(20, 4), want = new double[dim], got = new double[dim];
        for (int e = 0; e < 20; e++) {
            double x = v[3 * e], y = v[3 * e + 1], z = v[3 * e + 2];
            ShPolynomials.eval(lmax, x, y, z, want, 0);
            ShPolynomials.eval(ShPolynomials.EXPLICIT_LMAX, x, y, z, got, 0);
            for (int l = ShPolynomials.EXPLICIT_LMAX; l < lmax; l++) {
                java.util.Arrays.fill(got, (l + 1) * (l + 1), (l + 2) * (l + 2), 0);
                for (int q = t.start()[l]; q < t.start()[l + 1]; q++) {
                    int i = t.idx()[3 * q], j = t.idx()[3 * q + 1], k = t.idx()[3 * q + 2];
                    got[(l + 1) * (l + 1) + i] += t.coef()[q] * (j == 0 ? x : j == 1 ? y : z) * got[l * l + k];
                }
            }
            assertArrayEquals(want, got, 0.0, "vector " + e);
        }
        assertThrows(IllegalArgumentException.class, () -> ShPolynomials.recursionTable(-1));
    }

    @Test
    void recursionBuiltForASmallerLmaxIsRejected() {
        ShPolynomials.Recursion rec = ShPolynomials.recursion(4);
        assertThrows(IllegalArgumentException.class, () -> ShPolynomials.eval(6, 1, 2, 3, new double[49], 0, rec));
        assertThrows(IllegalArgumentException.class, () -> ShPolynomials.eval(-1, 1, 2, 3, new double[1], 0));
    }
}
