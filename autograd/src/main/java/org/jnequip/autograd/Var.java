package org.jnequip.autograd;

import java.util.List;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;

/**
 * A value on the autograd tape: a {@link Tensor} plus, if it was produced by a recorded op, the {@link Node}
 * that made it. Leaves created with {@link #param} require gradients; {@link #constant} values never do.
 *
 * {@snippet :
 * Var x = Var.param(Tensor.of(new double[]{1, 2, 3}, 3));
 * Var y = x.square().sum();                                   // y = Σ x²
 * Var g = Tape.grad(y, x, true);                              // 2x, itself on the tape
 * Var h = Tape.grad(g.sum(), x, false);                       // Σ_j ∂(2x_j)/∂x = 2
 * }
 */
public final class Var {
    private final Tensor value;
    private final boolean requiresGrad;
    Node node;
    private Tensor grad;
    private String name;

    Var(Tensor value, boolean requiresGrad, Node node) {
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.node = node;
    }

    /** A value that never requires a gradient. */
    public static Var constant(Tensor t) { return new Var(t, false, null); }

    /** A trainable leaf (requires grad). */
    public static Var param(Tensor t) { return new Var(t, true, null); }

    public static Var leaf(Tensor t, boolean requiresGrad) { return new Var(t, requiresGrad, null); }

    /**
     * Records an op: the result requires grad (and remembers its node) only when recording is on and some
     * input requires grad; otherwise it is a constant.
     */
    public static Var record(Tensor value, String op, Backward backward, Var... inputs) {
        if (GradMode.isEnabled()) {
            for (Var in : inputs) {
                if (in != null && in.requiresGrad) return new Var(value, true, new Node(op, inputs, backward));
            }
        }
        return new Var(value, false, null);
    }

    /**
     * {@link #record} that also closes the op's {@link OpProfile} timer (opened with {@link OpProfile#start()}
     * before the value was computed; 0 when not profiling) and charges it {@code flops} (NaN: none in the model).
     */
    public static Var record(int timer, double flops, Tensor value, String op, Backward backward, Var... inputs) {
        Var v = record(value, op, backward, inputs);
        if (timer != 0) OpProfile.stopRecorded(timer, op, flops, value, inputs, v.node != null);
        return v;
    }

    public Tensor value() { return value; }
    public int[] shape() { return value.shape(); }
    public int size(int axis) { return value.size(axis); }
    public int rank() { return value.rank(); }
    public int numel() { return value.numel(); }
    public DType dtype() { return value.dtype(); }
    public boolean requiresGrad() { return requiresGrad; }
    public boolean isLeaf() { return node == null; }
    public double item() { return value.item(); }
    public String name() { return name; }
    public Var named(String n) { this.name = n; return this; }
    /** The op that produced this value, or null for leaves. */
    public String op() { return node == null ? null : node.op; }

    /** Gradient accumulated by {@link Tape#backward}; null until then. */
    public Tensor grad() { return grad; }
    public void zeroGrad() { grad = null; }
    void accumulateGrad(Tensor g) { grad = grad == null ? g : grad.add(g); }
    /** Replaces the stored gradient (optimisers, tests). */
    public void setGrad(Tensor g) { grad = g; }

    /** Same value, cut from the tape. */
    public Var detach() { return constant(value); }

    /** Constant of the same dtype and backend filled with v and the given shape. */
    public Var constantLike(double v, int... shape) { return constant(value.backend().full(value.dtype(), v, shape)); }

    public Var zerosLike() { return constant(value.backend().zeros(value.dtype(), value.shape())); }

