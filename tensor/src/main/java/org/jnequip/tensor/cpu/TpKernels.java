package org.jnequip.tensor.cpu;

import java.util.Arrays;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Shape;
import org.jnequip.tensor.Tensor;
import org.jnequip.tensor.TpPlan;
import org.jnequip.tensor.TpPlan.Path;
import org.jnequip.tensor.TpPlan.Slot;

/**
 * The CPU tensor-product contraction ({@link org.jnequip.tensor.Backend#tpContract}).
 *
 * <p>The plan defines the multilinear form, summed over samples z and paths,
 * <pre>
 *   T(x1, x2, w, out) = Σ_z Σ_path Σ_(pairs, o) Σ_(i,j,k,c) c · x1[z,a,i] · x2[z,b,j] · W[(z,) widx] · out[z,o,k]
 * </pre>
 * (index map per mode in {@link TpGeneric}). {@code contract} returns ∂T/∂(open slot) given the other three:
 * open = OUT is the forward; open = X1, X2, W with {@code out} holding the cotangent are the vector–Jacobian
 * products. Shapes: x1 (Z, dim1), x2 (Z, dim2), out (Z, dimOut), w (Z, weightNumel), or (weightNumel) when the
 * plan shares weights; the gradient of shared weights is summed over z.
 *
 * <p>Kernel ladder (house style §5): v0 is the dense scalar reference in the tests; v1 {@link TpGeneric} runs any
 * mode with sparse scalar loops; v2 {@link TpUvu} runs uvu paths with mul2 = 1 (NequIP's convolution) with SIMD
 * over the channel. Samples are processed in parallel over z, each on float64 scratch (float32 data widened on
 * load, rounded once on store), except that a float32 plan made only of v2 paths runs on {@link TpUvuF}: float32
 * arithmetic straight on the tensors' storage. Shared-weight gradients are summed per fixed block of samples and
 * the blocks added in order, so results do not depend on the thread count.
 */
final class TpKernels {
    private TpKernels() {}

    private static final int W_BLOCKS = 64;

    static Tensor contract(CpuBackend be, TpPlan plan, Slot open, Tensor x1, Tensor x2, Tensor w, Tensor out) {
        if (open == null) throw new IllegalArgumentException("tpContract: open slot is null");
        Layout lay = Layout.of(plan);
        Tensor[] ops = {x1, x2, w, out};                                    // Slot order X1, X2, W, OUT
        if (ops[open.ordinal()] != null) throw new IllegalArgumentException("tpContract: the open slot " + open + " must be passed as null");
        int[] widths = {plan.dim1(), plan.dim2(), plan.weightNumel(), plan.dimOut()};
        int z = -1;
        DType dt = null;
        for (Slot s : Slot.values()) {
            Tensor t = ops[s.ordinal()];
            if (s == open || (s == Slot.W && t == null && plan.weightNumel() == 0)) continue;
            if (t == null) throw new IllegalArgumentException("tpContract(open=" + open + "): operand " + s + " is null");
            if (t.backend() != be) throw new IllegalArgumentException("tpContract: operand " + s + " is on backend " + t.backend().name());
            if (dt != null && t.dtype() != dt) throw new IllegalArgumentException("tpContract: operand " + s + " has dtype " + t.dtype() + ", expected " + dt);
            dt = t.dtype();
            int[] sh = t.shape();
            boolean shared = s == Slot.W && plan.sharedWeights();
            if (shared ? sh.length != 1 || sh[0] != widths[2] : sh.length != 2 || sh[1] != widths[s.ordinal()] || (z >= 0 && sh[0] != z))
                throw new IllegalArgumentException("tpContract: operand " + s + " has shape " + Shape.str(sh) + ", expected "
                        + (shared ? "(" + widths[2] + ")" : "(" + (z >= 0 ? z : "Z") + ", " + widths[s.ordinal()] + ")"));
            if (!shared) z = sh[0];
        }
        if (plan.channelLast() && !lay.allFast)
            throw new IllegalArgumentException("tpContract: a channel-last plan needs every path to be 'uvu' with mul2 = 1");
        boolean sharedW = plan.sharedWeights() && open == Slot.W;
        int width = widths[open.ordinal()];
        Tensor res = be.make(dt, sharedW ? new int[]{width} : new int[]{z, width});
        if (z == 0 || width == 0) return res;
        double[] wShared = plan.sharedWeights() && w != null ? be.toHost(w) : null;
        boolean f32 = dt == DType.F32 && lay.allFast;
        java.util.function.Supplier<Sampler> workers = () -> f32 ? new TpUvuF.Work(plan, lay, open, ops, res) : new Work(plan, lay, open, ops, wShared, res);
        int nz = z;
        if (sharedW) {
            int blocks = Math.min(nz, W_BLOCKS);
            double[][] part = new double[blocks][];
            Parallel.forRange(blocks, lay.cost * nz / blocks, (lo, hi) -> {
                Sampler wk = workers.get();
                for (int b = lo; b < hi; b++) {
                    part[b] = new double[width];
                    for (int s = (int) ((long) nz * b / blocks), e = (int) ((long) nz * (b + 1) / blocks); s < e; s++) wk.sample(s, part[b]);
                }
            });
            double[] sum = new double[width];
            for (double[] p : part) for (int i = 0; i < width; i++) sum[i] += p[i];
            storeRow(sum, res.data(), 0);
            return res;
        }
        Parallel.forRange(nz, lay.cost, (lo, hi) -> {
            Sampler wk = workers.get();
            double[] row = wk.direct() ? null : scratch(ROW, width);
            for (int s = lo; s < hi; s++) {
                if (row == null) { wk.sample(s, null); continue; }
                Arrays.fill(row, 0.0);
                wk.sample(s, row);
                storeRow(row, res.data(), s * width);
            }
        });
        return res;
    }

