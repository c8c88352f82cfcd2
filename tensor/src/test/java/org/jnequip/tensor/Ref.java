package org.jnequip.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;

/**
 * Independent reference implementations for tests: plain double loops over multi-indices, written without
 * the backend's strides, coalescing or fast paths.
 */
public final class Ref {
    private Ref() {}

    public static double[] random(Random r, int n, double lo, double hi) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = lo + (hi - lo) * r.nextDouble();
        return x;
    }

    /** Values exactly representable in float32 (so float32 and float64 runs start from the same inputs). */
    public static double[] randomF32(Random r, int n, double lo, double hi) {
        double[] x = random(r, n, lo, hi);
        for (int i = 0; i < n; i++) x[i] = (float) x[i];
        return x;
    }

    public static int numel(int[] s) { int n = 1; for (int d : s) n *= d; return n; }

    public static int[] unravel(int i, int[] shape) {
        int[] idx = new int[shape.length];
        for (int a = shape.length - 1; a >= 0; a--) { idx[a] = i % shape[a]; i /= shape[a]; }
        return idx;
    }

    public static int ravel(int[] idx, int[] shape) {
        int o = 0;
        for (int a = 0; a < shape.length; a++) o = o * shape[a] + idx[a];
        return o;
    }

    /** Element of x (shape xs) seen through NumPy broadcasting at output multi-index idx. */
    public static double bcastAt(double[] x, int[] xs, int[] idx) {
        int off = idx.length - xs.length, o = 0;
        for (int a = 0; a < xs.length; a++) o = o * xs[a] + (xs[a] == 1 ? 0 : idx[a + off]);
        return x[o];
    }

    public static int[] bshape(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] o = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i - (r - a.length) >= 0 ? a[i - (r - a.length)] : 1, db = i - (r - b.length) >= 0 ? b[i - (r - b.length)] : 1;
            o[i] = da == 1 ? db : da;
        }
        return o;
    }

    public static double[] binary(DoubleBinaryOperator f, double[] a, int[] as, double[] b, int[] bs) {
        int[] os = bshape(as, bs);
        double[] y = new double[numel(os)];
        for (int i = 0; i < y.length; i++) {
            int[] idx = unravel(i, os);
            y[i] = f.applyAsDouble(bcastAt(a, as, idx), bcastAt(b, bs, idx));
        }
        return y;
    }

    /** C[z,i,j] = Σ_p A[z,i,p]·B[z,p,j] for contiguous (nb, m, k) and (nb, k, n); sa/sb = 0 for a shared operand. */
    public static double[] matmul(int nb, int m, int n, int k, double[] a, int sa, double[] b, int sb) {
        double[] c = new double[nb * m * n];
        for (int z = 0; z < nb; z++)
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) s += a[z * sa + i * k + p] * b[z * sb + p * n + j];
                    c[(z * m + i) * n + j] = s;
                }
        return c;
    }

    /** Σ_p |A[i,p]|·|B[p,j]|: the scale of a float32 matmul rounding error. */
    public static double[] absMatmul(int nb, int m, int n, int k, double[] a, int sa, double[] b, int sb) {
        double[] aa = a.clone(), bb = b.clone();
        for (int i = 0; i < aa.length; i++) aa[i] = Math.abs(aa[i]);
        for (int i = 0; i < bb.length; i++) bb[i] = Math.abs(bb[i]);
        return matmul(nb, m, n, k, aa, sa, bb, sb);
    }

    /** Transposes the last two axes of a contiguous (nb, r, c) array. */
    public static double[] transposeLast(double[] x, int nb, int r, int c) {
        double[] y = new double[x.length];
        for (int z = 0; z < nb; z++)
            for (int i = 0; i < r; i++)
                for (int j = 0; j < c; j++) y[(z * c + j) * r + i] = x[(z * r + i) * c + j];
        return y;
    }

    public static void assertClose(double[] expected, double[] actual, double atol, double rtol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i];
            if (Double.isNaN(e) && Double.isNaN(a)) continue;
            if (e == a) continue;   // also equal infinities
            if (!(Math.abs(e - a) <= atol + rtol * Math.abs(e)))
                fail(String.format("%s: element %d: expected %.17g, got %.17g (|diff| %.3g)", what, i, e, a, Math.abs(e - a)));
        }
    }

    /** Per-element bound: |expected − actual| ≤ tol[i]. */
    public static void assertWithin(double[] expected, double[] actual, double[] tol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i];
            if (e == a || (Double.isNaN(e) && Double.isNaN(a))) continue;
            if (!(Math.abs(e - a) <= tol[i]))
                fail(String.format("%s: element %d: expected %.17g, got %.17g (|diff| %.3g > tol %.3g)", what, i, e, a, Math.abs(e - a), tol[i]));
        }
    }

    public static String str(int[] s) { return Arrays.toString(s); }
}