    // ------------------------------------------------------------------ fluent ops
    public Var add(Var o) { return ElementwiseOps.add(this, o); }
    public Var sub(Var o) { return ElementwiseOps.sub(this, o); }
    public Var mul(Var o) { return ElementwiseOps.mul(this, o); }
    public Var div(Var o) { return ElementwiseOps.div(this, o); }
    public Var add(double c) { return ElementwiseOps.affine(this, 1.0, c); }
    public Var mul(double c) { return ElementwiseOps.affine(this, c, 0.0); }
    /** a·x + b. */
    public Var affine(double a, double b) { return ElementwiseOps.affine(this, a, b); }
    public Var neg() { return ElementwiseOps.affine(this, -1.0, 0.0); }
    public Var pow(double p) { return ElementwiseOps.pow(this, p); }
    public Var maximum(Var o) { return ElementwiseOps.maximum(this, o); }
    public Var minimum(Var o) { return ElementwiseOps.minimum(this, o); }
    public Var exp() { return ElementwiseOps.exp(this); }
    public Var log() { return ElementwiseOps.log(this); }
    public Var sqrt() { return ElementwiseOps.sqrt(this); }
    public Var rsqrt() { return ElementwiseOps.rsqrt(this); }
    public Var reciprocal() { return ElementwiseOps.reciprocal(this); }
    public Var square() { return ElementwiseOps.square(this); }
    public Var sin() { return ElementwiseOps.sin(this); }
    public Var cos() { return ElementwiseOps.cos(this); }
    public Var tanh() { return ElementwiseOps.tanh(this, 1.0); }
    /** c·tanh(x) in one op. */
    public Var tanh(double c) { return ElementwiseOps.tanh(this, c); }
    public Var sigmoid() { return ElementwiseOps.sigmoid(this); }
    public Var silu() { return ElementwiseOps.silu(this, 1.0); }
    /** c·silu(x) in one op. */
    public Var silu(double c) { return ElementwiseOps.silu(this, c); }
    public Var softplus() { return ElementwiseOps.softplus(this); }
    public Var abs() { return ElementwiseOps.abs(this); }
    public Var relu() { return ElementwiseOps.relu(this); }
    /** cond != 0 ? this : other (cond is a constant mask). */
    public Var where(Tensor cond, Var other) { return ElementwiseOps.where(cond, this, other); }

    public Var sum() { return ReduceOps.sum(this, allAxes(), false); }
    public Var sum(int axis, boolean keepDims) { return ReduceOps.sum(this, new int[]{axis}, keepDims); }
    public Var sum(int[] axes, boolean keepDims) { return ReduceOps.sum(this, axes, keepDims); }
    public Var mean() { return sum().mul(1.0 / Math.max(1, numel())); }
    public Var mean(int axis, boolean keepDims) { return sum(axis, keepDims).mul(1.0 / Math.max(1, size(axis))); }
    public Var max(int axis, boolean keepDims) { return ReduceOps.max(this, axis, keepDims); }
    /** Sums over broadcast axes so the result has {@code shape} (the adjoint of broadcasting). */
    public Var sumTo(int[] shape) { return ReduceOps.sumTo(this, shape); }

    public Var matmul(Var o) { return LinalgOps.matmul(this, o, false, false, 1.0); }
    public Var matmul(Var o, boolean transA, boolean transB) { return LinalgOps.matmul(this, o, transA, transB, 1.0); }
    /** alpha · op(this)·op(o): a constant factor in the product instead of an op on either side. */
    public Var matmul(Var o, boolean transA, boolean transB, double alpha) { return LinalgOps.matmul(this, o, transA, transB, alpha); }

    public Var reshape(int... shape) { return LayoutOps.reshape(this, shape); }
    public Var permute(int... perm) { return LayoutOps.permute(this, perm); }
    public Var transpose() { return LayoutOps.transpose(this, -2, -1); }
    public Var transpose(int a, int b) { return LayoutOps.transpose(this, a, b); }
    public Var expand(int... shape) { return LayoutOps.expand(this, shape); }
    public Var slice(int axis, int start, int end) { return LayoutOps.slice(this, axis, start, end); }
    /** The slices [starts[k], ends[k]) along axis in one op (one launch on a device for up to eight pieces). */
    public List<Var> split(int axis, int[] starts, int[] ends) { return LayoutOps.split(this, axis, starts, ends); }
    /** Zero padding along axis (the adjoint of slice): {@code before} zeros, this, {@code after} zeros. */
    public Var pad(int axis, int before, int after) { return LayoutOps.pad(this, axis, before, after); }
    public Var unsqueeze(int axis) { return reshape(value.unsqueeze(axis).shape()); }
    public Var to(DType dt) { return LayoutOps.cast(this, dt); }
    public static Var concat(List<Var> xs, int axis) { return LayoutOps.concat(xs, axis); }

    public Var indexSelect(int axis, int[] index) { return IndexOps.indexSelect(this, axis, index); }
    public Var indexAdd(int axis, int[] index, int size) { return IndexOps.indexAdd(this, axis, index, size); }

    private int[] allAxes() {
        int[] a = new int[rank()];
        for (int i = 0; i < a.length; i++) a[i] = i;
        return a;
    }

    @Override
    public String toString() {
        return "Var(" + (name != null ? name + ", " : "") + (node != null ? "op=" + node.op + ", " : "") + value + (requiresGrad ? ", requiresGrad" : "") + ")";
    }
}
