package org.jnequip.kernels;

/**
 * Device storage behind a {@link org.jnequip.tensor.Tensor} of a {@link DeviceBackend} (its {@code data()}
 * object): a driver handle (cl_mem or CUdeviceptr) and its capacity in bytes. Reshaped tensors share the
 * buffer; when the last one is unreachable a {@link java.lang.ref.Cleaner} hands the handle back to the
 * {@link BufferPool}. Enqueued kernels that still use it are safe because the queue is in order.
 */
public final class DeviceBuffer {
    final Object handle;
    final long bytes;

    DeviceBuffer(Object handle, long bytes) {
        this.handle = handle;
        this.bytes = bytes;
    }

    public long bytes() { return bytes; }

    /** Size in bytes of a host array (float[], double[] or int[]). */
    static long hostBytes(Object host) {
        return switch (host) {
            case float[] f -> 4L * f.length;
            case double[] d -> 8L * d.length;
            case int[] i -> 4L * i.length;
            default -> throw new IllegalArgumentException("host array must be float[], double[] or int[]: " + host);
        };
    }

    @Override
    public String toString() { return "DeviceBuffer[" + bytes + " B]"; }
}
