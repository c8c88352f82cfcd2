package org.jnequip.tensor;

import java.util.Arrays;
import java.util.List;

/**
 * A dense, contiguous, row-major n-dimensional array of float32 or float64 on one {@link Backend}.
 * Tensors are immutable by convention: every op returns a new tensor (reshape may share storage); the one
 * exception is {@link #assign}, with which an optimiser updates weights in place.
 *
 * {@snippet :
 * Tensor a = Tensor.of(new double[]{1, 2, 3, 4, 5, 6}, 2, 3);   // (2, 3) float64
 * Tensor b = a.matmul(a.transpose());                            // (2, 2)
 * double s = b.sum().item();
 * }
 */
public final class Tensor {
    private final Backend backend;
    private final DType dtype;
    private final int[] shape;
    private final Object data;

    /** Backends build tensors through this constructor; {@code data} is backend-specific storage. */
    public Tensor(Backend backend, DType dtype, int[] shape, Object data) {
        this.backend = backend;
        this.dtype = dtype;
        this.shape = shape.clone();
        this.data = data;
    }

    // ---------------------------------------------------------------- creation (CPU)
    public static Tensor of(double[] values, int... shape) {
        check(values.length, shape);
        return new Tensor(Backends.cpu(), DType.F64, shape, values.clone());
    }

    public static Tensor of(float[] values, int... shape) {
        check(values.length, shape);
        return new Tensor(Backends.cpu(), DType.F32, shape, values.clone());
    }

    /**
     * Overwrites this tensor's values with those of {@code src} (same shape and dtype; copied from another
     * backend if need be) and returns this. Views sharing the storage (reshapes) see the new values.
     */
    public Tensor assign(Tensor src) {
        if (!Arrays.equals(src.shape, shape) || src.dtype != dtype)
            throw new IllegalArgumentException("assign: " + src.dtype + Shape.str(src.shape) + " into " + dtype + Shape.str(shape));
        backend.assign(this, src.to(backend));
        return this;
    }

    /** A new tensor with this one's values (its own storage, on the same backend). */
    public Tensor copy() {
        Tensor t = backend.zeros(dtype, shape);
        backend.assign(t, this);
        return t;
    }

    /** Host values (as float64) stored in the given dtype on the CPU. */
    public static Tensor of(double[] values, DType dtype, int... shape) {
        check(values.length, shape);
        return Backends.cpu().fromHost(values, dtype, shape);
    }

    public static Tensor scalar(double v, DType dtype) { return Backends.cpu().full(dtype, v); }

    public static Tensor zeros(DType dtype, int... shape) { return Backends.cpu().zeros(dtype, shape); }

    public static Tensor ones(DType dtype, int... shape) { return Backends.cpu().full(dtype, 1.0, shape); }

    public static Tensor full(DType dtype, double v, int... shape) { return Backends.cpu().full(dtype, v, shape); }

    private static void check(int n, int[] shape) {
        if (Shape.numel(shape) != n)
            throw new IllegalArgumentException("data length " + n + " does not match shape " + Arrays.toString(shape));
    }

    // ---------------------------------------------------------------- metadata
    public Backend backend() { return backend; }
    public DType dtype() { return dtype; }
    public int[] shape() { return shape.clone(); }
    public int rank() { return shape.length; }
    public int size(int axis) { return shape[Shape.axis(axis, shape.length, "size")]; }
    public int numel() { return Shape.numel(shape); }
    /** Backend storage: {@code float[]} or {@code double[]} on the CPU. Do not modify. */
    public Object data() { return data; }

    public double[] toDoubleArray() { return backend.toHost(this); }

