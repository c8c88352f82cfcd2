package org.jnequip.tensor.cpu;

import java.util.Arrays;
import java.util.List;
import org.jnequip.tensor.Backend;
import org.jnequip.tensor.BinaryOp;
import org.jnequip.tensor.BufferArena;
import org.jnequip.tensor.Captured;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.ReduceOp;
import org.jnequip.tensor.Shape;
import org.jnequip.tensor.Tensor;
import org.jnequip.tensor.TpPlan;
import org.jnequip.tensor.UnaryOp;

/**
 * The CPU backend: heap arrays ({@code float[]}/{@code double[]}), multi-threaded loops ({@link Parallel}) and
 * Vector API SIMD in the leaf kernels ({@link Simd}). This class checks shapes and orchestrates; the loops live in
 * {@link Elementwise}, {@link Broadcast} (broadcast binary ops, where), {@link Reduce} (float64 accumulation for
 * both dtypes) and {@link MatMul} (transposed operands are read through strides, never copied).
 * Every output element is written by one task in a fixed order, so results do not depend on the thread count.
 */
public final class CpuBackend implements Backend {
    /** Only {@link CpuProvider}: {@code Backends.cpu()} is the one instance. */
    CpuBackend() {}

    @Override public String name() { return "cpu"; }

    /** The uvu rung works on channel-last blocks (TpUvu): given them, it skips a transpose per sample. */
    @Override public boolean channelLastTp() { return true; }

    /**
     * The CPU's capture and replay: each replay runs the step again inside the capture's own
     * {@link BufferArena}, so a step of fixed shapes reuses the previous replay's buffers instead of allocating
     * (the result is overwritten by the next replay, as the {@link Captured} contract says for every backend).
     */
    @Override
    public <T> Captured<T> capture(java.util.function.Supplier<T> step) {
        BufferArena arena = new BufferArena();
        return Captured.rerun(() -> arena.run(step));
    }

    static Object alloc(DType dt, int n) { return dt == DType.F64 ? new double[n] : new float[n]; }

    Tensor make(DType dt, int[] shape, Object data) { return new Tensor(this, dt, shape, data); }

    /** A zeroed op result: from the {@link BufferArena} running on this thread if there is one, else the heap. */
    Tensor make(DType dt, int[] shape) { return result(dt, shape, true); }

    /**
     * An op result whose every element the op writes: from an arena its storage is not zeroed first (and
     * NaN-filled in poison mode, which shows any element left unwritten).
     */
    Tensor written(DType dt, int[] shape) { return result(dt, shape, false); }

    private Tensor result(DType dt, int[] shape, boolean zeroed) {
        int n = Shape.numel(shape);
        Object data = BufferArena.take(dt, n, zeroed);
        return new Tensor(this, dt, shape, data != null ? data : alloc(dt, n));
    }

    /** A zeroed tensor the caller owns (never from an arena: optimiser state, caches, copies outlive a step). */
    private Tensor owned(DType dt, int[] shape) { return new Tensor(this, dt, shape, alloc(dt, Shape.numel(shape))); }

    static double[] d(Tensor t) { return (double[]) t.data(); }

    static float[] f(Tensor t) { return (float[]) t.data(); }

    private void own(Tensor t, String op) {
        if (t.backend() != this) throw new IllegalArgumentException(op + ": tensor on backend " + t.backend().name() + " passed to cpu");
    }

    // ------------------------------------------------------------------ storage
    @Override public Tensor zeros(DType dtype, int... shape) { return owned(dtype, shape); }

    @Override
    public Tensor full(DType dtype, double value, int... shape) {
        Tensor t = owned(dtype, shape);
        if (value != 0) {
            if (dtype == DType.F64) Arrays.fill(d(t), value); else Arrays.fill(f(t), (float) value);
        }
        return t;
    }

    @Override
    public Tensor fromHost(double[] data, DType dtype, int... shape) {
        if (data.length != Shape.numel(shape)) throw new IllegalArgumentException("fromHost: " + data.length + " values for shape " + Shape.str(shape));
        if (dtype == DType.F64) return make(dtype, shape, data.clone());
        float[] out = new float[data.length];
        for (int i = 0; i < data.length; i++) out[i] = (float) data[i];
        return make(dtype, shape, out);
    }