    /**
     * The fused gather–contract–scatter ({@link org.jnequip.tensor.Backend#tpContractIndexed}) with per-sample
     * weights: float32 plans entirely on the SIMD rung, and float64 plans; null for anything else (the caller then
     * composes indexSelect, tpContract and indexAdd). Samples are read straight from the node-level rows; an X1 or OUT
     * result is accumulated row by row, each target row by one task in sample order (CSR by target), so the
     * sums are deterministic and race-free.
     */
    static Tensor contractIndexed(CpuBackend be, TpPlan plan, Slot open, Tensor x1, int[] idx1, int n1, Tensor x2, Tensor w, Tensor out, int[] idxOut, int nOut) {
        if (open == null) throw new IllegalArgumentException("tpContractIndexed: open slot is null");
        Tensor[] ops = {x1, x2, w, out};
        DType dt = checkIndexed(be, plan, open, ops, idx1, n1, idxOut, nOut);
        if (dt == null) return null;
        Layout lay = Layout.of(plan);
        int z = idx1.length;
        int[] rows = {n1, z, z, nOut}, widths = {plan.dim1(), plan.dim2(), plan.weightNumel(), plan.dimOut()};
        Tensor res = be.make(dt, new int[]{rows[open.ordinal()], widths[open.ordinal()]});
        if (z == 0 || widths[open.ordinal()] == 0) return res;
        if (dt == DType.F64) return indexedF64(plan, lay, open, ops, idx1, idxOut, res);
        if (open == Slot.X2 || open == Slot.W) {
            Parallel.forRange(z, lay.cost, (lo, hi) -> {
                TpUvuF.Work wk = new TpUvuF.Work(plan, lay, open, ops, res);
                for (int e = lo; e < hi; e++) wk.sampleAt(e, idx1[e], idxOut[e], e);
            });
            return res;
        }
        int nt = rows[open.ordinal()];
        int[][] csr = CpuBackend.csrByTarget(open == Slot.X1 ? idx1 : idxOut, nt);
        int[] start = csr[0], order = csr[1];
        Parallel.forRange(nt, lay.cost * Math.max(1, z / Math.max(1, nt)), (lo, hi) -> {
            TpUvuF.Work wk = new TpUvuF.Work(plan, lay, open, ops, res);
            for (int t = lo; t < hi; t++) wk.targetAt(t, order, start[t], start[t + 1], idx1, idxOut);
        });
        return res;
    }

