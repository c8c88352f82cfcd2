package org.jnequip.tensor.cpu;

import java.util.Arrays;
import java.util.List;
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
        private final float[] x1, x2, w, g, res, x1T, gT, resT, scr, row, lanes;
        private final boolean sharedW;
        private final Groups[] groups;
        private final Path[] paths;                    // plan.paths() as an array: List.get is an interface call per path and sample
        private final Flat flat;                       // every path's rows in one program (OUT or X1 of a channel-last plan), or null
        private final FlatX2W flatX2W;                 // the X2 and W gradients of every path in one program (open = X2), or null
        private final float[] flatCh;
        private float[] groupCh = new float[0];        // targetAt: ĉ of each sample of the target, nc apart
        private int[] groupX = new int[0], groupW = new int[0];   // targetAt: each sample's x and weight row offsets

        Work(TpPlan plan, TpKernels.Layout lay, Slot open, Tensor[] ops, Tensor result) {
            this.plan = plan;
            this.lay = lay;
            this.open = open;
            x1 = data(ops[0]);
            x2 = data(ops[1]);
            w = data(ops[2]);
            g = data(ops[3]);
            res = (float[]) result.data();
            boolean cl = plan.channelLast();                   // channel-last storage is read in place: no transposed copies
            x1T = cl ? null : new float[plan.dim1()];
            gT = cl ? null : new float[plan.dimOut()];
            resT = cl ? null : new float[Math.max(plan.dim1(), plan.dimOut())];
            Compiled comp = compiled(plan);
            groups = comp.groups();
            paths = plan.paths().toArray(Path[]::new);
            int nnz = 1;
            for (Path p : plan.paths()) nnz = Math.max(nnz, p.nnz());
            scr = new float[nnz];
            sharedW = plan.sharedWeights() && open == Slot.W;
            row = new float[sharedW ? plan.weightNumel() : 0];
            lanes = new float[open == Slot.X2 ? plan.dim2() * Simd.F.length() : 0];
            flat = cl && !plan.sharedWeights() ? open == Slot.OUT ? comp.out() : open == Slot.X1 ? comp.x1() : null : null;
            flatX2W = cl && !plan.sharedWeights() && open == Slot.X2 ? comp.x2w() : null;
            flatCh = flat != null ? new float[flat.c().length] : flatX2W != null ? new float[flatX2W.c().length] : null;
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
            if (flat != null) {                                // cl: a = x1 or gg = g read in place, rT = res
                if (open == Slot.OUT) flat.run(flatCh, x2, x2o, a, ao, w, wo, rT, ro);
                else flat.run(flatCh, x2, x2o, gg, go, w, wo, rT, ro);
                return;
            }
            for (int n = 0; n < groups.length; n++) {
                Path p = paths[n];
                switch (open) {
                    case OUT -> forward(p, groups[n], a, ao, x2, x2o, w, wo, rT, ro, scr);
                    case X1 -> gradX1(p, groups[n], gg, go, x2, x2o, w, wo, rT, ro, scr);
                    case X2 -> gradX2(p, groups[n], a, ao, gg, go, w, wo, res, rRow * d2, lanes);
                    case W -> gradW(p, groups[n], a, ao, x2, x2o, gg, go, sharedW ? row : res, sharedW ? 0 : rRow * wn, scr);
                }
            }
            if (open == Slot.X2) flushLanes(lanes, d2, res, rRow * d2);
            if (!cl) for (int[] b : rb) untransposeAdd(resT, res, rRow * width, b[0], b[1], b[2]);
        }
        /**
         * The OUT or X1 result row {@code t} of an indexed contraction: the sum over the samples e = order[q], q ∈
         * [q0, q1) that name it (x1 from row idx1[e] and the cotangent from row idxOut[e]). With a channel-last plan's
         * one program and channels in whole groups of 4 vectors ({@link Flat#runTarget}) each output vector is summed
         * over those samples in registers and added to the row once; otherwise sample after sample ({@link #sampleAt}).
         * The result row starts zeroed. (Aspirin, 64 channels, in one JVM with a switch, blocks alternating: l_max 2
         * E+F 14.74 → 13.90 ms and training step 62.5 → 60.1 ms; l_max 1 and 3 E+F even, training steps 17.87 → 17.28
         * and 109.9 → 108.2 ms.)
         */
        void targetAt(int t, int[] order, int q0, int q1, int[] idx1, int[] idxOut) {
            if (flat == null || q1 - q0 < 2 || !flat.byTarget()) {
                for (int q = q0; q < q1; q++) { int e = order[q]; sampleAt(e, idx1[e], idxOut[e], t); }
                return;
            }
            int ne = q1 - q0, nc = flat.c().length;
            if (groupCh.length < ne * nc) groupCh = new float[ne * nc];
            if (groupX.length < ne) { groupX = new int[ne]; groupW = new int[ne]; }
            boolean fwd = open == Slot.OUT;
            int d1 = plan.dim1(), d2 = plan.dim2(), dOut = plan.dimOut(), wn = plan.weightNumel();
            for (int k = 0; k < ne; k++) {
                int e = order[q0 + k];
                flat.hats(groupCh, k * nc, x2, e * d2);
                groupX[k] = fwd ? idx1[e] * d1 : idxOut[e] * dOut;
                groupW[k] = e * wn;
            }
            flat.runTarget(ne, groupCh, fwd ? x1 : g, groupX, w, groupW, res, t * (fwd ? dOut : d1));
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
            if (flatX2W != null) flatX2W.run(flatCh, x2, x2o, a, ao, gg, go, w, wo, lanes, gw, s * wn);
            else
                for (int n = 0; n < paths.length; n++) {
                    if (gradX2W(paths[n], groups[n], a, ao, x2, x2o, gg, go, w, wo, lanes, gw, s * wn, scr)) continue;
                    gradX2(paths[n], groups[n], a, ao, gg, go, w, wo, res, s * d2, lanes);
                    gradW(paths[n], groups[n], a, ao, x2, x2o, gg, go, gw, s * wn, scr);
                }
            flushLanes(lanes, d2, res, s * d2);
        }
    }

    /**
     * The forward (OUT) or X1 contraction of some paths of one multiplicity as one program: one path's
     * ({@link Groups}), or every path of a plan ({@link Compiled}; then a channel-last plan's kernels make no call
     * per path: at l_max 1 a path has 1–3 entries per row, and that set-up cost more than its sums). Row R (paths in
     * order, each path's output rows in order: its byK rows for OUT, byI rows for X1) sums its entries
     * a ∈ [start[R], start[R+1]), ĉ_a·x[xb + src_a + u], times W[wb + rowW[R] + u] when rowW[R] ≥ 0, into
     * y[yb + rowY[R] + u]: 4, 2, then 1 vectors of channels u at a time with the sums in registers, then the last
     * channels one by one. Each y element gets the same terms in the same order however the paths are grouped.
     */
    record Flat(int mul, float[] c, int[] j, int[] src, int[] start, int[] rowW, int[] rowY) {
        /** ĉ_a = c_a·x2[x2o + j_a] for every entry, into ch from cho. */
        void hats(float[] ch, int cho, float[] x2, int x2o) {
            for (int a = 0; a < c.length; a++) ch[cho + a] = c[a] * x2[x2o + j[a]];
        }

        /** Whether {@link #runTarget} takes this program: channels in whole groups of 4 vectors, on the SIMD rung. */
        boolean byTarget() { return Simd.ENABLED && mul % (4 * Simd.F.length()) == 0; }

        /**
         * The rows summed over ns samples that share one result row: sample k's ĉ at ch[k·nc …] ({@link #hats}), its x
         * at xb[k] and its weights at wb[k]. Per row and 4 vectors of channels, sample k's entry sum (the row's entries
         * in order) is multiplied by its weights and added to the total in registers, k in order, by one fused
         * multiply-add (a plain add for a row without weights); the total is then added to y once.
         */
        void runTarget(int ns, float[] ch, float[] x, int[] xb, float[] w, int[] wb, float[] y, int yb) {
            if (!byTarget()) throw new IllegalStateException("Flat.runTarget: " + mul + " channels are not whole groups of 4 vectors");
            int nc = c.length;
            for (int u = 0; u < mul; u += 4 * Simd.F.length()) target4(u, ns, nc, ch, x, xb, w, wb, y, yb);
        }

        private void target4(int u, int ns, int nc, float[] ch, float[] x, int[] xb, float[] w, int[] wb, float[] y, int yb) {
            var F = Simd.F;
            int L = F.length();
            for (int r = 0; r < rowY.length; r++) {
                FloatVector t0 = FloatVector.zero(F), t1 = t0, t2 = t0, t3 = t0;
                int a0 = start[r], a1 = start[r + 1], rw = rowW[r];
                for (int k = 0; k < ns; k++) {
                    FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
                    int cb = k * nc, xk = xb[k] + u;
                    for (int a = a0; a < a1; a++) {
                        FloatVector cv = FloatVector.broadcast(F, ch[cb + a]);
                        int xo = xk + src[a];
                        s0 = FloatVector.fromArray(F, x, xo).fma(cv, s0);
                        s1 = FloatVector.fromArray(F, x, xo + L).fma(cv, s1);
                        s2 = FloatVector.fromArray(F, x, xo + 2 * L).fma(cv, s2);
                        s3 = FloatVector.fromArray(F, x, xo + 3 * L).fma(cv, s3);
                    }
                    if (rw >= 0) {
                        int wo = wb[k] + rw + u;
                        t0 = s0.fma(FloatVector.fromArray(F, w, wo), t0); t1 = s1.fma(FloatVector.fromArray(F, w, wo + L), t1);
                        t2 = s2.fma(FloatVector.fromArray(F, w, wo + 2 * L), t2); t3 = s3.fma(FloatVector.fromArray(F, w, wo + 3 * L), t3);
                    } else { t0 = t0.add(s0); t1 = t1.add(s1); t2 = t2.add(s2); t3 = t3.add(s3); }
                }
                int yo = yb + rowY[r] + u;
                t0.add(FloatVector.fromArray(F, y, yo)).intoArray(y, yo);
                t1.add(FloatVector.fromArray(F, y, yo + L)).intoArray(y, yo + L);
                t2.add(FloatVector.fromArray(F, y, yo + 2 * L)).intoArray(y, yo + 2 * L);
                t3.add(FloatVector.fromArray(F, y, yo + 3 * L)).intoArray(y, yo + 3 * L);
            }
        }

        /** ĉ_a = c_a·x2[x2o + j_a] for every entry, then the rows. */
        void run(float[] ch, float[] x2, int x2o, float[] x, int xb, float[] w, int wb, float[] y, int yb) {
            hats(ch, 0, x2, x2o);
            int u = 0;
            if (Simd.ENABLED) {
                int L = Simd.F.length();
                for (; u + 4 * L <= mul; u += 4 * L) rows4(u, ch, x, xb, w, wb, y, yb);
                for (; u + 2 * L <= mul; u += 2 * L) rows2(u, ch, x, xb, w, wb, y, yb);
                for (; u + L <= mul; u += L) rows1(u, ch, x, xb, w, wb, y, yb);
            }
            for (; u < mul; u++)                                        // channels past the last whole vector
                for (int r = 0; r < rowY.length; r++) {
                    float acc = 0;
                    for (int a = start[r]; a < start[r + 1]; a++) acc += ch[a] * x[xb + src[a] + u];
                    y[yb + rowY[r] + u] += (rowW[r] >= 0 ? w[wb + rowW[r] + u] : 1f) * acc;
                }
        }

        private void rows4(int u, float[] ch, float[] x, int xb, float[] w, int wb, float[] y, int yb) {
            var F = Simd.F;
            int L = F.length();
            for (int r = 0; r < rowY.length; r++) {
                FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
                for (int a = start[r]; a < start[r + 1]; a++) {
                    FloatVector cv = FloatVector.broadcast(F, ch[a]);
                    int xo = xb + src[a] + u;
                    s0 = FloatVector.fromArray(F, x, xo).fma(cv, s0);
                    s1 = FloatVector.fromArray(F, x, xo + L).fma(cv, s1);
                    s2 = FloatVector.fromArray(F, x, xo + 2 * L).fma(cv, s2);
                    s3 = FloatVector.fromArray(F, x, xo + 3 * L).fma(cv, s3);
                }
                if (rowW[r] >= 0) {
                    int wo = wb + rowW[r] + u;
                    s0 = s0.mul(FloatVector.fromArray(F, w, wo)); s1 = s1.mul(FloatVector.fromArray(F, w, wo + L));
                    s2 = s2.mul(FloatVector.fromArray(F, w, wo + 2 * L)); s3 = s3.mul(FloatVector.fromArray(F, w, wo + 3 * L));
                }
                int yo = yb + rowY[r] + u;
                s0.add(FloatVector.fromArray(F, y, yo)).intoArray(y, yo);
                s1.add(FloatVector.fromArray(F, y, yo + L)).intoArray(y, yo + L);
                s2.add(FloatVector.fromArray(F, y, yo + 2 * L)).intoArray(y, yo + 2 * L);
                s3.add(FloatVector.fromArray(F, y, yo + 3 * L)).intoArray(y, yo + 3 * L);
            }
        }

        private void rows2(int u, float[] ch, float[] x, int xb, float[] w, int wb, float[] y, int yb) {
            var F = Simd.F;
            int L = F.length();
            for (int r = 0; r < rowY.length; r++) {
                FloatVector s0 = FloatVector.zero(F), s1 = s0;
                for (int a = start[r]; a < start[r + 1]; a++) {
                    FloatVector cv = FloatVector.broadcast(F, ch[a]);
                    int xo = xb + src[a] + u;
                    s0 = FloatVector.fromArray(F, x, xo).fma(cv, s0);
                    s1 = FloatVector.fromArray(F, x, xo + L).fma(cv, s1);
                }
                if (rowW[r] >= 0) {
                    int wo = wb + rowW[r] + u;
                    s0 = s0.mul(FloatVector.fromArray(F, w, wo)); s1 = s1.mul(FloatVector.fromArray(F, w, wo + L));
                }
                int yo = yb + rowY[r] + u;
                s0.add(FloatVector.fromArray(F, y, yo)).intoArray(y, yo);
                s1.add(FloatVector.fromArray(F, y, yo + L)).intoArray(y, yo + L);
            }
        }

        private void rows1(int u, float[] ch, float[] x, int xb, float[] w, int wb, float[] y, int yb) {
            var F = Simd.F;
            for (int r = 0; r < rowY.length; r++) {
                FloatVector acc = FloatVector.zero(F);
                for (int a = start[r]; a < start[r + 1]; a++) acc = FloatVector.fromArray(F, x, xb + src[a] + u).fma(FloatVector.broadcast(F, ch[a]), acc);
                if (rowW[r] >= 0) acc = acc.mul(FloatVector.fromArray(F, w, wb + rowW[r] + u));
                int yo = yb + rowY[r] + u;
                acc.add(FloatVector.fromArray(F, y, yo)).intoArray(y, yo);
            }
        }
    }

    static Flat flat(TpPlan plan, Slot open) { return flat(plan.paths(), plan.paths().stream().map(Groups::of).toArray(Groups[]::new), open); }

    /** The program of these paths for OUT or X1; null when their multiplicities differ (or there are none). */
    private static Flat flat(List<Path> ps, Groups[] gs, Slot open) {
        if (ps.isEmpty()) return null;
        int mul = ps.get(0).mul1();
        List<Order> os = new java.util.ArrayList<>();
        for (int n = 0; n < ps.size(); n++) {
            if (ps.get(n).mul1() != mul) return null;
            os.add(open == Slot.OUT ? gs[n].byK() : gs[n].byI());
        }
        return flat(ps, os, open == Slot.OUT);
    }

    private static Flat flat(List<Path> ps, List<Order> os, boolean forward) {
        int mul = ps.get(0).mul1(), nnz = 0, rows = 0;
        for (Order o : os) {
            nnz += o.c().length;
            for (int r = 0; r + 1 < o.start().length; r++) if (o.start()[r + 1] > o.start()[r]) rows++;
        }
        float[] c = new float[nnz];
        int[] j = new int[nnz], src = new int[nnz], start = new int[rows + 1], rowW = new int[rows], rowY = new int[rows];
        int a = 0, r = 0;
        for (int n = 0; n < ps.size(); n++) {
            Path p = ps.get(n);
            Order o = os.get(n);
            int from = forward ? p.off1() : p.offOut(), to = forward ? p.offOut() : p.off1();
            for (int q = 0; q + 1 < o.start().length; q++) {
                if (o.start()[q + 1] == o.start()[q]) continue;
                rowW[r] = p.hasWeight() ? p.offW() : -1;
                rowY[r] = to + q * mul;
                for (int e = o.start()[q]; e < o.start()[q + 1]; e++, a++) { c[a] = o.c()[e]; j[a] = o.j()[e]; src[a] = from + o.src()[e]; }
                start[++r] = a;
            }
        }
        return new Flat(mul, c, j, src, start, rowW, rowY);
    }

    /**
     * {@link #gradX2W} of every path of a channel-last plan in one program, for plans whose paths all have weights and
     * the same multiplicity of 2 or 4 vectors (null otherwise): path n's entries a ∈ [start[n], start[n+1]) in byQ
     * order, x1 read at src_a (= off1 + i_a·mul), the cotangent at src2_a (= offOut + k_a·mul), weights at offW[n].
     * The kernels of {@link #gradX2W} path after path over these arrays, without the per-path calls and set-up.
     */
    record FlatX2W(int mul, float[] c, int[] j, int[] src, int[] src2, int[] start, int[] offW) {
        void run(float[] ch, float[] x2, int x2o, float[] x1, int x1o, float[] g, int go, float[] w, int wo,
                 float[] lanes, float[] gw, int rw) {
            for (int a = 0; a < c.length; a++) ch[a] = c[a] * x2[x2o + j[a]];
            boolean four = mul == 4 * Simd.F.length();
            for (int n = 0; n < offW.length; n++) {
                if (four) x2w4(start[n], start[n + 1], c, j, src, src2, ch, x1, x1o, g, go, w, wo + offW[n], lanes, gw, rw + offW[n]);
                else x2w2(start[n], start[n + 1], c, j, src, src2, ch, x1, x1o, g, go, w, wo + offW[n], lanes, gw, rw + offW[n]);
            }
        }
    }

    static FlatX2W flatX2W(TpPlan plan) { return flatX2W(plan, plan.paths().stream().map(Groups::of).toArray(Groups[]::new)); }

    private static FlatX2W flatX2W(TpPlan plan, Groups[] gs) {
        List<Path> ps = plan.paths();
        if (!Simd.ENABLED || ps.isEmpty()) return null;
        int mul = ps.get(0).mul1(), L = Simd.F.length(), nnz = 0;
        if (mul != 2 * L && mul != 4 * L) return null;
        for (Path p : ps) {
            if (p.mul1() != mul || !p.hasWeight()) return null;
            nnz += p.nnz();
        }
        float[] c = new float[nnz];
        int[] j = new int[nnz], src = new int[nnz], src2 = new int[nnz], start = new int[ps.size() + 1], offW = new int[ps.size()];
        for (int n = 0, a = 0; n < ps.size(); n++) {
            Path p = ps.get(n);
            Order o = gs[n].byQ();
            offW[n] = p.offW();
            for (int e = 0; e < o.c().length; e++, a++) { c[a] = o.c()[e]; j[a] = o.j()[e]; src[a] = p.off1() + o.src()[e]; src2[a] = p.offOut() + o.src2()[e]; }
            start[n + 1] = a;
        }
        return new FlatX2W(mul, c, j, src, src2, start, offW);
    }

    /** What a plan's kernels precompute: each path's entry orders, and the flat OUT and X1 programs (null where the plan does not qualify). */
    record Compiled(Groups[] groups, Flat out, Flat x1, FlatX2W x2w) {}

    private static final java.util.Map<TpPlan, Compiled> COMPILED = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** The plan's precomputed orders and programs, made once per plan (one lookup per worker: a plan's hash walks its paths). */
    private static Compiled compiled(TpPlan plan) {
        Object[] l = last;                                     // the workers of one call ask for the same plan
        if (l != null && l[0] == plan) return (Compiled) l[1];
        Compiled c = COMPILED.computeIfAbsent(plan, pl -> {
            Groups[] gs = pl.paths().stream().map(Groups::of).toArray(Groups[]::new);
            return new Compiled(gs, flat(pl.paths(), gs, Slot.OUT), flat(pl.paths(), gs, Slot.X1), flatX2W(pl, gs));
        });
        last = new Object[]{plan, c};
        return c;
    }

    private static volatile Object[] last;

    static void transposeFrom(float[] x, int so, float[] dstT, int off, int mul, int d) {
        for (int u = 0, a = so + off; u < mul; u++) for (int m = 0; m < d; m++, a++) dstT[off + m * mul + u] = x[a];
    }

    static void untransposeAdd(float[] srcT, float[] y, int dro, int off, int mul, int d) {
        for (int u = 0, a = dro + off; u < mul; u++) for (int m = 0; m < d; m++, a++) y[a] += srcT[off + m * mul + u];
    }

    // Kernels on channel-last blocks: x1 block element (u, i) at x1o + off1 + i·mul + u, out (u, k) at oo + offOut + k·mul + u.
    // Each keeps its partial sums over CG entries in registers for up to four vectors of channels u (one pass over
    // a path's entries serves 64 channels) and writes every output element once; ĉ_a = c_a·x2[j_a] is formed once
    // per sample in {@code ch}, in the order the kernel walks the entries. Per lane, every sum runs over the entries
    // in the same order whatever the blocking, so the results do not depend on it.

    /**
     * A path's CG entries in one walking order, channel-last offsets precomputed: entry a has coefficient
     * c[a] = (float) c_q, x2 column j[a] = off2 + j_q, and the row offsets src[a] and src2[a] (times mul) of the
     * blocks it reads. {@code start} groups the entries by the output row they sum into (null: one group).
     */
    record Order(int[] start, float[] c, int[] j, int[] src, int[] src2) {
        static Order of(Path p, int[] key, int rows, int[] from, int[] from2) {
            int n = p.nnz();
            int[] start = null, order = new int[n];
            for (int q = 0; q < n; q++) order[q] = q;
            if (key != null) {
                start = new int[rows + 1];
                for (int v : key) start[v + 1]++;
                for (int a = 0; a < rows; a++) start[a + 1] += start[a];
                int[] fill = Arrays.copyOf(start, rows);
                for (int q = 0; q < n; q++) order[fill[key[q]]++] = q;
            }
            float[] c = new float[n];
            int[] j = new int[n], src = new int[n], src2 = from2 == null ? null : new int[n];
            for (int a = 0; a < n; a++) {
                int q = order[a];
                c[a] = (float) p.c()[q];
                j[a] = p.off2() + p.j()[q];
                src[a] = from[q] * p.mul1();
                if (src2 != null) src2[a] = from2[q] * p.mul1();
            }
            return new Order(start, c, j, src, src2);
        }
    }

    /**
     * The three orders of a path: by output component k (forward), by x1 component i (X1), as listed (X2, W); and the
     * path's forward and X1 programs.
     */
    record Groups(Order byK, Order byI, Order byQ, Flat fwd, Flat x1) {
        static Groups of(Path p) {
            Order byK = Order.of(p, p.k(), p.d3(), p.i(), null), byI = Order.of(p, p.i(), p.d1(), p.k(), null);
            return new Groups(byK, byI, Order.of(p, null, 0, p.i(), p.k()), flat(List.of(p), List.of(byK), true), flat(List.of(p), List.of(byI), false));
        }
    }

    private static void chat(Order o, float[] x2, int x2o, float[] ch) {
        float[] c = o.c();
        int[] j = o.j();
        for (int a = 0; a < c.length; a++) ch[a] = c[a] * x2[x2o + j[a]];
    }

    /** out[u,k] += W[u] Σ_(a: k_a = k) ĉ_a x1[u,i_a]. */
    static void forward(Path p, Groups gr, float[] x1, int x1o, float[] x2, int x2o, float[] w, int wo, float[] out, int oo, float[] ch) {
        gr.fwd().run(ch, x2, x2o, x1, x1o, w, wo, out, oo);
    }

    /** gx1[u,i] += W[u] Σ_(a: i_a = i) ĉ_a g[u,k_a]. */
    static void gradX1(Path p, Groups gr, float[] g, int go, float[] x2, int x2o, float[] w, int wo, float[] gx1, int ro, float[] ch) {
        gr.x1().run(ch, x2, x2o, g, go, w, wo, gx1, ro);
    }

    /**
     * gx2[j] += Σ_(a: j_a = j) c_a Σ_u W[u] x1[u,i_a] g[u,k_a]. The vector part is not summed across its lanes per
     * entry: c_a times the entry's lane vector goes into {@code lanes} (row j_a, one vector per x2 column), which
     * {@link #flushLanes} sums into gx2 once per sample; channels past the last whole vector go into gx2 directly.
     */
    static void gradX2(Path p, Groups gr, float[] x1, int x1o, float[] g, int go, float[] w, int wo, float[] gx2, int ro, float[] lanes) {
        Order o = gr.byQ();
        int mul = p.mul1(), xb = x1o + p.off1(), gb = go + p.offOut(), wb = wo + p.offW();
        boolean hw = p.hasWeight();
        float[] c = o.c();
        int[] j = o.j(), xs = o.src(), gs = o.src2();
        int L = Simd.F.length(), e = Simd.ENABLED ? Simd.F.loopBound(mul) : 0;
        if (hw && e > 0 && (mul == 4 * L || mul == 2 * L)) { x2Hoisted(mul == 4 * L, c, j, xs, gs, x1, xb, g, gb, w, wb, lanes); return; }
        for (int a = 0; a < c.length; a++) {
            int xo = xb + xs[a], gq = gb + gs[a], u = 0;
            if (e > 0) {
                FloatVector acc = FloatVector.zero(Simd.F);
                for (; u < e; u += L) {
                    FloatVector t = FloatVector.fromArray(Simd.F, x1, xo + u).mul(FloatVector.fromArray(Simd.F, g, gq + u));
                    acc = hw ? t.fma(FloatVector.fromArray(Simd.F, w, wb + u), acc) : t.add(acc);
                }
                int lo = j[a] * L;
                acc.fma(FloatVector.broadcast(Simd.F, c[a]), FloatVector.fromArray(Simd.F, lanes, lo)).intoArray(lanes, lo);
            }
            if (u == mul) continue;
            float sum = 0;
            for (; u < mul; u++) sum += (hw ? w[wb + u] : 1f) * x1[xo + u] * g[gq + u];
            gx2[ro + j[a]] += c[a] * sum;
        }
    }

    /**
     * {@link #gradX2}'s vector part for a weighted path of exactly 4 or 2 vectors of channels, the weight vectors loaded
     * once for all entries (the general loop reloads them per entry): the same operations in the same order.
     */
    private static void x2Hoisted(boolean four, float[] c, int[] j, int[] xs, int[] gs, float[] x1, int xb, float[] g, int gb, float[] w, int wb, float[] lanes) {
        var F = Simd.F;
        int L = F.length();
        FloatVector w0 = FloatVector.fromArray(F, w, wb), w1 = FloatVector.fromArray(F, w, wb + L);
        FloatVector w2 = four ? FloatVector.fromArray(F, w, wb + 2 * L) : null, w3 = four ? FloatVector.fromArray(F, w, wb + 3 * L) : null;
        for (int a = 0; a < c.length; a++) {
            int xo = xb + xs[a], gq = gb + gs[a];
            FloatVector t = FloatVector.fromArray(F, x1, xo).mul(FloatVector.fromArray(F, g, gq)).fma(w0, FloatVector.zero(F));
            t = FloatVector.fromArray(F, x1, xo + L).mul(FloatVector.fromArray(F, g, gq + L)).fma(w1, t);
            if (four) {
                t = FloatVector.fromArray(F, x1, xo + 2 * L).mul(FloatVector.fromArray(F, g, gq + 2 * L)).fma(w2, t);
                t = FloatVector.fromArray(F, x1, xo + 3 * L).mul(FloatVector.fromArray(F, g, gq + 3 * L)).fma(w3, t);
            }
            int lo = j[a] * L;
            t.fma(FloatVector.broadcast(F, c[a]), FloatVector.fromArray(F, lanes, lo)).intoArray(lanes, lo);
        }
    }

    /** gx2[ro + j] += Σ of the lanes of row j of {@code lanes} (see {@link #gradX2}) for j < d2, and the rows zeroed. */
    static void flushLanes(float[] lanes, int d2, float[] gx2, int ro) {
        if (!Simd.ENABLED) return;
        int L = Simd.F.length();
        for (int j = 0; j < d2; j++) {
            gx2[ro + j] += Simd.sumLanes(FloatVector.fromArray(Simd.F, lanes, j * L));
            java.util.Arrays.fill(lanes, j * L, (j + 1) * L, 0f);
        }
    }

    /** gw[u] += Σ_a ĉ_a x1[u,i_a] g[u,k_a] (no-op without weights): 4, 2, then 1 vectors of u at a time. */
    static void gradW(Path p, Groups gr, float[] x1, int x1o, float[] x2, int x2o, float[] g, int go, float[] gw, int ro, float[] ch) {
        if (!p.hasWeight()) return;
        Order o = gr.byQ();
        chat(o, x2, x2o, ch);
        int mul = p.mul1(), xb = x1o + p.off1(), gb = go + p.offOut(), wb = ro + p.offW();
        int[] xs = o.src(), gs = o.src2();
        int nnz = p.nnz(), u = 0;
        if (Simd.ENABLED) {
            var F = Simd.F;
            int L = F.length();
            for (; u + 4 * L <= mul; u += 4 * L) {
                FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
                for (int a = 0; a < nnz; a++) {
                    FloatVector c = FloatVector.broadcast(F, ch[a]);
                    int xo = xb + xs[a] + u, gq = gb + gs[a] + u;
                    s0 = FloatVector.fromArray(F, x1, xo).mul(c).fma(FloatVector.fromArray(F, g, gq), s0);
                    s1 = FloatVector.fromArray(F, x1, xo + L).mul(c).fma(FloatVector.fromArray(F, g, gq + L), s1);
                    s2 = FloatVector.fromArray(F, x1, xo + 2 * L).mul(c).fma(FloatVector.fromArray(F, g, gq + 2 * L), s2);
                    s3 = FloatVector.fromArray(F, x1, xo + 3 * L).mul(c).fma(FloatVector.fromArray(F, g, gq + 3 * L), s3);
                }
                int wo = wb + u;
                s0.add(FloatVector.fromArray(F, gw, wo)).intoArray(gw, wo);
                s1.add(FloatVector.fromArray(F, gw, wo + L)).intoArray(gw, wo + L);
                s2.add(FloatVector.fromArray(F, gw, wo + 2 * L)).intoArray(gw, wo + 2 * L);
                s3.add(FloatVector.fromArray(F, gw, wo + 3 * L)).intoArray(gw, wo + 3 * L);
            }
            for (; u + 2 * L <= mul; u += 2 * L) {
                FloatVector s0 = FloatVector.zero(F), s1 = s0;
                for (int a = 0; a < nnz; a++) {
                    FloatVector c = FloatVector.broadcast(F, ch[a]);
                    int xo = xb + xs[a] + u, gq = gb + gs[a] + u;
                    s0 = FloatVector.fromArray(F, x1, xo).mul(c).fma(FloatVector.fromArray(F, g, gq), s0);
                    s1 = FloatVector.fromArray(F, x1, xo + L).mul(c).fma(FloatVector.fromArray(F, g, gq + L), s1);
                }
                int wo = wb + u;
                s0.add(FloatVector.fromArray(F, gw, wo)).intoArray(gw, wo);
                s1.add(FloatVector.fromArray(F, gw, wo + L)).intoArray(gw, wo + L);
            }
            for (; u + L <= mul; u += L) {
                FloatVector acc = FloatVector.zero(F);
                for (int a = 0; a < nnz; a++)
                    acc = FloatVector.fromArray(F, x1, xb + xs[a] + u).mul(ch[a]).fma(FloatVector.fromArray(F, g, gb + gs[a] + u), acc);
                acc.add(FloatVector.fromArray(F, gw, wb + u)).intoArray(gw, wb + u);
            }
        }
        for (; u < mul; u++) {
            float acc = 0;
            for (int a = 0; a < nnz; a++) acc += ch[a] * x1[xb + xs[a] + u] * g[gb + gs[a] + u];
            gw[wb + u] += acc;
        }
    }

    /**
     * {@link #gradX2} and {@link #gradW} of one path with weights in one walk over its entries, each x1 and g vector
     * loaded once for both, for mul of exactly 4 or 2 vectors (false otherwise: the caller runs the two kernels). Per
     * entry the X2 sum runs over the channel vectors in order and the W sums over the entries in order, as in the
     * two kernels, so the results are the same bits.
     */
    static boolean gradX2W(Path p, Groups gr, float[] x1, int x1o, float[] x2, int x2o, float[] g, int go, float[] w, int wo,
                           float[] lanes, float[] gw, int rw, float[] ch) {
        int L = Simd.F.length(), mul = p.mul1();
        if (!Simd.ENABLED || !p.hasWeight() || (mul != 4 * L && mul != 2 * L)) return false;
        Order o = gr.byQ();
        chat(o, x2, x2o, ch);
        int xb = x1o + p.off1(), gb = go + p.offOut();
        int n = o.c().length;
        if (mul == 4 * L) x2w4(0, n, o.c(), o.j(), o.src(), o.src2(), ch, x1, xb, g, gb, w, wo + p.offW(), lanes, gw, rw + p.offW());
        else x2w2(0, n, o.c(), o.j(), o.src(), o.src2(), ch, x1, xb, g, gb, w, wo + p.offW(), lanes, gw, rw + p.offW());
        return true;
    }

    private static void x2w4(int a0, int a1, float[] c, int[] j, int[] xs, int[] gs, float[] ch, float[] x1, int xb, float[] g, int gb, float[] w, int wb, float[] lanes, float[] gw, int wr) {
        var F = Simd.F;
        int L = F.length();
        FloatVector w0 = FloatVector.fromArray(F, w, wb), w1 = FloatVector.fromArray(F, w, wb + L);
        FloatVector w2 = FloatVector.fromArray(F, w, wb + 2 * L), w3 = FloatVector.fromArray(F, w, wb + 3 * L);
        FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
        for (int a = a0; a < a1; a++) {
            int xo = xb + xs[a], gq = gb + gs[a];
            FloatVector x0 = FloatVector.fromArray(F, x1, xo), g0 = FloatVector.fromArray(F, g, gq);
            FloatVector xa = FloatVector.fromArray(F, x1, xo + L), ga = FloatVector.fromArray(F, g, gq + L);
            FloatVector xc = FloatVector.fromArray(F, x1, xo + 2 * L), gc = FloatVector.fromArray(F, g, gq + 2 * L);
            FloatVector xd = FloatVector.fromArray(F, x1, xo + 3 * L), gd = FloatVector.fromArray(F, g, gq + 3 * L);
            FloatVector t = x0.mul(g0).fma(w0, FloatVector.zero(F));
            t = xa.mul(ga).fma(w1, t);
            t = xc.mul(gc).fma(w2, t);
            t = xd.mul(gd).fma(w3, t);
            int lo = j[a] * L;
            t.fma(FloatVector.broadcast(F, c[a]), FloatVector.fromArray(F, lanes, lo)).intoArray(lanes, lo);
            FloatVector cv = FloatVector.broadcast(F, ch[a]);
            s0 = x0.mul(cv).fma(g0, s0);
            s1 = xa.mul(cv).fma(ga, s1);
            s2 = xc.mul(cv).fma(gc, s2);
            s3 = xd.mul(cv).fma(gd, s3);
        }
        s0.add(FloatVector.fromArray(F, gw, wr)).intoArray(gw, wr);
        s1.add(FloatVector.fromArray(F, gw, wr + L)).intoArray(gw, wr + L);
        s2.add(FloatVector.fromArray(F, gw, wr + 2 * L)).intoArray(gw, wr + 2 * L);
        s3.add(FloatVector.fromArray(F, gw, wr + 3 * L)).intoArray(gw, wr + 3 * L);
    }

    private static void x2w2(int a0, int a1, float[] c, int[] j, int[] xs, int[] gs, float[] ch, float[] x1, int xb, float[] g, int gb, float[] w, int wb, float[] lanes, float[] gw, int wr) {
        var F = Simd.F;
        int L = F.length();
        FloatVector w0 = FloatVector.fromArray(F, w, wb), w1 = FloatVector.fromArray(F, w, wb + L);
        FloatVector s0 = FloatVector.zero(F), s1 = s0;
        for (int a = a0; a < a1; a++) {
            int xo = xb + xs[a], gq = gb + gs[a];
            FloatVector x0 = FloatVector.fromArray(F, x1, xo), g0 = FloatVector.fromArray(F, g, gq);
            FloatVector xa = FloatVector.fromArray(F, x1, xo + L), ga = FloatVector.fromArray(F, g, gq + L);
            FloatVector t = x0.mul(g0).fma(w0, FloatVector.zero(F));
            t = xa.mul(ga).fma(w1, t);
            int lo = j[a] * L;
            t.fma(FloatVector.broadcast(F, c[a]), FloatVector.fromArray(F, lanes, lo)).intoArray(lanes, lo);
            FloatVector cv = FloatVector.broadcast(F, ch[a]);
            s0 = x0.mul(cv).fma(g0, s0);
            s1 = xa.mul(cv).fma(ga, s1);
        }
        s0.add(FloatVector.fromArray(F, gw, wr)).intoArray(gw, wr);
        s1.add(FloatVector.fromArray(F, gw, wr + L)).intoArray(gw, wr + L);
    }

}
