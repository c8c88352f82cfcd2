package org.jnequip.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.jnequip.tensor.Ref;
import org.junit.jupiter.api.Test;

/**
 * Leaf GEMM kernels (SIMD micro-kernel, scalar loop, naive loop) against a float64 reference, for sizes that hit
 * every tail: rows not a multiple of the 6-row strip, columns around the 1- and 2-vector panel widths, K = 0/1,
 * and strided (transposed) operands. Tolerance: Higham's dot-product bound |ĉ − c| ≤ γ_K·(|A|·|B|)_ij with
 * γ_K = K·u/(1 − K·u), u = 2^-24 (float32) or 2^-53 (float64, doubled for the reference's own rounding).
 */
class GemmTest {
    static final int[] MS = {1, 2, 5, 6, 7, 13, 47};
    static final int[] NS = {1, 3, 15, 16, 17, 31, 32, 33, 48, 63, 65, 100};
    static final int[] KS = {0, 1, 2, 7, 64, 129};

    static double[] tol(int m, int n, int k, double[] a, double[] b, double u, double factor) {
        double g = k * u / (1 - k * u) * factor;
        double[] s = Ref.absMatmul(1, m, n, k, a, 0, b, 0);
        for (int i = 0; i < s.length; i++) s[i] = g * s[i] + 1e-300;
        return s;
    }

    static float[] f(double[] x) { float[] y = new float[x.length]; for (int i = 0; i < x.length; i++) y[i] = (float) x[i]; return y; }

    static double[] d(float[] x) { double[] y = new double[x.length]; for (int i = 0; i < x.length; i++) y[i] = x[i]; return y; }

    @Test
    void allPathsAllTails() {
        Random r = new Random(7);
        for (int m : MS) for (int n : NS) for (int k : KS) {
            if ((long) m * n * k > 200_000) continue;
            double[] a = Ref.randomF32(r, m * k, -1, 1), b = Ref.randomF32(r, k * n, -1, 1);
            double[] e = Ref.matmul(1, m, n, k, a, 0, b, 0);
            String what = m + "x" + k + "x" + n;
            double[] t32 = tol(m, n, k, a, b, 0x1p-24, 1), t64 = tol(m, n, k, a, b, 0x1p-53, 2);
            // stale values in C must be overwritten
            float[] cf = new float[m * n + 3];
            java.util.Arrays.fill(cf, Float.NaN);
            MatMul.gemm(m, n, k, f(a), 0, f(b), 0, cf, 0);
            Ref.assertWithin(e, java.util.Arrays.copyOf(d(cf), m * n), t32, "gemm f32 " + what);
            float[] cs = new float[m * n];
            MatMul.scalar(m, n, k, f(a), 0, k, 1, f(b), 0, n, 1, cs, 0);
            Ref.assertWithin(e, d(cs), t32, "scalar f32 " + what);
            float[] cn = new float[m * n];
            MatMul.naive(m, n, k, f(a), f(b), cn);
            Ref.assertWithin(e, d(cn), t32, "naive f32 " + what);
            assertArrayEquals(cn, cs, "scalar i-p-j and naive i-j-p sum in the same order: " + what);
            if (m * n * k > 0) {
                float[] cv = new float[m * n];
                GemmF32.gemm(m, n, k, f(a), 0, k, 1, f(b), 0, n, 1, cv, 0);   // the SIMD kernel even below the size switch
                Ref.assertWithin(e, d(cv), t32, "simd f32 " + what);
                double[] cd = new double[m * n];
                GemmF64.gemm(m, n, k, a, 0, k, 1, b, 0, n, 1, cd, 0);
                Ref.assertWithin(e, cd, t64, "simd f64 " + what);
            }
            double[] cd = new double[m * n];
            MatMul.gemm(m, n, k, a, 0, b, 0, cd, 0);
            Ref.assertWithin(e, cd, t64, "gemm f64 " + what);
            double[] cdn = new double[m * n];
            MatMul.naive(m, n, k, a, b, cdn);
            Ref.assertWithin(e, cdn, t64, "naive f64 " + what);
        }
    }

    @Test
    void stridedOperandsAndOffsets() {
        Random r = new Random(8);
        int[][] sizes = {{7, 33, 19}, {50, 40, 70}, {3, 5, 2}, {130, 17, 9}};
        for (int[] sz : sizes) {
            int m = sz[0], n = sz[1], k = sz[2];
            double[] a = Ref.randomF32(r, m * k, -1, 1), b = Ref.randomF32(r, k * n, -1, 1);
            double[] e = Ref.matmul(1, m, n, k, a, 0, b, 0);
            double[] at = Ref.transposeLast(a, 1, m, k), bt = Ref.transposeLast(b, 1, k, n);   // stored (k, m), (n, k)
            int off = 5;
            double[] atOff = new double[at.length + off], btOff = new double[bt.length + off];
            System.arraycopy(at, 0, atOff, off, at.length);
            System.arraycopy(bt, 0, btOff, off, bt.length);
            double[] c = new double[m * n + 2 * off];
            MatMul.gemm(m, n, k, atOff, off, 1, m, btOff, off, 1, k, c, off);
            String what = m + "x" + k + "x" + n;
            Ref.assertWithin(e, java.util.Arrays.copyOfRange(c, off, off + m * n), tol(m, n, k, a, b, 0x1p-53, 2), "strided f64 " + what);
            float[] cf = new float[m * n];
            MatMul.gemm(m, n, k, f(at), 0, 1, m, f(b), 0, n, 1, cf, 0);
            Ref.assertWithin(e, d(cf), tol(m, n, k, a, b, 0x1p-24, 1), "transA f32 " + what);
            MatMul.gemm(m, n, k, f(a), 0, k, 1, f(bt), 0, 1, k, cf, 0);
            Ref.assertWithin(e, d(cf), tol(m, n, k, a, b, 0x1p-24, 1), "transB f32 " + what);
        }
    }