    @Override
    public double[] toHost(Tensor x) {
        own(x, "toHost");
        if (x.dtype() == DType.F64) return d(x).clone();
        float[] s = f(x);
        double[] out = new double[s.length];
        for (int i = 0; i < s.length; i++) out[i] = s[i];
        return out;
    }

    @Override
    public void assign(Tensor dst, Tensor src) {
        own(dst, "assign");
        own(src, "assign");
        if (dst.dtype() != src.dtype() || dst.numel() != src.numel())
            throw new IllegalArgumentException("assign: " + src.dtype() + Shape.str(src.shape()) + " into " + dst.dtype() + Shape.str(dst.shape()));
        System.arraycopy(src.data(), 0, dst.data(), 0, src.numel());
    }

    @Override
    public Tensor cast(Tensor x, DType dtype) {
        own(x, "cast");
        if (x.dtype() == dtype) return x;
        return dtype == DType.F64 ? make(dtype, x.shape(), toHost(x)) : fromHost(d(x), dtype, x.shape());
    }

    // ------------------------------------------------------------------ elementwise
    @Override
    public Tensor unary(UnaryOp op, Tensor x) {
        own(x, op.name());
        Tensor y = written(x.dtype(), x.shape());
        if (x.dtype() == DType.F64) Elementwise.unary(op, d(x), d(y)); else Elementwise.unary(op, f(x), f(y));
        return y;
    }

