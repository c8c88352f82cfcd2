package org.jnequip.tensor.cpu;

import jdk.incubator.vector.DoubleVector;
import org.jnequip.tensor.TpPlan.Mode;
import org.jnequip.tensor.TpPlan.Path;

/**
 * Fast rung for NequIP's convolution paths: mode uvu with mul2 = 1 (x2 is one copy of the edge's spherical
 * harmonic), one sample at a time, SIMD over the channel u.
 *
 * <p>Blocks are used in a transposed ("channel-last") layout: element (u, m) of a block that starts at
 * {@code off} with multiplicity {@code mul} sits at {@code off + m·mul + u}, so every sparse CG entry
 * (i, j, k, c) becomes one vector operation over u. With ĉ_q = c_q·x2[j_q] and W[u] the path's weights:
 * <pre>
 *   out[u,k] += W[u] Σ_q ĉ_q x1[u,i_q]                  (forward)
 *   ∂x1[u,i] += W[u] Σ_q ĉ_q g[u,k_q]                   (VJP wrt x1, g = out cotangent)
 *   ∂x2[j]   += Σ_q c_q Σ_u W[u] x1[u,i_q] g[u,k_q]     (VJP wrt x2)
 *   ∂W[u]    += Σ_q ĉ_q x1[u,i_q] g[u,k_q]              (VJP wrt W)
 * </pre>
 * W ≡ 1 for a path without weights. Rows are float64 scratch (see {@link TpKernels}).
 */
final class TpUvu {
    private TpUvu() {}

    static boolean applies(Path p) { return p.mode() == Mode.UVU && p.mul2() == 1; }

    /**
     * dstT[off + m·mul + u] = src[so + off + u·d + m] for the block (off, mul, d); src is float[] or double[].
     * With {@code channelLast} the source already is in that layout and the block is copied as it is.
     */
    static void transposeFrom(Object src, int so, double[] dstT, int off, int mul, int d, boolean channelLast) {
        if (channelLast) {
            if (src instanceof double[] x) System.arraycopy(x, so + off, dstT, off, mul * d);
            else { float[] x = (float[]) src; for (int a = 0; a < mul * d; a++) dstT[off + a] = x[so + off + a]; }
        } else if (src instanceof double[] x) {
            for (int u = 0, a = so + off; u < mul; u++) for (int m = 0; m < d; m++, a++) dstT[off + m * mul + u] = x[a];
        } else {
            float[] x = (float[]) src;
            for (int u = 0, a = so + off; u < mul; u++) for (int m = 0; m < d; m++, a++) dstT[off + m * mul + u] = x[a];
        }
    }

    /** dst[dro + off + u·d + m] = srcT[off + m·mul + u] (assign, rounding to float32 for a float[] dst); a copy when channel-last. */
    static void untransposeTo(double[] srcT, Object dst, int dro, int off, int mul, int d, boolean channelLast) {
        if (channelLast) {
            if (dst instanceof double[] y) System.arraycopy(srcT, off, y, dro + off, mul * d);
            else { float[] y = (float[]) dst; for (int a = 0; a < mul * d; a++) y[dro + off + a] = (float) srcT[off + a]; }
        } else if (dst instanceof double[] y) {
            for (int u = 0, a = dro + off; u < mul; u++) for (int m = 0; m < d; m++, a++) y[a] = srcT[off + m * mul + u];
        } else {
            float[] y = (float[]) dst;
            for (int u = 0, a = dro + off; u < mul; u++) for (int m = 0; m < d; m++, a++) y[a] = (float) srcT[off + m * mul + u];
        }
    }

    /** dst[off + u·d + m] += srcT[off + m·mul + u] (a float64 row); element-wise when channel-last. */
    static void untransposeAdd(double[] srcT, double[] dst, int off, int mul, int d, boolean channelLast) {
        if (channelLast) { for (int a = off; a < off + mul * d; a++) dst[a] += srcT[a]; return; }
        for (int u = 0, a = off; u < mul; u++) for (int m = 0; m < d; m++, a++) dst[a] += srcT[off + m * mul + u];
    }

