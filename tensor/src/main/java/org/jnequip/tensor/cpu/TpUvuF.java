package org.jnequip.tensor.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import org.jnequip.tensor.Tensor;
import org.jnequip.tensor.TpPlan;
import org.jnequip.tensor.TpPlan.Path;
import org.jnequip.tensor.TpPlan.Slot;

/**
 * The float32 twin of {@link TpUvu} for plans whose paths all run on the SIMD rung (NequIP's convolution):
 * the same four contractions in the same channel-last scratch layout, computed in float32 with 16-lane
 * vectors straight from and into the tensors' float storage (no float64 row copies). Formulas: see TpUvu.
 */
final class TpUvuF {
    private TpUvuF() {}

    /** One worker: transposed scratch blocks and the per-sample contraction. */
    static final class Work implements TpKernels.Sampler {
        private final TpPlan plan;
        private final TpKernels.Layout lay;
        private final Slot open;
        private final float[] x1, x2, w, g, res, x1T, gT, resT, scr, row;
        private final boolean sharedW;

        Work(TpPlan plan, TpKernels.Layout lay, Slot open, Tensor[] ops, Tensor result) {
            this.plan = plan;
            this.lay = lay;
            this.open = open;
            x1 = data(ops[0]);
            x2 = data(ops[1]);
            w = data(ops[2]);
            g = data(ops[3]);
            res = (float[]) result.data();
            x1T = new float[plan.dim1()];
            gT = new float[plan.dimOut()];
            resT = new float[Math.max(plan.dim1(), plan.dimOut())];
            scr = new float[lay.maxScratch()];
            sharedW = plan.sharedWeights() && open == Slot.W;
            row = new float[sharedW ? plan.weightNumel() : 0];
        }

        private static float[] data(Tensor t) { return t == null ? null : (float[]) t.data(); }

        @Override public boolean direct() { return !sharedW; }

        @Override
        public void sample(int s, double[] acc) {
            int d1 = plan.dim1(), d2 = plan.dim2(), dOut = plan.dimOut(), wn = plan.weightNumel();
            if (x1 != null) for (int[] b : lay.x1Blocks()) transposeFrom(x1, s * d1, x1T, b[0], b[1], b[2]);
            if (g != null) for (int[] b : lay.outBlocks()) transposeFrom(g, s * dOut, gT, b[0], b[1], b[2]);
            int x2o = s * d2, wo = plan.sharedWeights() ? 0 : s * wn;
            int[][] rb = open == Slot.OUT ? lay.outBlocks() : open == Slot.X1 ? lay.x1Blocks() : new int[0][];
            for (int[] b : rb) Arrays.fill(resT, b[0], b[0] + b[1] * b[2], 0f);
            if (sharedW) Arrays.fill(row, 0f);
            for (Path p : plan.paths()) {
                switch (open) {
                    case OUT -> forward(p, x1T, x2, x2o, w, wo, resT, scr);
                    case X1 -> gradX1(p, gT, x2, x2o, w, wo, resT, scr);
                    case X2 -> gradX2(p, x1T, gT, w, wo, res, s * d2, scr);
                    case W -> gradW(p, x1T, x2, x2o, gT, sharedW ? row : res, sharedW ? 0 : s * wn);
                }
            }
            int ro = s * (open == Slot.OUT ? dOut : d1);
            for (int[] b : rb) untransposeTo(resT, res, ro, b[0], b[1], b[2]);
            if (sharedW) for (int i = 0; i < wn; i++) acc[i] += row[i];
        }
    }

    static void transposeFrom(float[] x, int so, float[] dstT, int off, int mul, int d) {
        for (int u = 0, a = so + off; u < mul; u++) for (int m = 0; m < d; m++, a++) dstT[off + m * mul + u] = x[a];
    }

    static void untransposeTo(float[] srcT, float[] y, int dro, int off, int mul, int d) {
        for (int u = 0, a = dro + off; u < mul; u++) for (int m = 0; m < d; m++, a++) y[a] = srcT[off + m * mul + u];
    }

