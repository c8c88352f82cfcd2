package org.jnequip.nequip.io.torch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;

/**
 * A tensor as a PyTorch file describes it: a view (offset, shape, stride in elements) of a storage, i.e.
 * element {@code [i_0, …, i_k]} is storage element {@code offset + Σ i_d·stride_d}. Built by
 * {@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks)}; the
 * constructor refuses views that reach outside their storage, so every later read is in bounds. Several
 * tensors may share one storage.
 *
 * @param storage the storage (shared between views)
 * @param offset  storage_offset in elements
 * @param shape   size (D)
 * @param stride  stride (D), in elements
 */
public record TorchTensor(Storage storage, long offset, int[] shape, long[] stride) {

    /** PyTorch's typed storages ({@code torch.<Name>Storage}), little-endian, with their element sizes. */
    public enum ScalarType {
        DOUBLE("DoubleStorage", 8, "float64"), FLOAT("FloatStorage", 4, "float32"), HALF("HalfStorage", 2, "float16"),
        BFLOAT16("BFloat16Storage", 2, "bfloat16"), LONG("LongStorage", 8, "int64"), INT("IntStorage", 4, "int32"),
        SHORT("ShortStorage", 2, "int16"), CHAR("CharStorage", 1, "int8"), BYTE("ByteStorage", 1, "uint8"), BOOL("BoolStorage", 1, "bool");

        public final String storageName;
        public final int bytes;
        private final String dtypeName;

        ScalarType(String storageName, int bytes, String dtypeName) {
            this.storageName = storageName;
            this.bytes = bytes;
            this.dtypeName = dtypeName;
        }

        /** torch's dtype name (float64, int64, ...). */
        @Override
        public String toString() { return dtypeName; }

        /** The storage type of a {@code torch <Name>Storage} global, or null. */
        public static ScalarType ofStorage(String name) {
            for (ScalarType t : values()) if (t.storageName.equals(name)) return t;
            return null;
        }

        public static ScalarType of(DType dt) { return dt == DType.F64 ? DOUBLE : FLOAT; }
    }

    /** The bytes of one storage ({@code data/<key>} of the archive), {@code numel} elements of {@code type}. */
    public record Storage(ScalarType type, String key, byte[] data) {
        public Storage {
            if (data.length % type.bytes != 0) throw new IllegalArgumentException("storage '" + key + "' has " + data.length + " bytes, not a whole number of " + type + " elements");
        }

        public long numel() { return data.length / type.bytes; }
    }

    /** Checks the view against its storage (IllegalArgumentException saying what is wrong). */
    public TorchTensor {
        shape = shape.clone();
        stride = stride.clone();
        if (shape.length != stride.length) throw new IllegalArgumentException("size " + Arrays.toString(shape) + " and stride " + Arrays.toString(stride) + " differ in length");
        if (offset < 0) throw new IllegalArgumentException("negative storage offset " + offset);
        long numel = 1, last = offset;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] < 0 || stride[d] < 0) throw new IllegalArgumentException("negative size or stride: size " + Arrays.toString(shape) + ", stride " + Arrays.toString(stride));
            numel = Math.multiplyExact(numel, shape[d]);
            if (shape[d] > 0) last = Math.addExact(last, Math.multiplyExact((long) shape[d] - 1, stride[d]));
        }
        if (numel > Integer.MAX_VALUE) throw new IllegalArgumentException("tensor of " + numel + " elements is too large");
        if (numel > 0 && last >= storage.numel())
            throw new IllegalArgumentException("view (offset " + offset + ", size " + Arrays.toString(shape) + ", stride " + Arrays.toString(stride)
                    + ") reaches element " + last + " but storage '" + storage.key() + "' has " + storage.numel() + " elements");
    }

    /** A contiguous tensor over its own new storage. */
    public static TorchTensor of(Tensor t, DType dt, String key) {
        Tensor c = t.to(dt);
        ByteBuffer b = ByteBuffer.allocate(c.numel() * dt.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        if (dt == DType.F64) for (double v : c.toDoubleArray()) b.putDouble(v);
        else for (float v : c.toFloatArray()) b.putFloat(v);
        return new TorchTensor(new Storage(ScalarType.of(dt), key, b.array()), 0, t.shape(), contiguousStrides(t.shape()));
    }

    public static long[] contiguousStrides(int[] shape) {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = acc;
            acc *= shape[d];
        }
        return s;
    }

    public int numel() {
        long n = 1;
        for (int s : shape) n *= s;
        return (int) n;
    }

    public ScalarType type() { return storage.type(); }

    /** The elements in row-major order as doubles (float and double storages only). */
    public double[] toDoubles() {
        if (type() != ScalarType.DOUBLE && type() != ScalarType.FLOAT) throw new IllegalArgumentException("tensor holds " + type() + " values, not float32/float64");
        ByteBuffer b = ByteBuffer.wrap(storage.data()).order(ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[numel()];
        forEachIndex((i, at) -> out[i] = type() == ScalarType.DOUBLE ? b.getDouble((int) (at * 8)) : b.getFloat((int) (at * 4)));
        return out;
    }

    /** A JNequIP tensor in the file's precision (float32 or float64). */
    public Tensor toTensor() {
        DType dt = type() == ScalarType.DOUBLE ? DType.F64 : DType.F32;
        return Tensor.of(toDoubles(), dt, shape);
    }

    private interface IndexVisitor { void at(int flat, long storageIndex); }

    /** Visits every element in row-major order with its storage index. */
    private void forEachIndex(IndexVisitor v) {
        int n = numel(), rank = shape.length;
        int[] idx = new int[rank];
        long at = offset;
        for (int i = 0; i < n; i++) {
            v.at(i, at);
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) { at += stride[d]; break; }
                at -= (long) (shape[d] - 1) * stride[d];
                idx[d] = 0;
            }
        }
    }

    @Override
    public String toString() { return "TorchTensor(" + type() + ", size " + Arrays.toString(shape) + ", storage '" + storage.key() + "')"; }
}