    /** The panel-major order (large B, small A) against the reference, and bit for bit against the row-strip order. */
    @Test
    void panelOrderMatchesStripOrder() {
        Random r = new Random(9);
        int[][] sizes = {{64, 1100, 70}, {13, 300, 250}, {7, 519, 131}};   // k·n above GemmF32.BIG_B, m·k below SMALL_A
        for (int[] sz : sizes) {
            int m = sz[0], n = sz[1], k = sz[2];
            double[] a = Ref.randomF32(r, m * k, -1, 1), b = Ref.randomF32(r, k * n, -1, 1);
            double[] e = Ref.matmul(1, m, n, k, a, 0, b, 0), at = Ref.transposeLast(a, 1, m, k);
            String what = m + "x" + k + "x" + n;
            float[] p = new float[m * n], q = new float[m * n];
            GemmF32.byPanels(m, n, k, f(at), 0, 1, m, f(b), 0, n, 1, p, 0);           // Aᵀ stored, as in a weight gradient
            GemmF32.byStrips(m, n, k, f(at), 0, 1, m, f(b), 0, n, 1, q, 0);
            Ref.assertWithin(e, d(p), tol(m, n, k, a, b, 0x1p-24, 1), "panels f32 " + what);
            assertArrayEquals(q, p, "panel and strip order, f32 " + what);
            double[] pd = new double[m * n], qd = new double[m * n];
            GemmF64.byPanels(m, n, k, at, 0, 1, m, b, 0, n, 1, pd, 0);
            GemmF64.byStrips(m, n, k, at, 0, 1, m, b, 0, n, 1, qd, 0);
            Ref.assertWithin(e, pd, tol(m, n, k, a, b, 0x1p-53, 2), "panels f64 " + what);
            assertArrayEquals(qd, pd, "panel and strip order, f64 " + what);
        }
    }

    /**
     * Few rows against a B stored transposed go through Cᵀ = Bᵀ·Aᵀ ({@link GemmF32#transposed}): bit for bit the row-strip
     * order's C, with offsets into A, B and C, A stored either way, ragged edges and a K long enough for K blocks.
     */
    @Test
    void fewRowsTimesStoredTransposeMatchStripOrder() {
        Random r = new Random(13);
        int[][] sizes = {{21, 192, 320}, {1, 400, 50}, {32, 33, 600}, {7, 300, 3200}, {13, 16, 1100}};
        for (int[] sz : sizes) {
            int m = sz[0], n = sz[1], k = sz[2], off = 5;
            assertTrue(m <= GemmF32.FEW_ROWS && m < n && (long) k * n >= GemmF32.PACKED_B && m <= GemmF64.FEW_ROWS && (long) k * n >= GemmF64.PACKED_B, "sizes that take the transposed order");
            double[] a = Ref.randomF32(r, m * k, -1, 1), b = Ref.randomF32(r, k * n, -1, 1);
            double[] at = Ref.transposeLast(a, 1, m, k), bt = Ref.transposeLast(b, 1, k, n), e = Ref.matmul(1, m, n, k, a, 0, b, 0);
            double[] ao = shifted(a, off), ato = shifted(at, off), bto = shifted(bt, off);
            String what = m + "x" + k + "x" + n;
            for (boolean aT : new boolean[]{false, true}) {
                double[] aa = aT ? ato : ao;
                int rsA = aT ? 1 : k, csA = aT ? m : 1;
                float[] viaT = new float[m * n + off], strips = new float[m * n + off];
                GemmF32.gemm(m, n, k, f(aa), off, rsA, csA, f(bto), off, 1, k, viaT, off);
                GemmF32.byStrips(m, n, k, f(aa), off, rsA, csA, f(bto), off, 1, k, strips, off);
                assertArrayEquals(strips, viaT, "f32 " + what + (aT ? ", A stored transposed" : ""));
                Ref.assertWithin(e, d(java.util.Arrays.copyOfRange(viaT, off, off + m * n)), tol(m, n, k, a, b, 0x1p-24, 1), "f32 vs reference " + what);
                double[] viaTD = new double[m * n + off], stripsD = new double[m * n + off];
                GemmF64.gemm(m, n, k, aa, off, rsA, csA, bto, off, 1, k, viaTD, off);
                GemmF64.byStrips(m, n, k, aa, off, rsA, csA, bto, off, 1, k, stripsD, off);
                assertArrayEquals(stripsD, viaTD, "f64 " + what + (aT ? ", A stored transposed" : ""));
                assertEquals(0.0, viaTD[0], "f64 " + what + ": C before its offset untouched");
            }
        }
    }