    /**
     * Checks the operands of an indexed contraction with slot {@code open} null; returns their dtype, or null when
     * no fused kernel takes the plan (shared weights; float32 off the SIMD rung; a channel-last plan off it): the
     * caller then composes indexSelect, tpContract and indexAdd.
     */
    private static DType checkIndexed(CpuBackend be, TpPlan plan, Slot open, Tensor[] ops, int[] idx1, int n1, int[] idxOut, int nOut) {
        int z = idx1.length;
        if (idxOut.length != z) throw new IllegalArgumentException("tpContractIndexed: index lengths " + z + " and " + idxOut.length + " differ");
        if (ops[open.ordinal()] != null) throw new IllegalArgumentException("tpContractIndexed: the open slot " + open + " must be passed as null");
        int[] rows = {n1, z, z, nOut}, widths = {plan.dim1(), plan.dim2(), plan.weightNumel(), plan.dimOut()};
        Layout lay = Layout.of(plan);
        if (plan.sharedWeights()) return null;
        DType dt = null;
        for (Slot s : Slot.values()) {
            Tensor t = ops[s.ordinal()];
            if (s == open) continue;
            if (t == null) throw new IllegalArgumentException("tpContractIndexed(open=" + open + "): operand " + s + " is null");
            if (t.backend() != be) throw new IllegalArgumentException("tpContractIndexed: operand " + s + " is on backend " + t.backend().name());
            if (dt != null && t.dtype() != dt) throw new IllegalArgumentException("tpContractIndexed: operand " + s + " has dtype " + t.dtype() + ", expected " + dt);
            dt = t.dtype();
            int[] sh = t.shape();
            if (sh.length != 2 || sh[0] != rows[s.ordinal()] || sh[1] != widths[s.ordinal()])
                throw new IllegalArgumentException("tpContractIndexed: operand " + s + " has shape " + Shape.str(sh) + ", expected (" + rows[s.ordinal()] + ", " + widths[s.ordinal()] + ")");
        }
        for (int e = 0; e < z; e++)
            if (idx1[e] < 0 || idx1[e] >= n1 || idxOut[e] < 0 || idxOut[e] >= nOut)
                throw new IndexOutOfBoundsException("tpContractIndexed: sample " + e + " has rows " + idx1[e] + " / " + idxOut[e] + " outside [0, " + n1 + ") / [0, " + nOut + ")");
        // float32 runs on the SIMD rung only (other float32 plans are composed by the caller); float64 takes every
        // plan that tpContract takes, through the float64 sampler (a channel-last plan needs every path fast there)
        return (dt == DType.F32 ? !lay.allFast : plan.channelLast() && !lay.allFast) ? null : dt;
    }

    /**
     * {@link org.jnequip.tensor.Backend#tpContractIndexedX2W}: the X2 and W results of {@link #contractIndexed}
     * in one pass over the samples. Sample e reads its x1 and out-cotangent rows once (transposed once when not
     * channel-last) and runs each path's X2 kernel then its W kernel, each into its own row: the same arithmetic in
     * the same order as the two separate calls, so the results are bit-identical to them. Null where
     * contractIndexed would return null.
     */
    static Tensor[] contractIndexedX2W(CpuBackend be, TpPlan plan, Tensor x1, int[] idx1, int n1, Tensor x2, Tensor w, Tensor out, int[] idxOut, int nOut) {
        Tensor[] ops = {x1, x2, w, out};
        Tensor[] noX2 = {x1, null, w, out}, noW = {x1, x2, null, out};
        if (x2 == null || w == null) throw new IllegalArgumentException("tpContractIndexedX2W: x2 and w are needed (x2 by the W result, w by the X2 result)");
        DType dt = checkIndexed(be, plan, Slot.X2, noX2, idx1, n1, idxOut, nOut);
        if (dt == null || checkIndexed(be, plan, Slot.W, noW, idx1, n1, idxOut, nOut) == null) return null;
        Layout lay = Layout.of(plan);
        int z = idx1.length, d2 = plan.dim2(), wn = plan.weightNumel();
        Tensor gx2 = be.make(dt, new int[]{z, d2}), gw = be.make(dt, new int[]{z, wn});
        if (z == 0) return new Tensor[]{gx2, gw};
        if (dt == DType.F32) {
            Parallel.forRange(z, 2 * lay.cost, (lo, hi) -> {
                TpUvuF.Work wk = new TpUvuF.Work(plan, lay, Slot.X2, ops, gx2);
                float[] gwd = (float[]) gw.data();
                for (int e = lo; e < hi; e++) wk.sampleX2W(e, idx1[e], idxOut[e], gwd);
            });
            return new Tensor[]{gx2, gw};
        }
        Parallel.forRange(z, 2 * lay.cost, (lo, hi) -> {
            Work wk = new Work(plan, lay, Slot.X2, ops, null, gx2);
            double[] rowX2 = scratch(ROW, d2), rowW = scratch(ROW_W, wn);
            for (int e = lo; e < hi; e++) {
                Arrays.fill(rowX2, 0.0);
                Arrays.fill(rowW, 0.0);
                wk.load(e, idx1[e], idxOut[e]);
                wk.run(Slot.X2, wk.w, rowX2, null, 0);
                wk.run(Slot.W, wk.w, rowW, null, 0);
                storeRow(rowX2, gx2.data(), e * d2);
                storeRow(rowW, gw.data(), e * wn);
            }
        });
        return new Tensor[]{gx2, gw};
    }