    static void forward(Path p, float[] x1T, float[] x2, int x2o, float[] w, int wo, float[] outT, float[] wx) {
        int mul = p.mul1();
        float[] src = x1T;
        int so = p.off1();
        if (p.hasWeight()) {
            for (int i = 0; i < p.d1(); i++) mul(mul, w, wo + p.offW(), x1T, p.off1() + i * mul, wx, i * mul);
            src = wx;
            so = 0;
        }
        int[] pi = p.i(), pj = p.j(), pk = p.k();
        double[] pc = p.c();
        for (int q = 0; q < pc.length; q++)
            Simd.axpy(mul, (float) pc[q] * x2[x2o + p.off2() + pj[q]], src, so + pi[q] * mul, outT, p.offOut() + pk[q] * mul);
    }

    static void gradX1(Path p, float[] gT, float[] x2, int x2o, float[] w, int wo, float[] gx1T, float[] wg) {
        int mul = p.mul1();
        float[] src = gT;
        int so = p.offOut();
        if (p.hasWeight()) {
            for (int k = 0; k < p.d3(); k++) mul(mul, w, wo + p.offW(), gT, p.offOut() + k * mul, wg, k * mul);
            src = wg;
            so = 0;
        }
        int[] pi = p.i(), pj = p.j(), pk = p.k();
        double[] pc = p.c();
        for (int q = 0; q < pc.length; q++)
            Simd.axpy(mul, (float) pc[q] * x2[x2o + p.off2() + pj[q]], src, so + pk[q] * mul, gx1T, p.off1() + pi[q] * mul);
    }

    static void gradX2(Path p, float[] x1T, float[] gT, float[] w, int wo, float[] gx2, int ro, float[] wx) {
        int mul = p.mul1();
        float[] src = x1T;
        int so = p.off1();
        if (p.hasWeight()) {
            for (int i = 0; i < p.d1(); i++) mul(mul, w, wo + p.offW(), x1T, p.off1() + i * mul, wx, i * mul);
            src = wx;
            so = 0;
        }
        int[] pi = p.i(), pj = p.j(), pk = p.k();
        double[] pc = p.c();
        for (int q = 0; q < pc.length; q++)
            gx2[ro + p.off2() + pj[q]] += (float) pc[q] * Simd.dot(mul, src, so + pi[q] * mul, gT, p.offOut() + pk[q] * mul);
    }

    static void gradW(Path p, float[] x1T, float[] x2, int x2o, float[] gT, float[] gw, int ro) {
        if (!p.hasWeight()) return;
        int mul = p.mul1();
        int[] pi = p.i(), pj = p.j(), pk = p.k();
        double[] pc = p.c();
        for (int q = 0; q < pc.length; q++)
            fma3(mul, (float) pc[q] * x2[x2o + p.off2() + pj[q]], x1T, p.off1() + pi[q] * mul, gT, p.offOut() + pk[q] * mul, gw, ro + p.offW());
    }

    static void mul(int n, float[] a, int ao, float[] b, int bo, float[] y, int yo) {
        int u = 0;
        if (Simd.ENABLED) {
            for (int e = Simd.F.loopBound(n); u < e; u += Simd.F.length())
                FloatVector.fromArray(Simd.F, a, ao + u).mul(FloatVector.fromArray(Simd.F, b, bo + u)).intoArray(y, yo + u);
        }
        for (; u < n; u++) y[yo + u] = a[ao + u] * b[bo + u];
    }

    static void fma3(int n, float s, float[] a, int ao, float[] b, int bo, float[] y, int yo) {
        int u = 0;
        if (Simd.ENABLED) {
            FloatVector sv = FloatVector.broadcast(Simd.F, s);
            for (int e = Simd.F.loopBound(n); u < e; u += Simd.F.length())
                FloatVector.fromArray(Simd.F, a, ao + u).mul(sv).fma(FloatVector.fromArray(Simd.F, b, bo + u), FloatVector.fromArray(Simd.F, y, yo + u)).intoArray(y, yo + u);
        }
        for (; u < n; u++) y[yo + u] += s * a[ao + u] * b[bo + u];
    }
}