    public float[] toFloatArray() {
        double[] d = toDoubleArray();
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    /** Value of a one-element tensor. */
    public double item() {
        if (numel() != 1) throw new IllegalArgumentException("item: tensor of shape " + Shape.str(shape) + " has " + numel() + " elements");
        return toDoubleArray()[0];
    }

    /** Element at a multi-index (slow; for tests and printing). */
    public double get(int... idx) {
        if (idx.length != shape.length) throw new IllegalArgumentException("get: need " + shape.length + " indices");
        int[] st = Shape.strides(shape);
        int off = 0;
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= shape[i]) throw new IndexOutOfBoundsException("index " + Arrays.toString(idx) + " out of shape " + Shape.str(shape));
            off += idx[i] * st[i];
        }
        return switch (data) {
            case double[] d -> d[off];
            case float[] f -> f[off];
            default -> toDoubleArray()[off];
        };
    }

    public Tensor to(DType dt) { return dt == dtype ? this : backend.cast(this, dt); }

    /** Copies to another backend (device transfer through the host). */
    public Tensor to(Backend target) { return target == backend ? this : target.fromHost(toDoubleArray(), dtype, shape); }

    // ---------------------------------------------------------------- elementwise
    public Tensor unary(UnaryOp op) { return backend.unary(op, this); }
    /** scale · op(this), in one op where the backend can. */
    public Tensor unary(UnaryOp op, double scale) { return backend.unary(op, this, scale); }
    public Tensor neg() { return unary(UnaryOp.NEG); }
    public Tensor abs() { return unary(UnaryOp.ABS); }
    public Tensor sign() { return unary(UnaryOp.SIGN); }
    public Tensor exp() { return unary(UnaryOp.EXP); }
    public Tensor log() { return unary(UnaryOp.LOG); }
    public Tensor sqrt() { return unary(UnaryOp.SQRT); }
    public Tensor rsqrt() { return unary(UnaryOp.RSQRT); }
    public Tensor reciprocal() { return unary(UnaryOp.RECIPROCAL); }
    public Tensor square() { return unary(UnaryOp.SQUARE); }
    public Tensor sin() { return unary(UnaryOp.SIN); }
    public Tensor cos() { return unary(UnaryOp.COS); }
    public Tensor tanh() { return unary(UnaryOp.TANH); }
    public Tensor sigmoid() { return unary(UnaryOp.SIGMOID); }
    public Tensor silu() { return unary(UnaryOp.SILU); }
    public Tensor softplus() { return unary(UnaryOp.SOFTPLUS); }
    public Tensor relu() { return unary(UnaryOp.RELU); }

    public Tensor binary(BinaryOp op, Tensor o) {
        if (o.dtype != dtype) throw new IllegalArgumentException(op + ": dtype mismatch " + dtype + " vs " + o.dtype + " for shapes " + Shape.str(shape) + " and " + Shape.str(o.shape));
        if (o.backend != backend) throw new IllegalArgumentException(op + ": tensors on different backends (" + backend.name() + ", " + o.backend.name() + ")");
        return backend.binary(op, this, o);
    }
    public Tensor add(Tensor o) { return binary(BinaryOp.ADD, o); }
    public Tensor sub(Tensor o) { return binary(BinaryOp.SUB, o); }
    public Tensor mul(Tensor o) { return binary(BinaryOp.MUL, o); }
    public Tensor div(Tensor o) { return binary(BinaryOp.DIV, o); }
    public Tensor pow(Tensor o) { return binary(BinaryOp.POW, o); }
    public Tensor maximum(Tensor o) { return binary(BinaryOp.MAX, o); }
    public Tensor minimum(Tensor o) { return binary(BinaryOp.MIN, o); }
    public Tensor gt(Tensor o) { return binary(BinaryOp.GT, o); }
    public Tensor ge(Tensor o) { return binary(BinaryOp.GE, o); }
    public Tensor lt(Tensor o) { return binary(BinaryOp.LT, o); }
    public Tensor le(Tensor o) { return binary(BinaryOp.LE, o); }
    public Tensor eq(Tensor o) { return binary(BinaryOp.EQ, o); }

    public Tensor add(double c) { return backend.affine(this, 1.0, c); }
    public Tensor mul(double c) { return backend.affine(this, c, 0.0); }
    /** a·x + b. */
    public Tensor affine(double a, double b) { return backend.affine(this, a, b); }
    public Tensor pow(double p) { return binary(BinaryOp.POW, backend.full(dtype, p)); }

    /** cond != 0 ? this : other. */
    public Tensor where(Tensor cond, Tensor other) { return backend.where(cond, this, other); }

    // ---------------------------------------------------------------- reductions
    public Tensor sum() { return reduce(ReduceOp.SUM, allAxes(), false); }
    public Tensor sum(int axis, boolean keepDims) { return reduce(ReduceOp.SUM, new int[]{axis}, keepDims); }
    public Tensor sum(int[] axes, boolean keepDims) { return reduce(ReduceOp.SUM, axes, keepDims); }
    public Tensor max(int axis, boolean keepDims) { return reduce(ReduceOp.MAX, new int[]{axis}, keepDims); }
    public Tensor min(int axis, boolean keepDims) { return reduce(ReduceOp.MIN, new int[]{axis}, keepDims); }
    public Tensor mean() { return sum().mul(1.0 / Math.max(1, numel())); }
    public Tensor mean(int[] axes, boolean keepDims) {
        int n = 1;
        for (int a : normAxes(axes)) n *= shape[a];
        return sum(axes, keepDims).mul(1.0 / Math.max(1, n));
    }

    public Tensor reduce(ReduceOp op, int[] axes, boolean keepDims) { return backend.reduce(op, this, normAxes(axes), keepDims); }

    private int[] allAxes() {
        int[] a = new int[shape.length];
        for (int i = 0; i < a.length; i++) a[i] = i;
        return a;
    }

    /** Normalises negative axes, sorts them and rejects duplicates. */
    public int[] normAxes(int[] axes) {
        int[] a = new int[axes.length];
        for (int i = 0; i < axes.length; i++) a[i] = Shape.axis(axes[i], shape.length, "reduce");
        Arrays.sort(a);
        for (int i = 1; i < a.length; i++) if (a[i] == a[i - 1]) throw new IllegalArgumentException("reduce: duplicate axis " + a[i]);
        return a;
    }

    // ---------------------------------------------------------------- linear algebra
    public Tensor matmul(Tensor o) { return matmul(o, false, false); }

    public Tensor matmul(Tensor o, boolean transA, boolean transB) {
        if (o.dtype != dtype) throw new IllegalArgumentException("matmul: dtype mismatch " + dtype + " vs " + o.dtype);
        return backend.matmul(this, o, transA, transB);
    }

    /** alpha · op(this)·op(o), the scale folded into the product where the backend can. */
    public Tensor matmul(Tensor o, boolean transA, boolean transB, double alpha) {
        if (o.dtype != dtype) throw new IllegalArgumentException("matmul: dtype mismatch " + dtype + " vs " + o.dtype);
        return backend.matmul(this, o, transA, transB, alpha);
    }

    // ---------------------------------------------------------------- layout
    /** Same data, new shape; one dimension may be -1. */
    public Tensor reshape(int... newShape) {
        int[] s = newShape.clone();
        int infer = -1, known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("reshape: more than one -1 in " + Arrays.toString(newShape));
                infer = i;
            } else known *= s[i];
        }
        if (infer >= 0) {
            if (known == 0 || numel() % known != 0) throw new IllegalArgumentException("reshape: cannot reshape " + Shape.str(shape) + " to " + Arrays.toString(newShape));
            s[infer] = numel() / known;
        }
        if (Shape.numel(s) != numel()) throw new IllegalArgumentException("reshape: cannot reshape " + Shape.str(shape) + " to " + Arrays.toString(newShape));
        return new Tensor(backend, dtype, s, data);
    }

    public Tensor permute(int... perm) {
        if (perm.length != shape.length) throw new IllegalArgumentException("permute: " + Arrays.toString(perm) + " for shape " + Shape.str(shape));
        boolean[] seen = new boolean[perm.length];
        int[] p = new int[perm.length];
        boolean identity = true;
        for (int i = 0; i < perm.length; i++) {
            p[i] = Shape.axis(perm[i], shape.length, "permute");
            if (seen[p[i]]) throw new IllegalArgumentException("permute: repeated axis in " + Arrays.toString(perm));
            seen[p[i]] = true;
            identity &= p[i] == i;
        }
        return identity ? this : backend.permute(this, p);
    }

    /** Swaps the last two axes. */
    public Tensor transpose() { return transpose(-2, -1); }

    public Tensor transpose(int a, int b) {
        int[] p = new int[shape.length];
        for (int i = 0; i < p.length; i++) p[i] = i;
        int x = Shape.axis(a, shape.length, "transpose"), y = Shape.axis(b, shape.length, "transpose");
        p[x] = y;
        p[y] = x;
        return permute(p);
    }

    public static Tensor concat(List<Tensor> xs, int axis) {
        if (xs.isEmpty()) throw new IllegalArgumentException("concat: empty list");
        Tensor f = xs.get(0);
        int ax = Shape.axis(axis, f.rank(), "concat");
        for (Tensor t : xs) {
            if (t.rank() != f.rank() || t.dtype != f.dtype) throw new IllegalArgumentException("concat: shapes " + Shape.str(f.shape) + " and " + Shape.str(t.shape) + " (dtypes " + f.dtype + ", " + t.dtype + ")");
            for (int i = 0; i < f.rank(); i++) if (i != ax && t.shape[i] != f.shape[i])
                throw new IllegalArgumentException("concat: shapes " + Shape.str(f.shape) + " and " + Shape.str(t.shape) + " differ outside axis " + ax);
        }
        return xs.size() == 1 ? f : f.backend.concat(xs, ax);
    }

    public Tensor slice(int axis, int start, int end) {
        int ax = Shape.axis(axis, shape.length, "slice");
        if (start < 0 || end > shape[ax] || start > end)
            throw new IllegalArgumentException("slice: [" + start + ", " + end + ") out of range for axis " + ax + " of shape " + Shape.str(shape));
        if (start == 0 && end == shape[ax]) return this;
        return backend.slice(this, ax, start, end);
    }

    /** The slices [starts[k], ends[k]) along axis, in one op (pieces may leave gaps or overlap). */
    public Tensor[] split(int axis, int[] starts, int[] ends) {
        int ax = Shape.axis(axis, shape.length, "split");
        if (starts.length != ends.length) throw new IllegalArgumentException("split: " + starts.length + " starts and " + ends.length + " ends");
        for (int k = 0; k < starts.length; k++)
            if (starts[k] < 0 || ends[k] > shape[ax] || starts[k] > ends[k])
                throw new IllegalArgumentException("split: [" + starts[k] + ", " + ends[k] + ") out of range for axis " + ax + " of shape " + Shape.str(shape));
        return backend.split(this, ax, starts, ends);
    }

    /** Zero padding along axis: {@code before} zeros, this, {@code after} zeros (the adjoint of {@link #slice}). */
    public Tensor pad(int axis, int before, int after) {
        int ax = Shape.axis(axis, shape.length, "pad");
        if (before < 0 || after < 0) throw new IllegalArgumentException("pad: negative padding (" + before + ", " + after + ") on axis " + ax);
        return before == 0 && after == 0 ? this : backend.pad(this, ax, before, after);
    }

    public Tensor expand(int... newShape) {
        int[] b = Shape.broadcast(shape, newShape, "expand");
        if (!Arrays.equals(b, newShape)) throw new IllegalArgumentException("expand: shape " + Shape.str(shape) + " cannot expand to " + Arrays.toString(newShape));
        return Arrays.equals(shape, newShape) ? this : backend.expand(this, newShape);
    }

    public Tensor unsqueeze(int axis) {
        int ax = axis < 0 ? axis + shape.length + 1 : axis;
        int[] s = new int[shape.length + 1];
        for (int i = 0, j = 0; i < s.length; i++) s[i] = i == ax ? 1 : shape[j++];
        return reshape(s);
    }

    // ---------------------------------------------------------------- indexing
    public Tensor indexSelect(int axis, int[] index) {
        int ax = Shape.axis(axis, shape.length, "indexSelect");
        for (int i : index) if (i < 0 || i >= shape[ax]) throw new IndexOutOfBoundsException("indexSelect: index " + i + " out of range for axis " + ax + " of shape " + Shape.str(shape));
        return backend.indexSelect(this, ax, index);
    }

    /** Scatter-sum along axis into a tensor of {@code size} along that axis. */
    public Tensor indexAdd(int axis, int[] index, int size) {
        int ax = Shape.axis(axis, shape.length, "indexAdd");
        if (index.length != shape[ax]) throw new IllegalArgumentException("indexAdd: index length " + index.length + " does not match axis " + ax + " of shape " + Shape.str(shape));
        for (int i : index) if (i < 0 || i >= size) throw new IndexOutOfBoundsException("indexAdd: index " + i + " out of range [0, " + size + ")");
        return backend.indexAdd(this, ax, index, size);
    }

    public static Tensor oneHot(int[] index, int n, DType dtype) {
        for (int i : index) if (i < 0 || i >= n) throw new IndexOutOfBoundsException("oneHot: index " + i + " out of range [0, " + n + ")");
        return Backends.cpu().oneHot(index, n, dtype);
    }

    // ---------------------------------------------------------------- misc
    public boolean allFinite() {
        for (double v : toDoubleArray()) if (!Double.isFinite(v)) return false;
        return true;
    }

    @Override
    public String toString() {
        double[] d = toDoubleArray();
        String body = d.length <= 12 ? Arrays.toString(d) : Arrays.toString(Arrays.copyOf(d, 12)).replace("]", ", ...]");
        return "Tensor" + Shape.str(shape) + " " + dtype + " " + backend.name() + " " + body;
    }
}
