package org.jnequip.e3;

/** Small dense row-major matrix helpers for tests. */
final class TestMat {
    private TestMat() {}

    /** (n×k)·(k×m). */
    static double[] mul(double[] a, double[] b, int n, int k, int m) {
        double[] c = new double[n * m];
        for (int i = 0; i < n; i++)
            for (int t = 0; t < k; t++) {
                double v = a[i * k + t];
                if (v != 0) for (int j = 0; j < m; j++) c[i * m + j] += v * b[t * m + j];
            }
        return c;
    }

    static double[] mul(double[] a, double[] b, int n) { return mul(a, b, n, n, n); }

    static double[] transpose(double[] a, int n, int m) {
        double[] t = new double[n * m];
        for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) t[j * n + i] = a[i * m + j];
        return t;
    }

    static double[] identity(int n) {
        double[] e = new double[n * n];
        for (int i = 0; i < n; i++) e[i * n + i] = 1;
        return e;
    }

    /** max |a − b|. */
    static double maxDiff(double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("length " + a.length + " vs " + b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    /** (D1 ⊗ D2 ⊗ D3) applied to a flattened (d1, d2, d3) tensor: out[ijk] = Σ D1_ia D2_jb D3_kc t[abc]. */
    static double[] apply3(double[] D1, double[] D2, double[] D3, double[] t, int d1, int d2, int d3) {
        double[] a = new double[t.length], b = new double[t.length], c = new double[t.length];
        for (int i = 0; i < d1; i++) for (int x = 0; x < d1; x++) { double v = D1[i * d1 + x]; if (v != 0) for (int r = 0; r < d2 * d3; r++) a[i * d2 * d3 + r] += v * t[x * d2 * d3 + r]; }
        for (int i = 0; i < d1; i++) for (int j = 0; j < d2; j++) for (int y = 0; y < d2; y++) { double v = D2[j * d2 + y]; if (v != 0) for (int k = 0; k < d3; k++) b[(i * d2 + j) * d3 + k] += v * a[(i * d2 + y) * d3 + k]; }
        for (int ij = 0; ij < d1 * d2; ij++) for (int k = 0; k < d3; k++) for (int z = 0; z < d3; z++) c[ij * d3 + k] += D3[k * d3 + z] * b[ij * d3 + z];
        return c;
    }
}
