package org.jnequip.tensor.cpu;

/**
 * Row-major GEMM leaf kernels: C(M,N) = A(M,K) · B(K,N), one batch at a time, parallel over rows of C.
 * Each row of C is accumulated as Σ_k A[i,k]·B[k,:] with SIMD axpy; operands are contiguous (transposes are
 * materialised by the caller). Deterministic: each C row is owned by one task.
 */
public final class MatMul {
    private MatMul() {}

    public static void gemm(int m, int n, int k, float[] a, int ao, float[] b, int bo, float[] c, int co) {
        Parallel.forRange(m, (long) n * k, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                int crow = co + i * n;
                java.util.Arrays.fill(c, crow, crow + n, 0f);
                int arow = ao + i * k;
                for (int p = 0; p < k; p++) {
                    float av = a[arow + p];
                    Simd.axpy(n, av, b, bo + p * n, c, crow);
                }
            }
        });
    }

    public static void gemm(int m, int n, int k, double[] a, int ao, double[] b, int bo, double[] c, int co) {
        Parallel.forRange(m, (long) n * k, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                int crow = co + i * n;
                java.util.Arrays.fill(c, crow, crow + n, 0.0);
                int arow = ao + i * k;
                for (int p = 0; p < k; p++) {
                    double av = a[arow + p];
                    Simd.axpy(n, av, b, bo + p * n, c, crow);
                }
            }
        });
    }

    /** Naive triple loop (i, j, p) used as the reference in tests and as the baseline in benchmarks. */
    public static void naive(int m, int n, int k, float[] a, float[] b, float[] c) {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                float s = 0;
                for (int p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
                c[i * n + j] = s;
            }
    }
}
