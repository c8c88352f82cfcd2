package org.jnequip.tensor;

import java.util.List;

/**
 * The primitive operations every device implements (about 25; house style §3). Everything else in JNequIP,
 * the NequIP model included, is composed from these. Tensors passed in belong to this backend.
 * Index arrays ({@code int[]}) live on the host; a device backend uploads and caches them.
 */
public interface Backend {
    String name();

    /** Waits until every queued operation has finished (device backends queue work); nothing to wait for on the CPU. */
    default void synchronize() {}

    /**
     * Cumulative counts of device work since the backend was created — {@code launches} (kernels),
     * {@code uploads}/{@code downloads} (host↔device copies; a download waits, i.e. synchronises the host) and
     * their bytes; empty for backends that count nothing (the CPU).
     */
    default java.util.Map<String, Long> counters() { return java.util.Map.of(); }

    /**
     * True where every op has a fixed cost (a kernel launch) that dominates small ops, so that compositions should
     * prefer fewer ops — batched products, transposes in matmul flags — over layout copies feeding one large
     * product. False on the CPU, where the large product wins.
     */
    default boolean launchBound() { return false; }

    /**
     * Whether this backend's tensor-product kernels want x1 and out in the channel-last block layout
     * ({@link TpPlan#channelLast}) where a plan allows it ({@link TpPlan#allowsChannelLast}); a model then keeps
     * its convolution features in that layout. False by default: the standard layout.
     */
    default boolean channelLastTp() { return false; }

    /** Cumulative kernel launches per kernel name (what to fuse next); empty for backends that count nothing. */
    default java.util.Map<String, Long> kernelCounts() { return java.util.Map.of(); }

    /**
     * Runs {@code step} once, recording what it does on this backend, for {@link Captured#replay} to repeat
     * (see {@link Captured} for what a replay reads again and what it keeps). Device backends record the kernel
     * launches — the step must not copy device tensors to the host — and replay them as one graph; this
     * default re-runs the step.
     */
    default <T> Captured<T> capture(java.util.function.Supplier<T> step) { return Captured.rerun(step); }

    // ---- storage ----
    Tensor zeros(DType dtype, int... shape);
    Tensor full(DType dtype, double value, int... shape);
    /** Copies host data into a tensor of this backend (float64 values, stored as dtype). */
    Tensor fromHost(double[] data, DType dtype, int... shape);
    /**
     * {@link #fromHost} for a value that never changes (a cached table, path weights): the same tensor, but a
     * {@link #capture} does not treat it as an input to re-read at each replay.
     */
    default Tensor constant(double[] data, DType dtype, int... shape) { return fromHost(data, dtype, shape); }
    /** Copies a tensor's values to the host as float64. */
    double[] toHost(Tensor x);
    /**
     * Writes the values of {@code src} (this backend, same dtype and element count) into the storage of
     * {@code dst}, in place: the one primitive that changes a tensor after it was made. It exists for weights,
     * which an optimiser updates in place so that everything holding them (the model's layers, a captured step)
     * sees the new values; ops never call it.
     */
    void assign(Tensor dst, Tensor src);
    Tensor cast(Tensor x, DType dtype);

    // ---- elementwise ----
    Tensor unary(UnaryOp op, Tensor x);
    /** scale · op(x): one launch on a device; this default maps and then scales. */
    default Tensor unary(UnaryOp op, Tensor x, double scale) {
        Tensor y = unary(op, x);
        return scale == 1.0 ? y : affine(y, scale, 0.0);
    }
    /** NumPy broadcasting; both operands have the same dtype. */
    Tensor binary(BinaryOp op, Tensor a, Tensor b);
    /** cond != 0 ? a : b, broadcasting all three. */
    Tensor where(Tensor cond, Tensor a, Tensor b);
    /** a·x + b elementwise with scalar constants. */
    Tensor affine(Tensor x, double a, double b);

    // ---- reductions ----
    /** Reduces over the given (normalised, distinct) axes. */
    Tensor reduce(ReduceOp op, Tensor x, int[] axes, boolean keepDims);

