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
        private final Groups[] groups;
        private final Path[] paths;                    // plan.paths() as an array: List.get is an interface call per path and sample

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
            groups = groupsOf(plan);
            paths = plan.paths().toArray(Path[]::new);
            int nnz = 1;
            for (Path p : plan.paths()) nnz = Math.max(nnz, p.nnz());
            scr = new float[nnz];
            sharedW = plan.sharedWeights() && open == Slot.W;
            row = new float[sharedW ? plan.weightNumel() : 0];
        }

        private static float[] data(Tensor t) { return t == null ? null : (float[]) t.data(); }

        @Override public boolean direct() { return !sharedW; }

        @Override
        public void sample(int s, double[] acc) {
            if (sharedW) Arrays.fill(row, 0f);
            sampleAt(s, s, s, s);
            if (sharedW) for (int i = 0; i < plan.weightNumel(); i++) acc[i] += row[i];
        }

        /**
         * Adds sample s's ∂T/∂open into row {@code rRow} of the result, reading x1 from row {@code aRow} and the
         * out cotangent from row {@code gRow} (per-sample x2 and w from row s). The result starts zeroed.
         */
        void sampleAt(int s, int aRow, int gRow, int rRow) {
            int d1 = plan.dim1(), d2 = plan.dim2(), dOut = plan.dimOut(), wn = plan.weightNumel();
            boolean cl = plan.channelLast();
            float[] a = x1T, gg = gT, rT = resT;              // channel-last views of x1, g and the result row
            int ao = 0, go = 0, ro = 0, width = open == Slot.OUT ? dOut : d1;
            int[][] rb = open == Slot.OUT ? lay.outBlocks() : open == Slot.X1 ? lay.x1Blocks() : new int[0][];
            if (cl) {                                          // the storage already is channel-last: no copies
                a = x1; ao = aRow * d1; gg = g; go = gRow * dOut; rT = res; ro = rRow * width;
            } else {
                if (x1 != null) for (int[] b : lay.x1Blocks()) transposeFrom(x1, aRow * d1, x1T, b[0], b[1], b[2]);
                if (g != null) for (int[] b : lay.outBlocks()) transposeFrom(g, gRow * dOut, gT, b[0], b[1], b[2]);
                for (int[] b : rb) Arrays.fill(resT, b[0], b[0] + b[1] * b[2], 0f);
            }
            int x2o = s * d2, wo = plan.sharedWeights() ? 0 : s * wn;
            for (int n = 0; n < groups.length; n++) {
                Path p = paths[n];
                switch (open) {
                    case OUT -> forward(p, groups[n], a, ao, x2, x2o, w, wo, rT, ro, scr);
                    case X1 -> gradX1(p, groups[n], gg, go, x2, x2o, w, wo, rT, ro, scr);
                    case X2 -> gradX2(p, a, ao, gg, go, w, wo, res, rRow * d2);
                    case W -> gradW(p, a, ao, x2, x2o, gg, go, sharedW ? row : res, sharedW ? 0 : rRow * wn, scr);
                }
            }
            if (!cl) for (int[] b : rb) untransposeAdd(resT, res, rRow * width, b[0], b[1], b[2]);
        }
        /**
         * Sample s's ∂T/∂x2 into row s of the result (a Work made for open = X2) and its ∂T/∂W into row s of
         * {@code gw}, reading x1 from row {@code aRow} and the cotangent from row {@code gRow} once for both: per
         * path the X2 kernel then the W kernel, each the arithmetic of {@link #sampleAt} for its slot. Rows start zeroed.
         */
        void sampleX2W(int s, int aRow, int gRow, float[] gw) {
            if (open != Slot.X2 || sharedW) throw new IllegalStateException("sampleX2W: needs a Work for open = X2 with per-sample weights");
            int d1 = plan.dim1(), d2 = plan.dim2(), dOut = plan.dimOut(), wn = plan.weightNumel();
            float[] a = x1T, gg = gT;
            int ao = 0, go = 0;
            if (plan.channelLast()) { a = x1; ao = aRow * d1; gg = g; go = gRow * dOut; }
            else {
                for (int[] b : lay.x1Blocks()) transposeFrom(x1, aRow * d1, x1T, b[0], b[1], b[2]);
                for (int[] b : lay.outBlocks()) transposeFrom(g, gRow * dOut, gT, b[0], b[1], b[2]);
            }
            int x2o = s * d2, wo = s * wn;
            for (Path p : paths) {
                gradX2(p, a, ao, gg, go, w, wo, res, s * d2);
                gradW(p, a, ao, x2, x2o, gg, go, gw, s * wn, scr);
            }
        }
    }

    private static final java.util.Map<TpPlan, Groups[]> GROUPS = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    private static Groups[] groupsOf(TpPlan plan) {
        return GROUPS.computeIfAbsent(plan, pl -> pl.paths().stream().map(Groups::of).toArray(Groups[]::new));
    }

    static void transposeFrom(float[] x, int so, float[] dstT, int off, int mul, int d) {
        for (int u = 0, a = so + off; u < mul; u++) for (int m = 0; m < d; m++, a++) dstT[off + m * mul + u] = x[a];
    }

    static void untransposeAdd(float[] srcT, float[] y, int dro, int off, int mul, int d) {
        for (int u = 0, a = dro + off; u < mul; u++) for (int m = 0; m < d; m++, a++) y[a] += srcT[off + m * mul + u];
    }

    // Kernels on channel-last blocks: x1 block element (u, i) at x1o + off1 + i·mul + u, out (u, k) at oo + offOut + k·mul + u.
    // Each keeps its partial sums over CG entries in registers for one vector of channels u and writes every output
    // element once; ĉ_q = c_q·x2[j_q] is formed once per sample in {@code ch}.

    /** CG entries of one path grouped by output component k and by x1 component i (index lists into q). */
    record Groups(int[] kStart, int[] kq, int[] iStart, int[] iq) {
        static Groups of(Path p) {
            int[][] k = group(p.k(), p.d3()), i = group(p.i(), p.d1());
            return new Groups(k[0], k[1], i[0], i[1]);
        }

        private static int[][] group(int[] key, int n) {
            int[] start = new int[n + 1], order = new int[key.length];
            for (int v : key) start[v + 1]++;
            for (int a = 0; a < n; a++) start[a + 1] += start[a];
            int[] fill = Arrays.copyOf(start, n);
            for (int q = 0; q < key.length; q++) order[fill[key[q]]++] = q;
            return new int[][]{start, order};
        }
    }

    private static void chat(Path p, float[] x2, int x2o, float[] ch) {
        int[] pj = p.j();
        double[] pc = p.c();
        for (int q = 0; q < pc.length; q++) ch[q] = (float) pc[q] * x2[x2o + p.off2() + pj[q]];
    }

    /** out[u,k] += W[u] Σ_(q: k_q = k) ĉ_q x1[u,i_q]. */
    static void forward(Path p, Groups gr, float[] x1, int x1o, float[] x2, int x2o, float[] w, int wo, float[] out, int oo, float[] ch) {
        chat(p, x2, x2o, ch);
        sumInto(p.mul1(), p.d3(), gr.kStart(), gr.kq(), p.i(), ch, x1, x1o + p.off1(), p.hasWeight() ? w : null, wo + p.offW(), out, oo + p.offOut());
    }

    /** gx1[u,i] += W[u] Σ_(q: i_q = i) ĉ_q g[u,k_q]. */
    static void gradX1(Path p, Groups gr, float[] g, int go, float[] x2, int x2o, float[] w, int wo, float[] gx1, int ro, float[] ch) {
        chat(p, x2, x2o, ch);
        sumInto(p.mul1(), p.d1(), gr.iStart(), gr.iq(), p.k(), ch, g, go + p.offOut(), p.hasWeight() ? w : null, wo + p.offW(), gx1, ro + p.off1());
    }

    /** y[yb + r·mul + u] += W[u] Σ_(e in start[r]..start[r+1]) ĉ_(q_e) src[sb + from[q_e]·mul + u] for every row r < nr. */
    private static void sumInto(int mul, int nr, int[] start, int[] qs, int[] from, float[] ch, float[] src, int sb, float[] w, int wb, float[] y, int yb) {
        int u = 0;
        if (Simd.ENABLED) {
            for (int L = Simd.F.length(), e = Simd.F.loopBound(mul); u < e; u += L) {
                FloatVector wv = w == null ? null : FloatVector.fromArray(Simd.F, w, wb + u);
                for (int r = 0; r < nr; r++) {
                    if (start[r] == start[r + 1]) continue;
                    FloatVector acc = FloatVector.zero(Simd.F);
                    for (int a = start[r]; a < start[r + 1]; a++) {
                        int q = qs[a];
                        acc = FloatVector.fromArray(Simd.F, src, sb + from[q] * mul + u).fma(FloatVector.broadcast(Simd.F, ch[q]), acc);
                    }
                    if (wv != null) acc = acc.mul(wv);
                    int yo = yb + r * mul + u;
                    acc.add(FloatVector.fromArray(Simd.F, y, yo)).intoArray(y, yo);
                }
            }
        }
        for (; u < mul; u++) {
            float wu = w == null ? 1f : w[wb + u];
            for (int r = 0; r < nr; r++) {
                if (start[r] == start[r + 1]) continue;
                float acc = 0;
                for (int a = start[r]; a < start[r + 1]; a++) acc += ch[qs[a]] * src[sb + from[qs[a]] * mul + u];
                y[yb + r * mul + u] += wu * acc;
            }
        }
    }

    /** gx2[j] += Σ_(q: j_q = j) c_q Σ_u W[u] x1[u,i_q] g[u,k_q]. */
    static void gradX2(Path p, float[] x1, int x1o, float[] g, int go, float[] w, int wo, float[] gx2, int ro) {
        int mul = p.mul1(), xb = x1o + p.off1(), gb = go + p.offOut(), wb = wo + p.offW();
        boolean hw = p.hasWeight();
        int[] pi = p.i(), pj = p.j(), pk = p.k();
        double[] pc = p.c();
        for (int q = 0; q < pc.length; q++) {
            int xo = xb + pi[q] * mul, gq = gb + pk[q] * mul, u = 0;
            float sum = 0;
            if (Simd.ENABLED && mul >= Simd.F.length()) {
                FloatVector acc = FloatVector.zero(Simd.F);
                for (int L = Simd.F.length(), e = Simd.F.loopBound(mul); u < e; u += L) {
                    FloatVector t = FloatVector.fromArray(Simd.F, x1, xo + u).mul(FloatVector.fromArray(Simd.F, g, gq + u));
                    acc = hw ? t.fma(FloatVector.fromArray(Simd.F, w, wb + u), acc) : t.add(acc);
                }
                sum = Simd.sumLanes(acc);
            }
            for (; u < mul; u++) sum += (hw ? w[wb + u] : 1f) * x1[xo + u] * g[gq + u];
            gx2[ro + p.off2() + pj[q]] += (float) pc[q] * sum;
        }
    }

    /** gw[u] += Σ_q ĉ_q x1[u,i_q] g[u,k_q] (no-op without weights). */
    static void gradW(Path p, float[] x1, int x1o, float[] x2, int x2o, float[] g, int go, float[] gw, int ro, float[] ch) {
        if (!p.hasWeight()) return;
        chat(p, x2, x2o, ch);
        int mul = p.mul1(), xb = x1o + p.off1(), gb = go + p.offOut(), wb = ro + p.offW();
        int[] pi = p.i(), pk = p.k();
        int nnz = p.nnz(), u = 0;
        if (Simd.ENABLED) {
            for (int L = Simd.F.length(), e = Simd.F.loopBound(mul); u < e; u += L) {
                FloatVector acc = FloatVector.zero(Simd.F);
                for (int q = 0; q < nnz; q++)
                    acc = FloatVector.fromArray(Simd.F, x1, xb + pi[q] * mul + u).mul(ch[q]).fma(FloatVector.fromArray(Simd.F, g, gb + pk[q] * mul + u), acc);
                acc.add(FloatVector.fromArray(Simd.F, gw, wb + u)).intoArray(gw, wb + u);
            }
        }
        for (; u < mul; u++) {
            float acc = 0;
            for (int q = 0; q < nnz; q++) acc += ch[q] * x1[xb + pi[q] * mul + u] * g[gb + pk[q] * mul + u];
            gw[wb + u] += acc;
        }
    }
}
