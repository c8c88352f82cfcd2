package org.jnequip.tensor.cpu;

import java.util.Arrays;

/**
 * Row-major GEMM entry points: C(M,N) = A(M,K) · B(K,N), C[i,j] = Σ_p A[i,p]·B[p,j], one matrix at a time.
 * Operands may be strided (A(i,p) = a[ao + i·rsA + p·csA], B(p,j) = b[bo + p·rsB + j·csB]), so a transposed
 * operand is passed by swapping its strides. C is written contiguously (leading dimension N).
 *
 * <p>The ladder (house style §5): {@link #naive} is the i-j-p triple loop (reference and benchmark baseline);
 * {@link #scalar} is the cache-friendly i-p-j loop used for tiny products and with {@code -Djnequip.simd=false};
 * {@link GemmF32}/{@link GemmF64} are the register-blocked SIMD kernels used otherwise.
 * Every path sums over p in increasing order, each C element being owned by one task (deterministic).
 */
public final class MatMul {
    private MatMul() {}

    /** Below this many multiply-adds the scalar loop wins (no packing, no threads). */
    static final long SMALL = 2048;

    public static void gemm(int m, int n, int k, float[] a, int ao, float[] b, int bo, float[] c, int co) {
        gemm(m, n, k, a, ao, k, 1, b, bo, n, 1, c, co);
    }

    public static void gemm(int m, int n, int k, double[] a, int ao, double[] b, int bo, double[] c, int co) {
        gemm(m, n, k, a, ao, k, 1, b, bo, n, 1, c, co);
    }

    /** Strided float32 GEMM (see the class comment for the stride convention). */
    public static void gemm(int m, int n, int k, float[] a, int ao, int rsA, int csA,
                            float[] b, int bo, int rsB, int csB, float[] c, int co) {
        if (m == 0 || n == 0) return;
        if (k == 0) { Arrays.fill(c, co, co + m * n, 0f); return; }
        if (!Simd.ENABLED || (long) m * n * k <= SMALL) scalar(m, n, k, a, ao, rsA, csA, b, bo, rsB, csB, c, co);
        else GemmF32.gemm(m, n, k, a, ao, rsA, csA, b, bo, rsB, csB, c, co);
    }

    /** Strided float64 GEMM. */
    public static void gemm(int m, int n, int k, double[] a, int ao, int rsA, int csA,
                            double[] b, int bo, int rsB, int csB, double[] c, int co) {
        if (m == 0 || n == 0) return;
        if (k == 0) { Arrays.fill(c, co, co + m * n, 0.0); return; }
        if (!Simd.ENABLED || (long) m * n * k <= SMALL) scalar(m, n, k, a, ao, rsA, csA, b, bo, rsB, csB, c, co);
        else GemmF64.gemm(m, n, k, a, ao, rsA, csA, b, bo, rsB, csB, c, co);
    }

    /** Scalar i-p-j loop: row i of C accumulates A[i,p]·B[p,:] for p = 0..K−1; parallel over rows. */
    static void scalar(int m, int n, int k, float[] a, int ao, int rsA, int csA,
                       float[] b, int bo, int rsB, int csB, float[] c, int co) {
        Parallel.forRange(m, (long) n * k, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                int ci = co + i * n;
                Arrays.fill(c, ci, ci + n, 0f);
                for (int p = 0; p < k; p++) {
                    float aip = a[ao + i * rsA + p * csA];
                    int bp = bo + p * rsB;
                    for (int j = 0; j < n; j++) c[ci + j] += aip * b[bp + j * csB];
                }
            }
        });
    }

    static void scalar(int m, int n, int k, double[] a, int ao, int rsA, int csA,
                       double[] b, int bo, int rsB, int csB, double[] c, int co) {
        Parallel.forRange(m, (long) n * k, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                int ci = co + i * n;
                Arrays.fill(c, ci, ci + n, 0.0);
                for (int p = 0; p < k; p++) {
                    double aip = a[ao + i * rsA + p * csA];
                    int bp = bo + p * rsB;
                    for (int j = 0; j < n; j++) c[ci + j] += aip * b[bp + j * csB];
                }
            }
        });
    }

    /** Naive triple loop (i, j, p) over contiguous operands: the reference in tests and the benchmark baseline. */
    public static void naive(int m, int n, int k, float[] a, float[] b, float[] c) {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                float s = 0;
                for (int p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
                c[i * n + j] = s;
            }
    }

    public static void naive(int m, int n, int k, double[] a, double[] b, double[] c) {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
                c[i * n + j] = s;
            }
    }
}
