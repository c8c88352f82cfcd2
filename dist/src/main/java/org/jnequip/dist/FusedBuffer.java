package org.jnequip.dist;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Many arrays in one off-heap buffer, so that one collective call reduces them all (one all-reduce per
 * training step for every parameter's gradient, instead of one call per tensor):
 * <pre>
 *   segment = [ part 0 (length(0)) | part 1 (length(1)) | ... ]     elements of one Datatype, FLOAT64 or FLOAT32
 * </pre>
 * {@code put} copies an array into its part (converting double ↔ float to the buffer's type), {@code get} copies
 * it out. The memory is freed by the garbage collector when the buffer is no longer reachable.
 */
public final class FusedBuffer {
    private final Datatype type;
    private final long[] offsets;          // (parts + 1) element offsets
    private final MemorySegment segment;

    private FusedBuffer(Datatype type, long[] offsets) {
        this.type = type;
        this.offsets = offsets;
        this.segment = Arena.ofAuto().allocate(offsets[offsets.length - 1] * type.bytes, 8);
    }

    /** A buffer of parts with these element counts, zero-filled. */
    public static FusedBuffer of(Datatype type, long... lengths) {
        if (type != Datatype.FLOAT64 && type != Datatype.FLOAT32) throw new IllegalArgumentException("FusedBuffer holds FLOAT64 or FLOAT32, not " + type);
        long[] off = new long[lengths.length + 1];
        for (int i = 0; i < lengths.length; i++) {
            if (lengths[i] < 0) throw new IllegalArgumentException("FusedBuffer: part " + i + " has negative length " + lengths[i]);
            off[i + 1] = off[i] + lengths[i];
        }
        return new FusedBuffer(type, off);
    }

    public Datatype type() { return type; }
    public int parts() { return offsets.length - 1; }
    public long length(int part) { return offsets[check(part) + 1] - offsets[part]; }
    /** Elements in all parts. */
    public long length() { return offsets[offsets.length - 1]; }
    /** The whole buffer (what a collective takes). */
    public MemorySegment segment() { return segment; }
    /** One part, a view into the buffer (writes go straight into it). */
    public MemorySegment part(int part) { return segment.asSlice(offsets[check(part)] * type.bytes, length(part) * type.bytes); }

    /** Part ← src (its length must equal the part's). */
    public void put(int part, double[] src) {
        MemorySegment p = part(checkLength(part, src.length));
        if (type == Datatype.FLOAT64) MemorySegment.copy(src, 0, p, ValueLayout.JAVA_DOUBLE, 0, src.length);
        else for (int i = 0; i < src.length; i++) p.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) src[i]);
    }

    public void put(int part, float[] src) {
        MemorySegment p = part(checkLength(part, src.length));
        if (type == Datatype.FLOAT32) MemorySegment.copy(src, 0, p, ValueLayout.JAVA_FLOAT, 0, src.length);
        else for (int i = 0; i < src.length; i++) p.setAtIndex(ValueLayout.JAVA_DOUBLE, i, src[i]);
    }

    /** dst ← part (its length must equal the part's). */
    public void get(int part, double[] dst) {
        MemorySegment p = part(checkLength(part, dst.length));
        if (type == Datatype.FLOAT64) MemorySegment.copy(p, ValueLayout.JAVA_DOUBLE, 0, dst, 0, dst.length);
        else for (int i = 0; i < dst.length; i++) dst[i] = p.getAtIndex(ValueLayout.JAVA_FLOAT, i);
    }

    public void get(int part, float[] dst) {
        MemorySegment p = part(checkLength(part, dst.length));
        if (type == Datatype.FLOAT32) MemorySegment.copy(p, ValueLayout.JAVA_FLOAT, 0, dst, 0, dst.length);
        else for (int i = 0; i < dst.length; i++) dst[i] = (float) p.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
    }

    /** Every part ← its sum over ranks, in one collective call. */
    public void sum(Comm comm, SumOrder order) { comm.sum(segment, type, order); }

    private int check(int part) {
        if (part < 0 || part >= parts()) throw new IndexOutOfBoundsException("FusedBuffer: part " + part + " of " + parts());
        return part;
    }

    private int checkLength(int part, int n) {
        if (n != length(part)) throw new IllegalArgumentException("FusedBuffer: part " + part + " holds " + length(part) + " elements, array has " + n);
        return part;
    }
}
