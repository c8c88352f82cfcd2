package org.jnequip.kernels;

import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.jnequip.tensor.Backend;
import org.jnequip.tensor.BinaryOp;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.ReduceOp;
import org.jnequip.tensor.Shape;
import org.jnequip.tensor.Tensor;
import org.jnequip.tensor.TpPlan;
import org.jnequip.tensor.UnaryOp;

/**
 * A {@link Backend} whose tensors live on a device reached through a {@link Driver}: all op logic (shapes,
 * broadcasting strides, kernel choice) is here once, and {@link OpenClBackend} / {@link CudaBackend} only
 * supply the driver. Tensors hold a {@link DeviceBuffer}; outputs come from a {@link BufferPool}.
 * Commands are enqueued in order without host synchronisation; {@link #toHost} is the only op that waits.
 * Host index arrays ({@code int[]}) are uploaded once and cached by identity: do not modify an index array
 * after passing it to a device op. Float32 sums accumulate in float32 (reductions as a chunked tree).
 */
public abstract class DeviceBackend implements Backend {
    private static final Cleaner CLEANER = Cleaner.create();
    static final int BLOCK = 256;
    /** Reduction chunk: each level sums at most this many terms per output. */
    static final int CHUNK = 256;

    final Driver drv;
    final BufferPool pool;
    private final Map<int[], DeviceBuffer> ints = Collections.synchronizedMap(new WeakHashMap<>());
    private final Map<int[], Map<Integer, DeviceBuffer>> csrs = Collections.synchronizedMap(new WeakHashMap<>());
    private final Map<List<Integer>, DeviceBuffer> metas = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<List<Integer>, DeviceBuffer> e) { return size() > 1024; }
    });
    final DeviceTp tp = new DeviceTp(this);

    protected DeviceBackend(Driver drv) {
        this.drv = new CountingDriver(drv);
        this.pool = new BufferPool(this.drv, Long.getLong("jnequip.kernels.poolBytes", 1L << 30), Long.getLong("jnequip.kernels.liveBytes", 4L << 30));
    }

    /** The device in words, e.g. "OpenCL: pthread-skylake-avx512-AMD EPYC (Portable Computing Language), fp64". */
    public String describe() { return drv.describe(); }

    public boolean supportsF64() { return drv.fp64(); }

    /** Each op is at least one kernel launch. */
    @Override
    public boolean launchBound() { return true; }

    /** The tp and fused_conv kernels read both layouts; channel-last is what the model's convolution was tuned with. */
    @Override
    public boolean channelLastTp() { return true; }

    /** Waits for every enqueued kernel (for timing). */
    @Override
    public void synchronize() { drv.finish(); }

    /** Kernel launches, uploads and downloads (host synchronisations) since this backend was created. */
    @Override
    public Map<String, Long> counters() { return ((CountingDriver) drv).counters(); }

    /** Launches per kernel name since this backend was created, e.g. {@code block_copy_f32=442}. */
    @Override
    public Map<String, Long> kernelCounts() { return ((CountingDriver) drv).kernelCounts(); }

    public String poolStats() { return pool.stats(); }

    // ------------------------------------------------------------------ buffers and launches
    DeviceBuffer buf(Tensor t, String op) {
        if (t.backend() != this) throw new IllegalArgumentException(op + ": tensor on backend " + t.backend().name() + " passed to " + name());
        return (DeviceBuffer) t.data();
    }

    Tensor make(DType dt, int... shape) {
        if (dt == DType.F64 && !drv.fp64()) throw new IllegalArgumentException(name() + ": float64 tensors need fp64, which " + describe() + " lacks");
        long bytes = (long) Math.max(1, Shape.numel(shape)) * dt.bytes();
        DeviceBuffer b = pool.take(bytes);
        track(b, true);
        return new Tensor(this, dt, shape, b);
    }

    private DeviceBuffer track(DeviceBuffer b, boolean pooled) {
        Object h = b.handle;
        long c = b.bytes;
        BufferPool p = pool;
        Driver d = drv;
        CLEANER.register(b, pooled ? () -> p.give(h, c) : () -> d.free(h));
        return b;
    }

    DeviceBuffer upload(Object host) {
        return track(new DeviceBuffer(drv.upload(host), DeviceBuffer.hostBytes(host)), false);
    }

    /** The device copy of a host index array, uploaded on first use and cached while the array lives. */
    DeviceBuffer ints(int[] a) {
        synchronized (ints) {
            return ints.computeIfAbsent(a, this::upload);
        }
    }

    /** Small metadata (shapes, strides), cached by content. */
    DeviceBuffer meta(int... values) {
        List<Integer> key = Arrays.stream(values).boxed().toList();
        synchronized (metas) {
            return metas.computeIfAbsent(key, k -> upload(values.clone()));
        }
    }

    /** CSR of an index array grouped by target in [0, size): start[size+1] then source order[n], cached. */
    DeviceBuffer csr(int[] index, int size) {
        synchronized (csrs) {
            return csrs.computeIfAbsent(index, k -> new java.util.HashMap<>()).computeIfAbsent(size, s -> upload(Csr.build(index, s)));
        }
    }

    static String sfx(DType dt) { return dt == DType.F64 ? "_f64" : "_f32"; }

    static Object real(DType dt, double v) { return dt == DType.F64 ? (Object) v : (Object) (float) v; }

    /** 1-D launch of n threads (rounded up to the block size); nothing for n = 0. */
    void run(String program, String kernel, int n, Object... args) {
        if (n <= 0) return;
        int g = (int) ((n + (long) BLOCK - 1) / BLOCK * BLOCK);
        drv.launch(program, kernel, new int[]{g}, new int[]{BLOCK}, args);
    }

    // ------------------------------------------------------------------ storage
    @Override public Tensor zeros(DType dtype, int... shape) { return full(dtype, 0.0, shape); }

    @Override
    public Tensor full(DType dtype, double value, int... shape) {
        Tensor y = make(dtype, shape);
        int n = y.numel();
        run("elementwise", "fill" + sfx(dtype), n, n, real(dtype, value), buf(y, "full"));
        return y;
    }

    @Override
    public Tensor fromHost(double[] data, DType dtype, int... shape) {
        Tensor t = constant(data, dtype, shape);
        DeviceGraph.input((CountingDriver) drv, data, dtype, (DeviceBuffer) t.data());   // re-read by replays
        return t;
    }

    @Override
    public Tensor constant(double[] data, DType dtype, int... shape) {
        if (data.length != Shape.numel(shape)) throw new IllegalArgumentException("fromHost: " + data.length + " values for shape " + Shape.str(shape));
        if (dtype == DType.F64 && !drv.fp64()) throw new IllegalArgumentException(name() + ": float64 tensors need fp64, which " + describe() + " lacks");
        Object host = data;
        if (dtype == DType.F32) {
            float[] f = new float[data.length];
            for (int i = 0; i < f.length; i++) f[i] = (float) data[i];
            host = f;
        }
        return new Tensor(this, dtype, shape, upload(host));
    }

    /**
     * Records {@code step}'s launches for replay as one graph (a CUDA Graph on CUDA, pre-bound kernels on
     * OpenCL); see {@link org.jnequip.tensor.Captured} and {@link DeviceGraph}.
     */
    @Override
    public <T> org.jnequip.tensor.Captured<T> capture(java.util.function.Supplier<T> step) { return DeviceGraph.capture(this, step); }

    @Override
    public double[] toHost(Tensor x) {
        DeviceBuffer b = buf(x, "toHost");
        int n = x.numel();
        if (x.dtype() == DType.F64) {
            double[] d = new double[n];
            drv.download(b.handle, d);
            return d;
        }
        float[] f = new float[n];
        drv.download(b.handle, f);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = f[i];
        return d;
    }

    /** One block_copy launch, queued like any op (so it follows the launches that read the old values). */
    @Override
    public void assign(Tensor dst, Tensor src) {
        if (dst.dtype() != src.dtype() || dst.numel() != src.numel())
            throw new IllegalArgumentException("assign: " + src.dtype() + Shape.str(src.shape()) + " into " + dst.dtype() + Shape.str(dst.shape()));
        int n = src.numel();
        run("layout", "block_copy" + sfx(src.dtype()), n, 1, n, n, 0, n, 0, buf(src, "assign"), buf(dst, "assign"));
    }

    @Override
    public Tensor cast(Tensor x, DType dtype) {
        if (x.dtype() == dtype) return x;
        Tensor y = make(dtype, x.shape());
        int n = x.numel();
        run("convert", x.dtype() == DType.F32 ? "cast_f32_f64" : "cast_f64_f32", n, n, buf(x, "cast"), buf(y, "cast"));
        return y;
    }

    // ------------------------------------------------------------------ elementwise
    @Override
    public Tensor unary(UnaryOp op, Tensor x) { return unary(op, x, 1.0); }

    /** The scale goes into the same launch. */
    @Override
    public Tensor unary(UnaryOp op, Tensor x, double scale) {
        Tensor y = make(x.dtype(), x.shape());
        int n = x.numel();
        run("elementwise", "unary" + sfx(x.dtype()), n, op.ordinal(), n, real(x.dtype(), scale), buf(x, op.name()), buf(y, op.name()));
        return y;
    }

    @Override
    public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) throw new IllegalArgumentException(op.name().toLowerCase() + ": dtypes " + a.dtype() + " and " + b.dtype() + " differ");
        int[] as = a.shape(), bs = b.shape();
        int[] os = Shape.broadcast(as, bs, op.name().toLowerCase());
        Tensor y = make(a.dtype(), os);
        int n = y.numel();
        String k = sfx(a.dtype());
        if (Arrays.equals(as, bs)) {
            run("elementwise", "binary" + k, n, op.ordinal(), n, buf(a, op.name()), buf(b, op.name()), buf(y, op.name()));
        } else {
            DeviceBuffer m = meta(cat(os, Shape.broadcastStrides(as, os), Shape.broadcastStrides(bs, os)));
            run("elementwise", "binary_bcast" + k, n, op.ordinal(), n, os.length, m, buf(a, op.name()), buf(b, op.name()), buf(y, op.name()));
        }
        return y;
    }

    @Override
    public Tensor where(Tensor cond, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) throw new IllegalArgumentException("where: dtypes " + a.dtype() + " and " + b.dtype());
        int[] os = Shape.broadcast(Shape.broadcast(cond.shape(), a.shape(), "where"), b.shape(), "where");
        Tensor c = cast(cond, a.dtype());
        Tensor y = make(a.dtype(), os);
        int n = y.numel();
        DeviceBuffer m = meta(cat(os, Shape.broadcastStrides(cond.shape(), os), Shape.broadcastStrides(a.shape(), os), Shape.broadcastStrides(b.shape(), os)));
        run("elementwise", "where_bcast" + sfx(a.dtype()), n, n, os.length, m, buf(c, "where"), buf(a, "where"), buf(b, "where"), buf(y, "where"));
        return y;
    }

    @Override
    public Tensor affine(Tensor x, double a, double b) {
        Tensor y = make(x.dtype(), x.shape());
        int n = x.numel();
        run("elementwise", "affine" + sfx(x.dtype()), n, n, real(x.dtype(), a), real(x.dtype(), b), buf(x, "affine"), buf(y, "affine"));
        return y;
    }

    static int[] cat(int[]... parts) {
        int n = 0;
        for (int[] p : parts) n += p.length;
        int[] r = new int[n];
        int o = 0;
        for (int[] p : parts) { System.arraycopy(p, 0, r, o, p.length); o += p.length; }
        return r;
    }

    // ------------------------------------------------------------------ reductions
    @Override
    public Tensor reduce(ReduceOp op, Tensor x, int[] axes, boolean keepDims) {
        int[] s = x.shape();
        boolean[] red = new boolean[s.length];
        for (int a : axes) red[a] = true;
        for (int a : axes) if (s[a] == 0 && op != ReduceOp.SUM) throw new IllegalArgumentException(op + ": empty axis " + a + " in shape " + Shape.str(s));
        int[] keep = new int[s.length];
        int nKeep = 0;
        for (int i = 0; i < s.length; i++) { keep[i] = red[i] ? 1 : s[i]; if (!red[i]) nKeep++; }
        int[] outShape = keepDims ? keep : new int[nKeep];
        if (!keepDims) for (int i = 0, j = 0; i < s.length; i++) if (!red[i]) outShape[j++] = s[i];
        if (axes.length == 0) return new Tensor(this, x.dtype(), outShape, x.data());
        // contiguous block of reduced axes: view as (A, R, B); otherwise move the reduced axes last
        int lo = axes[0], hi = axes[axes.length - 1];
        Tensor src = x;
        int A = 1, R = 1, B = 1;
        if (hi - lo + 1 == axes.length) {
            for (int i = 0; i < s.length; i++) { if (i < lo) A *= s[i]; else if (i > hi) B *= s[i]; else R *= s[i]; }
        } else {
            int[] perm = new int[s.length];
            int j = 0;
            for (int i = 0; i < s.length; i++) if (!red[i]) { perm[j++] = i; A *= s[i]; }
            for (int i = 0; i < s.length; i++) if (red[i]) { perm[j++] = i; R *= s[i]; }
            src = permute(x, perm);
        }
        return new Tensor(this, x.dtype(), outShape, reduceMid(op, src, A, R, B).data());
    }

    /** y (A, B) = op over r of x viewed as (A, R, B), as a tree of chunked passes. */
    Tensor reduceMid(ReduceOp op, Tensor x, int A, int R, int B) {
        DType dt = x.dtype();
        if (R == 0) return zeros(dt, A, B);
        Tensor cur = x;
        while (R > CHUNK) {
            int nC = (R + CHUNK - 1) / CHUNK;
            Tensor part = make(dt, A, nC, B);
            run("reduce", "reduce_mid" + sfx(dt), A * nC * B, op.ordinal(), A, R, B, CHUNK, nC, buf(cur, "reduce"), buf(part, "reduce"));
            cur = part;
            R = nC;
        }
        Tensor y = make(dt, A, B);
        run("reduce", "reduce_mid" + sfx(dt), A * B, op.ordinal(), A, R, B, R, 1, buf(cur, "reduce"), buf(y, "reduce"));
        return y;
    }

    // ------------------------------------------------------------------ matmul
    @Override
    public Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB) { return matmul(a, b, transA, transB, 1.0); }

    /** alpha goes into the kernel's store (no separate scaling launch). */
    @Override
    public Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB, double alpha) {
        int[] as = a.shape(), bs = b.shape();
        if (as.length < 2 || bs.length < 2) throw new IllegalArgumentException("matmul: operands must have rank >= 2, got " + Shape.str(as) + " and " + Shape.str(bs));
        if (a.dtype() != b.dtype()) throw new IllegalArgumentException("matmul: dtype mismatch " + a.dtype() + " vs " + b.dtype());
        int ra = as.length, rb = bs.length;
        int m = transA ? as[ra - 1] : as[ra - 2], k = transA ? as[ra - 2] : as[ra - 1];
        int k2 = transB ? bs[rb - 1] : bs[rb - 2], n = transB ? bs[rb - 2] : bs[rb - 1];
        if (k != k2) throw new IllegalArgumentException("matmul: shapes " + Shape.str(as) + (transA ? "ᵀ" : "") + " and " + Shape.str(bs) + (transB ? "ᵀ" : "") + " (inner dimensions " + k + " != " + k2 + ")");
        int[] batchA = Arrays.copyOf(as, ra - 2), batchB = Arrays.copyOf(bs, rb - 2), batch;
        if (batchA.length == 0) batch = batchB;
        else if (batchB.length == 0 || Arrays.equals(batchA, batchB)) batch = batchA;
        else throw new IllegalArgumentException("matmul: batch dimensions differ: " + Shape.str(as) + " and " + Shape.str(bs));
        int nb = Shape.numel(batch);
        Tensor c = make(a.dtype(), Shape.concat(batch, m, n));
        if (nb == 0 || m == 0 || n == 0) return c;
        if (k == 0) return zeros(a.dtype(), c.shape());
        int sa = batchA.length == 0 ? 0 : m * k, sb = batchB.length == 0 ? 0 : k * n;
        int[] global = {(n + 15) / 16 * 16, (m + 15) / 16 * 16, nb};
        drv.launch("matmul", "matmul" + sfx(a.dtype()), global, new int[]{16, 16, 1},
                m, n, k, sa, sb, transA ? 1 : 0, transB ? 1 : 0, real(a.dtype(), alpha), buf(a, "matmul"), buf(b, "matmul"), buf(c, "matmul"));
        return c;
    }

    // ------------------------------------------------------------------ layout
    @Override
    public Tensor permute(Tensor x, int[] perm) {
        int[] s = x.shape(), st = Shape.strides(s);
        int r = s.length;
        int[] os = new int[r], pst = new int[r];
        for (int i = 0; i < r; i++) { os[i] = s[perm[i]]; pst[i] = st[perm[i]]; }
        return gather(x, os, pst, "permute");
    }

    @Override
    public Tensor expand(Tensor x, int[] shape) { return gather(x, shape, Shape.broadcastStrides(x.shape(), shape), "expand"); }

    private Tensor gather(Tensor x, int[] os, int[] strides, String op) {
        Tensor y = make(x.dtype(), os);
        int n = y.numel();
        run("layout", "strided_gather" + sfx(x.dtype()), n, n, os.length, meta(cat(os, strides)), buf(x, op), buf(y, op));
        return y;
    }

    /** Sources per concat launch (concat8 in layout.cu). */
    static final int CONCAT_SOURCES = 8;

    /** One launch per group of up to eight sources (the rows of each source are copied side by side). */
    @Override
    public Tensor concat(List<Tensor> xs, int axis) {
        int[] s = xs.get(0).shape();
        int outer = Shape.outer(s, axis), inner = Shape.inner(s, axis), total = 0;
        DType dt = xs.get(0).dtype();
        for (Tensor t : xs) {
            if (t.dtype() != dt) throw new IllegalArgumentException("concat: dtypes " + dt + " and " + t.dtype());
            total += t.shape()[axis];
        }
        int[] os = s.clone();
        os[axis] = total;
        Tensor y = make(dt, os);
        int rowOut = total * inner, pos = 0;
        for (int g = 0; g < xs.size(); g += CONCAT_SOURCES) {
            List<Tensor> group = xs.subList(g, Math.min(xs.size(), g + CONCAT_SOURCES));
            Object[] args = new Object[4 + 2 * CONCAT_SOURCES];   // outer, rowOut, pos | widths | sources | y
            args[0] = outer;
            args[1] = rowOut;
            args[2] = pos;
            int w = 0;
            for (int k = 0; k < CONCAT_SOURCES; k++) {
                Tensor t = k < group.size() ? group.get(k) : null;
                int wk = t == null ? 0 : t.shape()[axis] * inner;
                args[3 + k] = wk;
                args[3 + CONCAT_SOURCES + k] = t == null || wk == 0 ? meta(0) : buf(t, "concat");
                w += wk;
            }
            args[3 + 2 * CONCAT_SOURCES] = buf(y, "concat");
            run("layout", "concat8" + sfx(dt), outer * w, args);
            pos += w;
        }
        return y;
    }

    @Override
    public Tensor slice(Tensor x, int axis, int start, int end) {
        int[] s = x.shape();
        int outer = Shape.outer(s, axis), inner = Shape.inner(s, axis);
        int[] os = s.clone();
        os[axis] = end - start;
        Tensor y = make(x.dtype(), os);
        int w = (end - start) * inner;
        run("layout", "block_copy" + sfx(x.dtype()), outer * w, outer, w, s[axis] * inner, start * inner, w, 0, buf(x, "slice"), buf(y, "slice"));
        return y;
    }

    /** Pieces that are all of x come back as x; the others are copied eight per launch (split8 in layout.cu). */
    @Override
    public Tensor[] split(Tensor x, int axis, int[] starts, int[] ends) {
        int[] s = x.shape();
        int outer = Shape.outer(s, axis), inner = Shape.inner(s, axis);
        Tensor[] out = new Tensor[starts.length];
        List<Integer> copied = new java.util.ArrayList<>();
        for (int k = 0; k < out.length; k++) {
            int[] os = s.clone();
            os[axis] = ends[k] - starts[k];
            if (os[axis] == s[axis]) out[k] = x;
            else { out[k] = make(x.dtype(), os); if (os[axis] > 0) copied.add(k); }
        }
        for (int g = 0; g < copied.size(); g += CONCAT_SOURCES) {
            Object[] args = new Object[3 + 3 * CONCAT_SOURCES];   // outer, srcRow | offsets | widths | x | pieces
            args[0] = outer;
            args[1] = s[axis] * inner;
            int w = 0;
            for (int j = 0; j < CONCAT_SOURCES; j++) {
                int k = g + j < copied.size() ? copied.get(g + j) : -1;
                int wk = k < 0 ? 0 : (ends[k] - starts[k]) * inner;
                args[2 + j] = k < 0 ? 0 : starts[k] * inner;
                args[2 + CONCAT_SOURCES + j] = wk;
                args[3 + 2 * CONCAT_SOURCES + j] = k < 0 ? meta(0) : buf(out[k], "split");
                w += wk;
            }
            args[2 + 2 * CONCAT_SOURCES] = buf(x, "split");
            run("layout", "split8" + sfx(x.dtype()), outer * w, args);
        }
        return out;
    }

    /** One pass that writes the zeros and copies x into place (the default of full + full + concat takes more). */
    @Override
    public Tensor pad(Tensor x, int axis, int before, int after) {
        int[] s = x.shape();
        int outer = Shape.outer(s, axis), inner = Shape.inner(s, axis);
        int[] os = s.clone();
        os[axis] = before + s[axis] + after;
        Tensor y = make(x.dtype(), os);
        int rowOut = os[axis] * inner;
        run("layout", "pad_copy" + sfx(x.dtype()), outer * rowOut, outer, rowOut, before * inner, s[axis] * inner, buf(x, "pad"), buf(y, "pad"));
        return y;
    }

    // ------------------------------------------------------------------ indexing
    @Override
    public Tensor indexSelect(Tensor x, int axis, int[] index) {
        int[] s = x.shape();
        int outer = Shape.outer(s, axis), inner = Shape.inner(s, axis);
        int[] os = s.clone();
        os[axis] = index.length;
        Tensor y = make(x.dtype(), os);
        int n = y.numel();
        if (n > 0) run("index", "gather" + sfx(x.dtype()), n, outer, index.length, inner, s[axis] * inner, ints(index), buf(x, "indexSelect"), buf(y, "indexSelect"));
        return y;
    }

    @Override
    public Tensor indexAdd(Tensor src, int axis, int[] index, int size) {
        int[] s = src.shape();
        int outer = Shape.outer(s, axis), inner = Shape.inner(s, axis);
        int[] os = s.clone();
        os[axis] = size;
        Tensor y = make(src.dtype(), os);
        run("index", "scatter_csr" + sfx(src.dtype()), y.numel(), outer, size, inner, index.length, csr(index, size), buf(src, "indexAdd"), buf(y, "indexAdd"));
        return y;
    }

    /** indexAdd with float atomics (non-deterministic summation order); the CSR form is the default. */
    Tensor indexAddAtomic(Tensor src, int axis, int[] index, int size) {
        int[] s = src.shape();
        int outer = Shape.outer(s, axis), inner = Shape.inner(s, axis);
        int[] os = s.clone();
        os[axis] = size;
        Tensor y = zeros(src.dtype(), os);
        run("index", "scatter_atomic" + sfx(src.dtype()), src.numel(), outer, index.length, inner, size, ints(index), buf(src, "indexAdd"), buf(y, "indexAdd"));
        return y;
    }

    @Override
    public Tensor oneHot(int[] index, int n, DType dtype) {
        for (int i : index) if (i < 0 || i >= n) throw new IndexOutOfBoundsException("oneHot: index " + i + " out of range [0, " + n + ")");
        Tensor y = make(dtype, index.length, n);
        int total = index.length * n;
        if (total > 0) run("elementwise", "one_hot" + sfx(dtype), total, index.length, n, ints(index), buf(y, "oneHot"));
        return y;
    }

    // ------------------------------------------------------------------ domain primitives
    @Override
    public Tensor sphericalHarmonics(Tensor vec, int lmax) { return tp.sphericalHarmonics(vec, lmax); }

    /** The kernels read both layouts of x1 and out (TpTables' channel-last flag), so no permutations here. */
    @Override
    public Tensor tpContract(TpPlan plan, TpPlan.Slot open, Tensor x1, Tensor x2, Tensor w, Tensor out) {
        return tp.contract(plan, open, x1, x2, w, out);
    }

    /** Gather, contraction and scatter in one launch (fused_conv.cu) for every open slot. */
    @Override
    public Tensor tpContractIndexed(TpPlan plan, TpPlan.Slot open, Tensor x1, int[] idx1, int n1, Tensor x2, Tensor w, Tensor out, int[] idxOut, int nOut) {
        return tp.contractIndexed(plan, open, x1, idx1, n1, x2, w, out, idxOut, nOut);
    }
}