    /**
     * The float64 form of the fused gather–contract–scatter: each sample's contribution is summed into a float64
     * row of its target (x1 row for X1, out row for OUT; the sample itself for X2 and W), target rows in CSR
     * order by one task each, then stored once.
     */
    private static Tensor indexedF64(TpPlan plan, Layout lay, Slot open, Tensor[] ops, int[] idx1, int[] idxOut, Tensor res) {
        int z = idx1.length, width = res.shape()[1], nt = res.shape()[0];
        if (open == Slot.X2 || open == Slot.W) {
            Parallel.forRange(z, lay.cost, (lo, hi) -> {
                Work wk = new Work(plan, lay, open, ops, null, res);
                double[] row = scratch(ROW, width);
                for (int e = lo; e < hi; e++) {
                    Arrays.fill(row, 0.0);
                    wk.load(e, idx1[e], idxOut[e]);
                    wk.run(open, wk.w, row, null, 0);
                    storeRow(row, res.data(), e * width);
                }
            });
            return res;
        }
        int[][] csr = CpuBackend.csrByTarget(open == Slot.X1 ? idx1 : idxOut, nt);
        int[] start = csr[0], order = csr[1];
        Parallel.forRange(nt, lay.cost * Math.max(1, z / Math.max(1, nt)), (lo, hi) -> {
            Work wk = new Work(plan, lay, open, ops, null, res);
            double[] row = scratch(ROW, width);
            for (int t = lo; t < hi; t++) {
                Arrays.fill(row, 0.0);
                for (int q = start[t]; q < start[t + 1]; q++) {
                    int e = order[q];
                    wk.load(e, idx1[e], idxOut[e]);
                    wk.run(open, wk.w, row, null, 0);
                }
                storeRow(row, res.data(), t * width);
            }
        });
        return res;
    }

    /**
     * Per-worker contraction of one sample: adds ∂T_s/∂open into {@code acc} (a float64 row), or, when acc is
     * null (only if {@link #direct()}), writes it straight into row s of the result.
     */
    interface Sampler {
        boolean direct();

        void sample(int s, double[] acc);
    }

    private static void storeRow(double[] src, Object dst, int off) {
        if (dst instanceof double[] d) System.arraycopy(src, 0, d, off, src.length);
        else { float[] f = (float[]) dst; for (int i = 0; i < src.length; i++) f[off + i] = (float) src[i]; }
    }

    static void loadRow(Tensor t, int row, double[] dst) {
        int n = dst.length;
        if (t.data() instanceof double[] d) System.arraycopy(d, row * n, dst, 0, n);
        else { float[] f = (float[]) t.data(); for (int i = 0, o = row * n; i < n; i++) dst[i] = f[o + i]; }
    }

    /** Per-plan facts: which paths take the fast rung, the blocks they transpose, scratch sizes, cost per sample. */
    record Layout(boolean[] fast, int[][] x1Blocks, int[][] outBlocks, boolean anyFast, boolean allFast, int maxScratch, long cost) {
        static Layout of(TpPlan plan) {
            int np = plan.paths().size();
            boolean[] fast = new boolean[np];
            java.util.LinkedHashMap<Integer, int[]> b1 = new java.util.LinkedHashMap<>(), bo = new java.util.LinkedHashMap<>();
            int scratch = 1;
            long cost = 1;
            for (int n = 0; n < np; n++) {
                Path p = plan.paths().get(n);
                validate(plan, p, n);
                fast[n] = TpUvu.applies(p);
                scratch = Math.max(scratch, Math.max(p.d3(), p.mulOut() * Math.max(p.d1(), p.d3())));
                if (fast[n]) {
                    block(b1, p.off1(), p.mul1(), p.d1(), n);
                    block(bo, p.offOut(), p.mulOut(), p.d3(), n);
                    cost += (long) p.mul1() * (p.nnz() + p.d1());
                } else cost += TpGeneric.cost(p);
            }
            int[][] x1b = disjoint(b1.values().toArray(int[][]::new), "x1"), ob = disjoint(bo.values().toArray(int[][]::new), "out");
            boolean all = true;
            for (boolean f : fast) all &= f;
            return new Layout(fast, x1b, ob, !b1.isEmpty(), all && np > 0, scratch, cost);
        }

