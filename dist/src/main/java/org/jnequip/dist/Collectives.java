package org.jnequip.dist;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * What every {@link Comm} shares: argument checks, and the sum in rank order behind {@link SumOrder#RANKS}:
 * <pre>
 *   out[i] = ((g[0][i] + g[1][i]) + g[2][i]) + ... + g[R-1][i]      g: R parts of n elements, one after the other
 * </pre>
 * in the buffer's own type (FLOAT32 parts are added in float, as MPI_SUM does).
 */
final class Collectives {
    private Collectives() {}

    static long checkReducible(MemorySegment buf, Datatype type, ReduceOp op, String what) {
        if (type == Datatype.BYTE) throw new IllegalArgumentException(what + ": " + op + " is not defined on BYTE buffers");
        return type.count(buf, what);
    }

    static void checkRoot(int root, int size) {
        if (root < 0 || root >= size) throw new IllegalArgumentException("root " + root + " is not a rank of a world of " + size);
    }

    static long checkGather(MemorySegment send, MemorySegment recv, Datatype type, int size) {
        long n = type.count(send, "allgather send");
        if (type.count(recv, "allgather recv") != n * size)
            throw new IllegalArgumentException("allgather: recv holds " + recv.byteSize() / type.bytes + " elements, needs " + size + " × " + n);
        return n;
    }

    /**
     * out (n) ← Σ_r g[r] (R × n) in rank order, FLOAT64 or FLOAT32; out may not overlap g. A FLOAT32 sum is
     * formed in double and rounded after every addition, which equals float addition exactly (the sum of two
     * floats rounded to double and then to float is the correctly rounded float sum: 53 ≥ 2·24 + 2 bits).
     */
    static void sumInRankOrder(MemorySegment g, int ranks, long n, Datatype type, MemorySegment out) {
        if (type != Datatype.FLOAT64 && type != Datatype.FLOAT32) throw new IllegalArgumentException("sum in rank order is for FLOAT64 and FLOAT32, not " + type);
        boolean f32 = type == Datatype.FLOAT32;
        for (long i = 0; i < n; i++) {
            double s = get(g, i, f32);
            for (int r = 1; r < ranks; r++) {
                s += get(g, r * n + i, f32);
                if (f32) s = (float) s;
            }
            if (f32) out.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) s);
            else out.setAtIndex(ValueLayout.JAVA_DOUBLE, i, s);
        }
    }

    private static double get(MemorySegment m, long i, boolean f32) {
        return f32 ? m.getAtIndex(ValueLayout.JAVA_FLOAT, i) : m.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
    }
}