    @Override
    public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        own(a, op.name());
        own(b, op.name());
        int[] as = a.shape(), bs = b.shape();
        int[] os = Shape.broadcast(as, bs, op.name().toLowerCase());
        Tensor y = written(a.dtype(), os);
        if (Arrays.equals(as, bs)) {
            if (a.dtype() == DType.F64) Elementwise.binary(op, d(a), d(b), d(y)); else Elementwise.binary(op, f(a), f(b), f(y));
            return y;
        }
        Broadcast.binary(op, a.data(), b.data(), y.data(), os, Shape.broadcastStrides(as, os), Shape.broadcastStrides(bs, os));
        return y;
    }

    @Override
    public Tensor where(Tensor cond, Tensor a, Tensor b) {
        own(cond, "where");
        own(a, "where");
        own(b, "where");
        int[] os = Shape.broadcast(Shape.broadcast(cond.shape(), a.shape(), "where"), b.shape(), "where");
        if (a.dtype() != b.dtype()) throw new IllegalArgumentException("where: dtypes " + a.dtype() + " and " + b.dtype() + " for shapes " + Shape.str(a.shape()) + " and " + Shape.str(b.shape()));
        Tensor y = written(a.dtype(), os);
        Broadcast.where(cond.data(), a.data(), b.data(), y.data(), os,
                Shape.broadcastStrides(cond.shape(), os), Shape.broadcastStrides(a.shape(), os), Shape.broadcastStrides(b.shape(), os));
        return y;
    }

    @Override
    public Tensor affine(Tensor x, double a, double b) {
        own(x, "affine");
        Tensor y = written(x.dtype(), x.shape());
        if (x.dtype() == DType.F64) {
            double[] s = d(x), o = d(y);
            Parallel.forRange(s.length, 2, (lo, hi) -> { for (int i = lo; i < hi; i++) o[i] = a * s[i] + b; });
        } else {
            float[] s = f(x), o = f(y);
            float fa = (float) a, fb = (float) b;
            Parallel.forRange(s.length, 2, (lo, hi) -> { for (int i = lo; i < hi; i++) o[i] = fa * s[i] + fb; });
        }
        return y;
    }

    // ------------------------------------------------------------------ optimiser updates
    /** One in-place loop ({@link Updates}): the interface composition's operations, element by element. */
    @Override
    public Tensor[] adamStep(Tensor p, Tensor g, Tensor[] state, double beta1, double beta2, double eps, double weightDecay, double stepSize, double sqrtBc2) {
        checkUpdate(p, g, "adamStep", "gradient", false);
        for (Tensor s : state) if (s != null) checkUpdate(p, s, "adamStep", "state", true);
        Updates.adam(p, g, d(state[0]), d(state[1]), state[2] == null ? null : d(state[2]), beta1, beta2, eps, weightDecay, stepSize, sqrtBc2);
        return state;
    }

    /** In place, one loop. */
    @Override
    public Tensor emaStep(Tensor shadow, Tensor p, double k) {
        checkUpdate(p, shadow, "emaStep", "shadow", true);
        Updates.ema(d(shadow), p, k);
        return shadow;
    }

    private void checkUpdate(Tensor p, Tensor t, String op, String what, boolean f64) {
        own(p, op);
        own(t, op);
        if (t.numel() != p.numel() || (f64 && t.dtype() != DType.F64))
            throw new IllegalArgumentException(op + ": " + what + " " + t.dtype() + Shape.str(t.shape()) + " for a weight " + p.dtype() + Shape.str(p.shape()) + (f64 ? " (float64 wanted)" : ""));
    }

    // ------------------------------------------------------------------ reductions
    @Override
    public Tensor reduce(ReduceOp op, Tensor x, int[] axes, boolean keepDims) {
        own(x, "reduce");
        int[] s = x.shape();
        boolean[] red = new boolean[s.length];
        for (int a : axes) red[a] = true;
        for (int a : axes) if (s[a] == 0 && op != ReduceOp.SUM) throw new IllegalArgumentException(op + ": empty axis " + a + " in shape " + Shape.str(s));
        double[] acc = Reduce.reduce(op, x.data(), s, red);
        int[] keep = s.clone();
        for (int a : axes) keep[a] = 1;
        int[] os = keepDims ? keep : dropAxes(s, red);
        return x.dtype() == DType.F64 ? make(DType.F64, os, acc) : fromHost(acc, DType.F32, os);
    }

    static int[] dropAxes(int[] s, boolean[] red) {
        int c = 0;
        for (boolean b : red) if (!b) c++;
        int[] out = new int[c];
        for (int i = 0, j = 0; i < s.length; i++) if (!red[i]) out[j++] = s[i];
        return out;
    }

    // ------------------------------------------------------------------ matmul
    @Override
    public Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB) {
        own(a, "matmul");
        own(b, "matmul");
        int[] as = a.shape(), bs = b.shape();
        if (as.length < 2 || bs.length < 2) throw new IllegalArgumentException("matmul: operands must have rank >= 2, got " + Shape.str(as) + " and " + Shape.str(bs));
        // stored (…, r, c); op(A) is (M, K), op(B) is (K, N); transposes are read through strides, not copied
        int ra = as[as.length - 2], ca = as[as.length - 1], rb = bs[bs.length - 2], cb = bs[bs.length - 1];
        int m = transA ? ca : ra, k = transA ? ra : ca, k2 = transB ? cb : rb, n = transB ? rb : cb;
        if (k != k2) throw new IllegalArgumentException("matmul: shapes " + Shape.str(as) + (transA ? "^T" : "") + " and " + Shape.str(bs) + (transB ? "^T" : "") + " (inner dimensions " + k + " != " + k2 + ")");
        int[] batchA = Arrays.copyOf(as, as.length - 2), batchB = Arrays.copyOf(bs, bs.length - 2);
        int[] batch;
        if (batchA.length == 0) batch = batchB;
        else if (batchB.length == 0) batch = batchA;
        else if (Arrays.equals(batchA, batchB)) batch = batchA;
        else throw new IllegalArgumentException("matmul: batch dimensions differ: " + Shape.str(as) + " and " + Shape.str(bs));
        int nb = Shape.numel(batch);
        int sa = batchA.length == 0 ? 0 : m * k, sb = batchB.length == 0 ? 0 : k * n;   // batch strides (0: shared)
        int rsA = transA ? 1 : ca, csA = transA ? ca : 1, rsB = transB ? 1 : cb, csB = transB ? cb : 1;
        Tensor c = written(a.dtype(), Shape.concat(batch, m, n));   // gemm stores every element (zeros when k = 0)
        boolean dbl = a.dtype() == DType.F64;
        // one task per batch entry; a single product parallelises inside gemm instead
        Parallel.forRange(nb, (long) m * n * k, (lo, hi) -> {
            for (int z = lo; z < hi; z++) {
                if (dbl) MatMul.gemm(m, n, k, d(a), z * sa, rsA, csA, d(b), z * sb, rsB, csB, d(c), z * m * n);
                else MatMul.gemm(m, n, k, f(a), z * sa, rsA, csA, f(b), z * sb, rsB, csB, f(c), z * m * n);
            }
        });
        return c;
    }

    // ------------------------------------------------------------------ layout
    @Override
    public Tensor permute(Tensor x, int[] perm) {
        own(x, "permute");
        int[] s = x.shape();
        int r = s.length;
        int[] os = new int[r];
        int[] st = Shape.strides(s);
        int[] pst = new int[r];
        for (int i = 0; i < r; i++) { os[i] = s[perm[i]]; pst[i] = st[perm[i]]; }
        Tensor y = written(x.dtype(), os);
        gatherStrided(x.data(), y.data(), os, pst);
        return y;
    }

    /**
     * y[row-major over shape] = x[Σ idx·stride]: rows of the last axis (stride {@code stride[r−1]}) are copied in
     * a tight loop, the outer axes advance as an odometer; rows are split over threads.
     */
    static void gatherStrided(Object x, Object y, int[] shape, int[] stride) {
        int r = shape.length, n = Shape.numel(shape);
        if (n == 0) return;
        if (r == 0) { System.arraycopy(x, 0, y, 0, 1); return; }
        int inner = shape[r - 1], is = stride[r - 1], rows = n / inner;
        if (r >= 2 && inner < NARROW_ROW && shape[r - 2] >= NARROW_ROW && stride[r - 2] == 1 && is == shape[r - 2]) {
            transposeBlocks(x, y, shape, stride);
            return;
        }
        Parallel.forRange(rows, inner, (lo, hi) -> {
            int[] idx = new int[r - 1];
            int off = 0;
            for (int ax = r - 2, t = lo; ax >= 0; ax--) { idx[ax] = t % shape[ax]; t /= shape[ax]; off += idx[ax] * stride[ax]; }
            for (int row = lo; row < hi; row++) {
                int yo = row * inner;
                if (is == 1) System.arraycopy(x, off, y, yo, inner);
                else if (x instanceof double[] xd) { double[] yd = (double[]) y; for (int j = 0, a = off; j < inner; j++, a += is) yd[yo + j] = xd[a]; }
                else { float[] xf = (float[]) x, yf = (float[]) y; for (int j = 0, a = off; j < inner; j++, a += is) yf[yo + j] = xf[a]; }
                for (int ax = r - 2; ax >= 0; ax--) {
                    idx[ax]++;
                    off += stride[ax];
                    if (idx[ax] < shape[ax]) break;
                    off -= stride[ax] * idx[ax];
                    idx[ax] = 0;
                }
            }
        });
    }

    /** Rows shorter than this are copied block-wise by {@link #transposeBlocks} when they are a transposed block's columns. */
    static final int NARROW_ROW = 16;

    /**
     * {@link #gatherStrided} when its last two axes (Q, P) read a contiguous (P, Q) block of x transposed (stride 1 along
     * Q, Q along P) and rows are narrow (P < 16, Q ≥ 16; the backward of Linear's (N, mul, d) → (N, d, mul) permute):
     * per block, for each of the P columns a tight loop over Q reading x contiguously, instead of Q rows of P
     * elements, each with the row walk's set-up. Blocks (the outer axes) advance as an odometer and are split over threads.
     */
    private static void transposeBlocks(Object x, Object y, int[] shape, int[] stride) {
        int r = shape.length, pp = shape[r - 1], qq = shape[r - 2], blk = pp * qq, blocks = Shape.numel(shape) / blk;
        Parallel.forRange(blocks, blk, (lo, hi) -> {
            int[] idx = new int[r - 2];
            int off = 0;
            for (int ax = r - 3, t = lo; ax >= 0; ax--) { idx[ax] = t % shape[ax]; t /= shape[ax]; off += idx[ax] * stride[ax]; }
            for (int b = lo; b < hi; b++) {
                int yo = b * blk;
                if (x instanceof double[] xd) {
                    double[] yd = (double[]) y;
                    for (int c = 0; c < pp; c++) for (int q = 0, a = off + c * qq, o = yo + c; q < qq; q++, a++, o += pp) yd[o] = xd[a];
                } else {
                    float[] xf = (float[]) x, yf = (float[]) y;
                    for (int c = 0; c < pp; c++) for (int q = 0, a = off + c * qq, o = yo + c; q < qq; q++, a++, o += pp) yf[o] = xf[a];
                }
                for (int ax = r - 3; ax >= 0; ax--) {
                    idx[ax]++;
                    off += stride[ax];
                    if (idx[ax] < shape[ax]) break;
                    off -= stride[ax] * idx[ax];
                    idx[ax] = 0;
                }
            }
        });
    }

    @Override
    public Tensor concat(List<Tensor> xs, int axis) {
        int[] s = xs.get(0).shape();
        int outer = Shape.outer(s, axis), inner = Shape.inner(s, axis), total = 0;
        for (Tensor t : xs) { own(t, "concat"); total += t.shape()[axis]; }
        int[] os = s.clone();
        os[axis] = total;
        Tensor y = written(xs.get(0).dtype(), os);
        int rowOut = total * inner, pos = 0;
        for (Tensor t : xs) {
            int w = t.shape()[axis] * inner;
            for (int o = 0; o < outer; o++) System.arraycopy(t.data(), o * w, y.data(), o * rowOut + pos, w);
            pos += w;
        }
        return y;
    }

    @Override
    public Tensor slice(Tensor x, int axis, int start, int end) {
        own(x, "slice");
        int[] s = x.shape();
        int outer = Shape.outer(s, axis), inner = Shape.inner(s, axis);
        int[] os = s.clone();
        os[axis] = end - start;
        Tensor y = written(x.dtype(), os);
        int w = (end - start) * inner, rowIn = s[axis] * inner;
        for (int o = 0; o < outer; o++) System.arraycopy(x.data(), o * rowIn + start * inner, y.data(), o * w, w);
        return y;
    }

    @Override
    public Tensor pad(Tensor x, int axis, int before, int after) {
        own(x, "pad");
        int[] s = x.shape();
        int outer = Shape.outer(s, axis), inner = Shape.inner(s, axis);
        int[] os = s.clone();
        os[axis] = before + s[axis] + after;
        Tensor y = make(x.dtype(), os);                      // zero-filled
        int w = s[axis] * inner, rowOut = os[axis] * inner, at = before * inner;
        for (int o = 0; o < outer; o++) System.arraycopy(x.data(), o * w, y.data(), o * rowOut + at, w);
        return y;
    }

    @Override
    public Tensor expand(Tensor x, int[] shape) {
        own(x, "expand");
        Tensor y = written(x.dtype(), shape);
        gatherStrided(x.data(), y.data(), shape, Shape.broadcastStrides(x.shape(), shape));
        return y;
    }

    // ------------------------------------------------------------------ indexing
    /** Below this row width, gathers and scatters along an inner axis copy elements in typed loops over the outer rows. */
    private static final int NARROW = 16;

    @Override
    public Tensor indexSelect(Tensor x, int axis, int[] index) {
        own(x, "indexSelect");
        int[] s = x.shape();
        int outer = Shape.outer(s, axis), inner = Shape.inner(s, axis);
        int[] os = s.clone();
        os[axis] = index.length;
        Tensor y = written(x.dtype(), os);
        int n = index.length, rowIn = s[axis] * inner, rowOut = n * inner, in = inner;
        Object src = x.data(), dst = y.data();
        int outerF = outer;
        if (inner < NARROW && outer > 1) {                   // column gathers (Gate, irreps layouts): one typed loop per row
            Parallel.forRange(outer, (long) n * inner, (lo, hi) -> {
                if (src instanceof float[] a) GatherRows.select(a, (float[]) dst, lo, hi, rowIn, rowOut, in, index);
                else GatherRows.select((double[]) src, (double[]) dst, lo, hi, rowIn, rowOut, in, index);
            });
            return y;
        }
        Parallel.forRange(n, inner, (lo, hi) -> {
            for (int o = 0; o < outerF; o++)
                for (int i = lo; i < hi; i++) System.arraycopy(src, o * rowIn + index[i] * in, dst, o * rowOut + i * in, in);
        });
        return y;
    }

    @Override
    public Tensor indexAdd(Tensor src, int axis, int[] index, int size) {
        own(src, "indexAdd");
        int[] s = src.shape();
        int outer = Shape.outer(s, axis), inner = Shape.inner(s, axis);
        int[] os = s.clone();
        os[axis] = size;
        Tensor y = make(src.dtype(), os);
        // CSR by target: each output element is summed by one task in source order (deterministic, parallel).
        int n = index.length;
        int[][] csr = csrByTarget(index, size);
        int[] start = csr[0], order = csr[1];
        int rowIn = n * inner, rowOut = size * inner, in = inner, outerF = outer;
        if (inner < NARROW && outer > 1) {                   // column scatters: split over the outer rows, same order per element
            int[] cols = inner == 1 ? GatherRows.columns(start, order) : null;     // k sources per target: vector gathers
            Parallel.forRange(outer, (long) n * inner, (lo, hi) -> {
                if (cols != null && src.data() instanceof float[] a) GatherRows.addColumns(a, f(y), lo, hi, rowIn, rowOut, size, cols);
                else if (cols != null) GatherRows.addColumns(d(src), d(y), lo, hi, rowIn, rowOut, size, cols);
                else if (src.data() instanceof float[] a) GatherRows.add(a, f(y), lo, hi, rowIn, rowOut, in, start, order);
                else GatherRows.add(d(src), d(y), lo, hi, rowIn, rowOut, in, start, order);
            });
            return y;
        }
        boolean dbl = src.dtype() == DType.F64;
        Parallel.forRange(size, (long) Math.max(1, n / Math.max(1, size)) * inner, (lo, hi) -> {
            for (int o = 0; o < outerF; o++)
                for (int t = lo; t < hi; t++) {
                    int yo = o * rowOut + t * in;
                    for (int q = start[t]; q < start[t + 1]; q++) {
                        int xo = o * rowIn + order[q] * in;
                        if (dbl) { double[] a = d(src), b = d(y); for (int c = 0; c < in; c++) b[yo + c] += a[xo + c]; }
                        else { float[] a = f(src), b = f(y); for (int c = 0; c < in; c++) b[yo + c] += a[xo + c]; }
                    }
                }
        });
        return y;
    }

    /**
     * Sources grouped by target: for targets t in [0, n), sources order[start[t] .. start[t+1]) in increasing
     * order ({start (n+1), order (index.length)}). Lets one task own each target row and sum it in source order.
     */
    static int[][] csrByTarget(int[] index, int n) {
        int[] start = new int[n + 1], order = new int[index.length];
        for (int t : index) start[t + 1]++;
        for (int t = 0; t < n; t++) start[t + 1] += start[t];
        int[] fill = Arrays.copyOf(start, n);
        for (int i = 0; i < index.length; i++) order[fill[index[i]]++] = i;
        return new int[][]{start, order};
    }

    @Override
    public Tensor oneHot(int[] index, int n, DType dtype) {
        Tensor y = make(dtype, new int[]{index.length, n});
        for (int i = 0; i < index.length; i++) {
            if (dtype == DType.F64) d(y)[i * n + index[i]] = 1; else f(y)[i * n + index[i]] = 1;
        }
        return y;
    }

    // ------------------------------------------------------------------ domain primitives
    @Override
    public Tensor sphericalHarmonics(Tensor vec, int lmax) {
        own(vec, "sphericalHarmonics");
        int[] s = vec.shape();
        if (s.length != 2 || s[1] != 3) throw new IllegalArgumentException("sphericalHarmonics: expected (E, 3), got " + Shape.str(s));
        int dim = (lmax + 1) * (lmax + 1);
        Tensor y = make(vec.dtype(), new int[]{s[0], dim});
        ShKernels.forward(lmax, s[0], vec.data(), y.data());
        return y;
    }

    @Override
    public Tensor tpContract(TpPlan plan, TpPlan.Slot open, Tensor x1, Tensor x2, Tensor w, Tensor out) {
        return TpKernels.contract(this, plan, open, x1, x2, w, out);
    }

    @Override
    public Tensor tpContractIndexed(TpPlan plan, TpPlan.Slot open, Tensor x1, int[] idx1, int n1, Tensor x2, Tensor w, Tensor out, int[] idxOut, int nOut) {
        Tensor r = TpKernels.contractIndexed(this, plan, open, x1, idx1, n1, x2, w, out, idxOut, nOut);
        return r != null ? r : org.jnequip.tensor.Backend.super.tpContractIndexed(plan, open, x1, idx1, n1, x2, w, out, idxOut, nOut);
    }

    @Override
    public Tensor[] tpContractIndexedX2W(TpPlan plan, Tensor x1, int[] idx1, int n1, Tensor x2, Tensor w, Tensor out, int[] idxOut, int nOut) {
        Tensor[] r = TpKernels.contractIndexedX2W(this, plan, x1, idx1, n1, x2, w, out, idxOut, nOut);
        return r != null ? r : org.jnequip.tensor.Backend.super.tpContractIndexedX2W(plan, x1, idx1, n1, x2, w, out, idxOut, nOut);
    }
}