        /** The transposed blocks of one operand must not overlap (sorted by offset on return). */
        private static int[][] disjoint(int[][] blocks, String what) {
            Arrays.sort(blocks, (x, y) -> Integer.compare(x[0], y[0]));
            for (int n = 1; n < blocks.length; n++)
                if (blocks[n - 1][0] + blocks[n - 1][1] * blocks[n - 1][2] > blocks[n][0])
                    throw new IllegalArgumentException("TpPlan: " + what + " blocks at offsets " + blocks[n - 1][0] + " and " + blocks[n][0] + " overlap");
            return blocks;
        }

        /** Registers a transposed block; paths that share an offset must agree on its shape. */
        private static void block(java.util.Map<Integer, int[]> blocks, int off, int mul, int d, int n) {
            int[] b = blocks.putIfAbsent(off, new int[]{off, mul, d});
            if (b != null && (b[1] != mul || b[2] != d))
                throw new IllegalArgumentException("TpPlan path " + n + ": block at offset " + off + " is " + mul + "x" + d + " here but " + b[1] + "x" + b[2] + " in another path");
        }

        private static void validate(TpPlan plan, Path p, int n) {
            String where = "TpPlan path " + n + " (" + p.mode() + "): ";
            boolean ok = switch (p.mode()) {
                case UVW -> true;
                case UVU -> p.mul1() == p.mulOut();
                case UVV -> p.mul2() == p.mulOut();
                case UUW -> p.mul1() == p.mul2();
                case UUU -> p.mul1() == p.mul2() && p.mul1() == p.mulOut();
            };
            if (!ok) throw new IllegalArgumentException(where + "multiplicities " + p.mul1() + ", " + p.mul2() + ", " + p.mulOut() + " do not fit the mode");
            if (p.off1() < 0 || p.off1() + p.mul1() * p.d1() > plan.dim1()) throw new IllegalArgumentException(where + "x1 block out of range");
            if (p.off2() < 0 || p.off2() + p.mul2() * p.d2() > plan.dim2()) throw new IllegalArgumentException(where + "x2 block out of range");
            if (p.offOut() < 0 || p.offOut() + p.mulOut() * p.d3() > plan.dimOut()) throw new IllegalArgumentException(where + "out block out of range");
            if (p.hasWeight() && p.offW() + p.weightNumel() > plan.weightNumel()) throw new IllegalArgumentException(where + "weights out of range");
            int nnz = p.c().length;
            if (p.i().length != nnz || p.j().length != nnz || p.k().length != nnz) throw new IllegalArgumentException(where + "i, j, k, c lengths differ");
            for (int q = 0; q < nnz; q++)
                if (p.i()[q] < 0 || p.i()[q] >= p.d1() || p.j()[q] < 0 || p.j()[q] >= p.d2() || p.k()[q] < 0 || p.k()[q] >= p.d3())
                    throw new IllegalArgumentException(where + "CG entry " + q + " index out of range");
        }
    }