    // ---- linear algebra ----
    /** (..., M, K) × (..., K, N) with batch dims equal, or either operand 2-D; transA/transB transpose the last two dims. */
    Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB);

    /**
     * alpha · op(A)·op(B). A device folds alpha into the product; this default scales whichever of A, B and the
     * result has the fewest elements (the weights, or a weight gradient, never the per-edge operand).
     */
    default Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB, double alpha) {
        if (alpha == 1.0) return matmul(a, b, transA, transB);
        int ra = a.rank(), rb = b.rank();
        long m = transA ? a.size(ra - 1) : a.size(ra - 2), n = transB ? b.size(rb - 2) : b.size(rb - 1);
        long c = m * n * (ra > 2 ? a.numel() / ((long) a.size(ra - 1) * a.size(ra - 2)) : rb > 2 ? b.numel() / ((long) b.size(rb - 1) * b.size(rb - 2)) : 1);
        if (c <= a.numel() && c <= b.numel()) return affine(matmul(a, b, transA, transB), alpha, 0.0);
        return a.numel() <= b.numel() ? matmul(affine(a, alpha, 0.0), b, transA, transB) : matmul(a, affine(b, alpha, 0.0), transA, transB);
    }

    // ---- layout ----
    Tensor permute(Tensor x, int[] perm);
    Tensor concat(List<Tensor> xs, int axis);
    Tensor slice(Tensor x, int axis, int start, int end);
    /**
     * The pieces [starts[k], ends[k]) of x along axis (validated by {@link Tensor#split}), each as {@link #slice}
     * would give it; a device backend copies several pieces in one launch.
     */
    default Tensor[] split(Tensor x, int axis, int[] starts, int[] ends) {
        Tensor[] out = new Tensor[starts.length];
        for (int k = 0; k < out.length; k++) out[k] = x.slice(axis, starts[k], ends[k]);
        return out;
    }
    /** Zero padding along axis ({@code before} zeros, x, {@code after} zeros): the adjoint of slice. */
    default Tensor pad(Tensor x, int axis, int before, int after) {
        List<Tensor> parts = new java.util.ArrayList<>(3);
        int[] s = x.shape();
        if (before > 0) { s[axis] = before; parts.add(full(x.dtype(), 0.0, s.clone())); }
        parts.add(x);
        if (after > 0) { s[axis] = after; parts.add(full(x.dtype(), 0.0, s.clone())); }
        return parts.size() == 1 ? x : concat(parts, axis);
    }
    Tensor expand(Tensor x, int[] shape);

    // ---- indexing ----
    /** out[..., i, ...] = x[..., index[i], ...] along axis. */
    Tensor indexSelect(Tensor x, int axis, int[] index);
    /** Scatter-sum: out has {@code size} along axis, out[..., index[i], ...] += src[..., i, ...]. */
    Tensor indexAdd(Tensor src, int axis, int[] index, int size);
    /** one_hot(index, n) with shape (len, n). */
    Tensor oneHot(int[] index, int n, DType dtype);

    // ---- optimiser updates (in place; the same IEEE operations on every backend) ----
    /**
     * One Adam / AMSGrad step (torch.optim.Adam, nequip-spec §6) of a weight p (any dtype, updated in place) with
     * gradient g (p's size) and float64 state {m, v, v̂ or null without AMSGrad}, each (numel), on this backend:
     * <pre>
     *   g ← g + λ·p  (λ ≠ 0)     m ← β1·m + (1−β1)·g     v ← β2·v + ((1−β2)·g)·g     v̂ ← max(v̂, v), or v
     *   p ← p − (stepSize·m) / (√v̂ / sqrtBc2 + ε)          stepSize = lr/(1−β1^t), sqrtBc2 = √(1−β2^t)
     * </pre>
     * in float64, one IEEE operation per step in this order (a product by a constant is an op of its own, so no
     * FMA contracts it): every backend computes the same bits. Returns the new state, the given tensors updated
     * in place or new ones; use the returned ones. This default composes the step from the elementwise ops and
     * writes p back with {@link #assign}; the CPU runs the same operations as one loop.
     */
    default Tensor[] adamStep(Tensor p, Tensor g, Tensor[] state, double beta1, double beta2, double eps, double weightDecay, double stepSize, double sqrtBc2) {
        int n = p.numel();
        Tensor pd = p.to(DType.F64).reshape(n), gd = g.to(DType.F64).reshape(n);
        if (weightDecay != 0) gd = gd.add(pd.mul(weightDecay));
        Tensor m = state[0].mul(beta1).add(gd.mul(1 - beta1));
        Tensor v = state[1].mul(beta2).add(gd.mul(1 - beta2).mul(gd));
        Tensor vh = state[2] != null ? state[2].maximum(v) : v;
        Tensor den = vh.sqrt().div(full(DType.F64, sqrtBc2)).add(eps);
        assign(p, pd.sub(m.mul(stepSize).div(den)).to(p.dtype()).reshape(p.shape()));
        return new Tensor[]{m, v, state[2] != null ? vh : null};
    }

    /**
     * One step of an exponential moving average, s ← s − k·(s − p), of a float64 shadow s and a weight p (any
     * dtype, s's size) on this backend, in that order (the same bits everywhere). Returns the new shadow: s
     * updated in place (the CPU) or a new tensor (this default); use the returned one.
     */
    default Tensor emaStep(Tensor shadow, Tensor p, double k) {
        return shadow.sub(shadow.sub(p.to(DType.F64).reshape(shadow.shape())).mul(k));
    }

    // ---- domain primitives ----
    /**
     * Real spherical harmonics Y^0..Y^lmax of the (not normalised) vectors {@code vec} (E, 3), e3nn basis and
     * 'component' normalisation, evaluated as homogeneous polynomials: shape (E, (lmax+1)²).
     */
    Tensor sphericalHarmonics(Tensor vec, int lmax);

    /** The sparse CG contraction of {@link TpPlan}; the operand named by {@code open} is computed (and passed as null). */
    Tensor tpContract(TpPlan plan, TpPlan.Slot open, Tensor x1, Tensor x2, Tensor w, Tensor out);

    /**
     * {@link #tpContract} fused with a gather and a scatter (a graph convolution): sample z reads row
     * {@code idx1[z]} of x1 (n1, dim1) and row {@code idxOut[z]} of out (nOut, dimOut); x2 and per-sample w
     * have Z rows. The form is T = Σ_z T_z(x1[idx1[z]], x2[z], w[z], out[idxOut[z]]), so open = OUT gives
     * out[t] = Σ_(z: idxOut[z] = t) TP_z (nOut rows) and open = X1 sums into n1 rows by idx1. This is the graph
     * convolution of a model, and fused or unfused is the backend's choice: the default is the unfused composition
     * indexSelect → tpContract → indexAdd; the CPU and the device backends override it with kernels that read the
     * rows through the indices and never store the per-sample operands.
     */
    default Tensor tpContractIndexed(TpPlan plan, TpPlan.Slot open, Tensor x1, int[] idx1, int n1, Tensor x2, Tensor w, Tensor out, int[] idxOut, int nOut) {
        Tensor a = x1 == null ? null : x1.indexSelect(0, idx1), o = out == null ? null : out.indexSelect(0, idxOut);
        Tensor r = tpContract(plan, open, a, x2, w, o);
        return switch (open) {
            case X1 -> r.indexAdd(0, idx1, n1);
            case OUT -> r.indexAdd(0, idxOut, nOut);
            default -> r;
        };
    }

    /**
     * The X2 and W results of {@link #tpContractIndexed} for one set of operands, {∂T/∂x2 (Z, dim2), ∂T/∂w (Z,
     * weightNumel)}: the two per-sample gradients of a convolution's backward, both reading x1[idx1[z]] and
     * out[idxOut[z]] (the cotangent). The default makes the two calls; a backend may compute both in one pass over the
     * samples (the CPU does) but must return what the two calls return, bit for bit.
     */
    default Tensor[] tpContractIndexedX2W(TpPlan plan, Tensor x1, int[] idx1, int n1, Tensor x2, Tensor w, Tensor out, int[] idxOut, int nOut) {
        return new Tensor[]{tpContractIndexed(plan, TpPlan.Slot.X2, x1, idx1, n1, null, w, out, idxOut, nOut),
                tpContractIndexed(plan, TpPlan.Slot.W, x1, idx1, n1, x2, null, out, idxOut, nOut)};
    }
}