    /** outT (transposed out row) += this path's forward. {@code wx} is scratch of length ≥ mul·d1. */
    static void forward(Path p, double[] x1T, double[] x2, double[] w, int wo, double[] outT, double[] wx) {
        int mul = p.mul1();
        double[] src = x1T;
        int so = p.off1();
        if (p.hasWeight()) {                                       // wx[i][u] = W[u]·x1[u,i]   (d1, mul)
            for (int i = 0; i < p.d1(); i++) mul(mul, w, wo + p.offW(), x1T, p.off1() + i * mul, wx, i * mul);
            src = wx;
            so = 0;
        }
        int[] pi = p.i(), pj = p.j(), pk = p.k();
        double[] pc = p.c();
        for (int q = 0; q < pc.length; q++)
            Simd.axpy(mul, pc[q] * x2[p.off2() + pj[q]], src, so + pi[q] * mul, outT, p.offOut() + pk[q] * mul);
    }

    /** gx1T (transposed x1-gradient row) += this path's VJP wrt x1. */
    static void gradX1(Path p, double[] gT, double[] x2, double[] w, int wo, double[] gx1T, double[] wg) {
        int mul = p.mul1();
        double[] src = gT;
        int so = p.offOut();
        if (p.hasWeight()) {                                       // wg[k][u] = W[u]·g[u,k]   (d3, mul)
            for (int k = 0; k < p.d3(); k++) mul(mul, w, wo + p.offW(), gT, p.offOut() + k * mul, wg, k * mul);
            src = wg;
            so = 0;
        }
        int[] pi = p.i(), pj = p.j(), pk = p.k();
        double[] pc = p.c();
        for (int q = 0; q < pc.length; q++)
            Simd.axpy(mul, pc[q] * x2[p.off2() + pj[q]], src, so + pk[q] * mul, gx1T, p.off1() + pi[q] * mul);
    }

    /** gx2 (normal layout, offset ro) += this path's VJP wrt x2. */
    static void gradX2(Path p, double[] x1T, double[] gT, double[] w, int wo, double[] gx2, int ro, double[] wx) {
        int mul = p.mul1();
        double[] src = x1T;
        int so = p.off1();
        if (p.hasWeight()) {
            for (int i = 0; i < p.d1(); i++) mul(mul, w, wo + p.offW(), x1T, p.off1() + i * mul, wx, i * mul);
            src = wx;
            so = 0;
        }
        int[] pi = p.i(), pj = p.j(), pk = p.k();
        double[] pc = p.c();
        for (int q = 0; q < pc.length; q++)
            gx2[ro + p.off2() + pj[q]] += pc[q] * Simd.dot(mul, src, so + pi[q] * mul, gT, p.offOut() + pk[q] * mul);
    }

    /** gw[ro + offW + u] += this path's VJP wrt its weights (no-op without weights). */
    static void gradW(Path p, double[] x1T, double[] x2, double[] gT, double[] gw, int ro) {
        if (!p.hasWeight()) return;
        int mul = p.mul1();
        int[] pi = p.i(), pj = p.j(), pk = p.k();
        double[] pc = p.c();
        for (int q = 0; q < pc.length; q++)
            fma3(mul, pc[q] * x2[p.off2() + pj[q]], x1T, p.off1() + pi[q] * mul, gT, p.offOut() + pk[q] * mul, gw, ro + p.offW());
    }

    /** y[yo..yo+n) = a[ao..) ⊙ b[bo..). */
    static void mul(int n, double[] a, int ao, double[] b, int bo, double[] y, int yo) {
        int u = 0;
        if (Simd.ENABLED) {
            for (int e = Simd.D.loopBound(n); u < e; u += Simd.D.length())
                DoubleVector.fromArray(Simd.D, a, ao + u).mul(DoubleVector.fromArray(Simd.D, b, bo + u)).intoArray(y, yo + u);
        }
        for (; u < n; u++) y[yo + u] = a[ao + u] * b[bo + u];
    }

    /** y[yo..yo+n) += s · a[ao..) ⊙ b[bo..). */
    static void fma3(int n, double s, double[] a, int ao, double[] b, int bo, double[] y, int yo) {
        int u = 0;
        if (Simd.ENABLED) {
            DoubleVector sv = DoubleVector.broadcast(Simd.D, s);
            for (int e = Simd.D.loopBound(n); u < e; u += Simd.D.length())
                DoubleVector.fromArray(Simd.D, a, ao + u).mul(sv).fma(DoubleVector.fromArray(Simd.D, b, bo + u), DoubleVector.fromArray(Simd.D, y, yo + u))
                        .intoArray(y, yo + u);
        }
        for (; u < n; u++) y[yo + u] += s * a[ao + u] * b[bo + u];
    }
}