    /** Slots of {@link #scratch}: Work's nine arrays, then the rows of the indexed and fused loops. */
    private static final int SLOTS = 11, ROW = 9, ROW_W = 10;

    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[SLOTS][]);

    /**
     * A zeroed float64 array of exactly n elements for slot k of this thread: the one the previous {@link Work}
     * or row of this thread used when its length matches (zeroed again), else a new one that the slot keeps. A
     * thread runs one task of one contraction at a time (contractions inside a parallel loop run serially on
     * its thread), so no two users of a slot overlap. Fresh arrays per task had cost 126 MB per float64 aspirin
     * l_max 3 E+F call.
     */
    static double[] scratch(int k, int n) {
        double[][] s = SCRATCH.get();
        double[] a = s[k];
        if (a != null && a.length == n) { Arrays.fill(a, 0.0); return a; }
        return s[k] = new double[n];
    }

    /**
     * Scratch rows of one worker, and the per-sample contraction over all paths. Natural-layout float64 rows
     * feed the generic rung; the fast rung reads transposed copies made straight from the tensors' storage.
     */
    static final class Work implements Sampler {
        final TpPlan plan;
        final Layout lay;
        final Slot open;
        final Tensor[] ops;
        final Tensor result;
        final double[] wShared, x1, x2, w, g, x1T, gT, resT, t, scr;
        final Path[] paths;                         // plan.paths() as an array: List.get is an interface call per path and sample

        Work(TpPlan plan, Layout lay, Slot open, Tensor[] ops, double[] wShared, Tensor result) {
            this.plan = plan;
            this.paths = plan.paths().toArray(Path[]::new);
            this.lay = lay;
            this.open = open;
            this.ops = ops;
            this.wShared = wShared;
            this.result = result;
            boolean generic = !lay.allFast;
            x1 = scratch(0, generic ? plan.dim1() : 0);
            x2 = scratch(1, plan.dim2());
            w = scratch(2, plan.sharedWeights() ? 0 : plan.weightNumel());
            g = scratch(3, generic ? plan.dimOut() : 0);
            x1T = scratch(4, lay.anyFast ? plan.dim1() : 0);
            gT = scratch(5, lay.anyFast ? plan.dimOut() : 0);
            resT = scratch(6, lay.anyFast ? Math.max(plan.dim1(), plan.dimOut()) : 0);
            t = scratch(7, lay.maxScratch);
            scr = scratch(8, lay.maxScratch);
        }

        /** All paths on the fast rung and a transposed result (out, x1): written straight into the result. */
        @Override public boolean direct() { return lay.allFast && (open == Slot.OUT || open == Slot.X1); }

        @Override
        public void sample(int s, double[] acc) {
            load(s);
            int width = open == Slot.OUT ? plan.dimOut() : plan.dim1();
            run(open, wShared != null ? wShared : w, acc, acc == null ? result.data() : null, s * width);
        }

        /** Loads sample s of every given operand (per-sample weights too), natural and/or transposed. */
        void load(int s) { load(s, s, s); }

        /** The same with x1 from row {@code aRow} and the out operand from row {@code gRow} (indexed contractions). */
        void load(int s, int aRow, int gRow) {
            Tensor a = ops[0], b = ops[1], c = ops[2], o = ops[3];
            if (b != null) loadRow(b, s, x2);
            if (c != null && !plan.sharedWeights()) loadRow(c, s, w);
            if (a != null) {
                if (!lay.allFast) loadRow(a, aRow, x1);
                for (int[] k : lay.x1Blocks) TpUvu.transposeFrom(a.data(), aRow * plan.dim1(), x1T, k[0], k[1], k[2], plan.channelLast());
            }
            if (o != null) {
                if (!lay.allFast) loadRow(o, gRow, g);
                for (int[] k : lay.outBlocks) TpUvu.transposeFrom(o.data(), gRow * plan.dimOut(), gT, k[0], k[1], k[2], plan.channelLast());
            }
        }

        /**
         * Adds ∂T_s/∂open of the loaded sample into {@code res} (natural float64 row), or, when res is null,
         * writes it into {@code dst} (the result storage) at offset {@code dro}. {@code wr}: weight row.
         */
        void run(Slot open, double[] wr, double[] res, Object dst, int dro) {
            int[][] rb = open == Slot.OUT ? lay.outBlocks : open == Slot.X1 ? lay.x1Blocks : new int[0][];
            for (int[] b : rb) Arrays.fill(resT, b[0], b[0] + b[1] * b[2], 0.0);
            for (int n = 0; n < paths.length; n++) {
                Path p = paths[n];
                if (!lay.fast[n]) { TpGeneric.path(p, open, x1, x2, wr, 0, g, res, 0, t); continue; }
                switch (open) {
                    case OUT -> TpUvu.forward(p, x1T, x2, wr, 0, resT, scr);
                    case X1 -> TpUvu.gradX1(p, gT, x2, wr, 0, resT, scr);
                    case X2 -> TpUvu.gradX2(p, x1T, gT, wr, 0, res, 0, scr);
                    case W -> TpUvu.gradW(p, x1T, x2, gT, res, 0);
                }
            }
            for (int[] b : rb) {
                if (res == null) TpUvu.untransposeTo(resT, dst, dro, b[0], b[1], b[2], plan.channelLast());
                else TpUvu.untransposeAdd(resT, res, b[0], b[1], b[2], plan.channelLast());
            }
        }
    }
}
