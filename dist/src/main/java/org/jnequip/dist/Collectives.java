package org.jnequip.dist;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;

/**
 * What every {@link Comm} shares: argument checks, and the sum in rank order behind {@link SumOrder#RANKS}:
 * <pre>
 *   out[i] = ((g[0][i] + g[1][i]) + g[2][i]) + ... + g[R-1][i]      g: R parts of n elements, one after the other
 * </pre>
 * in the buffer's own type (FLOAT32 parts are added in float, as MPI_SUM does). Element i depends only on
 * the R values at i, so the passes may run in any element order without changing a bit.
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

    /** out (n) ← Σ_r g[r] (R × n) in rank order, FLOAT64 or FLOAT32: one pass per rank; out may not overlap g. */
    static void sumInRankOrder(MemorySegment g, int ranks, long n, Datatype type, MemorySegment out) {
        if (type != Datatype.FLOAT64 && type != Datatype.FLOAT32) throw new IllegalArgumentException("sum in rank order is for FLOAT64 and FLOAT32, not " + type);
        long bytes = n * type.bytes;
        out.copyFrom(g.asSlice(0, bytes));
        for (int r = 1; r < ranks; r++) {
            MemorySegment x = g.asSlice(r * bytes, bytes);
            if (type == Datatype.FLOAT64) for (long i = 0; i < n; i++) out.setAtIndex(JAVA_DOUBLE, i, out.getAtIndex(JAVA_DOUBLE, i) + x.getAtIndex(JAVA_DOUBLE, i));
            else for (long i = 0; i < n; i++) out.setAtIndex(JAVA_FLOAT, i, out.getAtIndex(JAVA_FLOAT, i) + x.getAtIndex(JAVA_FLOAT, i));
        }
    }
}