    private static double[] shifted(double[] x, int off) {
        double[] y = new double[x.length + off];
        System.arraycopy(x, 0, y, off, x.length);
        return y;
    }

    /**
     * A row-major B is read in place (only a ragged last panel packed); the same B stored transposed goes through the
     * packed panels. Both orders, with an offset into B and K blocks: bit for bit the same C, edge panels included.
     */
    @Test
    void inPlaceBMatchesPackedB() {
        Random r = new Random(11);
        int[][] sizes = {{64, 384, 700}, {13, 37, 300}, {7, 16, 65}, {64, 70, 222}, {6, 33, 1030}};
        for (int[] sz : sizes) {
            int m = sz[0], n = sz[1], k = sz[2], off = 3;
            double[] a = Ref.randomF32(r, m * k, -1, 1), b = Ref.randomF32(r, k * n, -1, 1), bt = Ref.transposeLast(b, 1, k, n);
            double[] bo = new double[b.length + off], bto = new double[bt.length + off];
            System.arraycopy(b, 0, bo, off, b.length);
            System.arraycopy(bt, 0, bto, off, bt.length);
            String what = m + "x" + k + "x" + n;
            for (int kc : new int[]{k, 64}) {
                float[] direct = new float[m * n], packed = new float[m * n];
                GemmF32.byStrips(m, n, k, f(a), 0, k, 1, f(bo), off, n, 1, direct, 0, kc);
                GemmF32.byStrips(m, n, k, f(a), 0, k, 1, f(bto), off, 1, k, packed, 0, kc);
                assertArrayEquals(packed, direct, "strips f32, kc " + kc + ": " + what);
                double[] directD = new double[m * n], packedD = new double[m * n];
                GemmF64.byStrips(m, n, k, a, 0, k, 1, bo, off, n, 1, directD, 0, kc);
                GemmF64.byStrips(m, n, k, a, 0, k, 1, bto, off, 1, k, packedD, 0, kc);
                assertArrayEquals(packedD, directD, "strips f64, kc " + kc + ": " + what);
            }
            float[] direct = new float[m * n], packed = new float[m * n];
            GemmF32.byPanels(m, n, k, f(a), 0, k, 1, f(bo), off, n, 1, direct, 0);
            GemmF32.byPanels(m, n, k, f(a), 0, k, 1, f(bto), off, 1, k, packed, 0);
            assertArrayEquals(packed, direct, "panels f32: " + what);
            Ref.assertWithin(Ref.matmul(1, m, n, k, a, 0, b, 0), d(direct), tol(m, n, k, a, b, 0x1p-24, 1), "panels f32 vs reference: " + what);
            double[] directD = new double[m * n], packedD = new double[m * n];
            GemmF64.byPanels(m, n, k, a, 0, k, 1, bo, off, n, 1, directD, 0);
            GemmF64.byPanels(m, n, k, a, 0, k, 1, bto, off, 1, k, packedD, 0);
            assertArrayEquals(packedD, directD, "panels f64: " + what);
        }
    }

    /** Row strips with B packed a few K rows at a time: bit for bit the single-block result, edge tiles included. */
    @Test
    void kBlocksGiveTheSameBits() {
        Random r = new Random(10);
        int[][] sizes = {{13, 37, 300}, {64, 70, 1030}, {7, 17, 65}};
        for (int[] sz : sizes) {
            int m = sz[0], n = sz[1], k = sz[2];
            double[] a = Ref.randomF32(r, m * k, -1, 1), b = Ref.randomF32(r, k * n, -1, 1);
            double[] e = Ref.matmul(1, m, n, k, a, 0, b, 0), at = Ref.transposeLast(a, 1, m, k);
            float[] one = new float[m * n];
            GemmF32.byStrips(m, n, k, f(at), 0, 1, m, f(b), 0, n, 1, one, 0, k);
            Ref.assertWithin(e, d(one), tol(m, n, k, a, b, 0x1p-24, 1), "strips f32 " + m + "x" + k + "x" + n);
            double[] oneD = new double[m * n];
            GemmF64.byStrips(m, n, k, at, 0, 1, m, b, 0, n, 1, oneD, 0, k);
            for (int kc : new int[]{1, 7, 64, k - 1}) {
                String what = m + "x" + k + "x" + n + " in K blocks of " + kc;
                float[] blocked = new float[m * n];
                java.util.Arrays.fill(blocked, Float.NaN);                   // stale values must not leak into the first block
                GemmF32.byStrips(m, n, k, f(at), 0, 1, m, f(b), 0, n, 1, blocked, 0, kc);
                assertArrayEquals(one, blocked, "f32 " + what);
                double[] blockedD = new double[m * n];
                GemmF64.byStrips(m, n, k, at, 0, 1, m, b, 0, n, 1, blockedD, 0, kc);
                assertArrayEquals(oneD, blockedD, "f64 " + what);
            }
        }
    }
}
