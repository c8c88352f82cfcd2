package org.jnequip.dist;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;

/**
 * The processes ("ranks") of a data-parallel run and the collective operations it needs. {@link #world()}
 * returns Open MPI's {@code MPI_COMM_WORLD} when the process was started by an MPI launcher, and otherwise
 * a single-process world of the same interface (rank 0 of 1, every collective a copy or nothing), so callers
 * never branch on MPI.
 *
 * <p>Buffers are off-heap {@link MemorySegment}s; reductions work in place. A collective must be called by
 * every rank, in the same order, with matching sizes. After a successful run call {@link #finish()}; on an
 * error do not (MPI_Finalize waits for the other ranks): exit, and the world aborts every rank, or call
 * {@link #abort} with a message.
 *
 * {@snippet :
 * Comm comm = Comm.world();
 * FusedBuffer g = FusedBuffer.of(Datatype.FLOAT64, 1000, 32, 7);   // three gradients, one buffer
 * g.put(0, grad0); g.put(1, grad1); g.put(2, grad2);
 * g.sum(comm, SumOrder.RANKS);                                      // one call for all three
 * g.get(0, grad0); ...
 * comm.finish();
 * }
 */
public interface Comm {
    /** This process's index, 0 ≤ rank < size. */
    int rank();

    /** Number of processes. */
    int size();

    default boolean isRoot() { return rank() == 0; }

    /** One line: the implementation and its library version. */
    String describe();

    /** Returns when every rank has called it. */
    void barrier();

    /** {@code buf} ← op over ranks of every rank's {@code buf}, element-wise ({@code MPI_Allreduce}, in place). */
    void allreduce(MemorySegment buf, Datatype type, ReduceOp op);

    /** {@code buf} on every rank ← {@code buf} of {@code root}. */
    void broadcast(MemorySegment buf, Datatype type, int root);

    /** {@code recv} (size × send) ← every rank's {@code send}, in rank order, on every rank. */
    void allgather(MemorySegment send, MemorySegment recv, Datatype type);

    /**
     * Every rank's {@code send} (lengths may differ) concatenated in rank order, on {@code root}, allocated from
     * {@code arena}; an empty segment on the other ranks.
     */
    MemorySegment gather(MemorySegment send, Datatype type, int root, Arena arena);

    /**
     * Prints "rank r of N: message" to standard error and ends every rank of the run with {@code status}
     * ({@code MPI_Abort}). Does not return. May be called from any thread.
     */
    void abort(int status, String message);

    /** Ends the run normally ({@code MPI_Finalize}; every rank must call it). No collective may follow. */
    void finish();

    /** In-place sum over ranks, associated as {@code order} says (see {@link SumOrder}). */
    void sum(MemorySegment buf, Datatype type, SumOrder order);

    /**
     * A small on-heap reduction, e.g. of metric sums and counts: SUM in rank order (reproducible), MAX and
     * MIN exact in any order. Returns a new array.
     */
    default double[] reduce(double[] values, ReduceOp op) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment m = a.allocate(8L * values.length, 8);
            MemorySegment.copy(values, 0, m, ValueLayout.JAVA_DOUBLE, 0, values.length);
            if (op == ReduceOp.SUM) sum(m, Datatype.FLOAT64, SumOrder.RANKS);
            else allreduce(m, Datatype.FLOAT64, op);
            return m.toArray(ValueLayout.JAVA_DOUBLE);
        }
    }

    /**
     * Open MPI's world when this process runs under an MPI launcher ({@link #launchedSize()} &gt; 0; libmpi is
     * {@code $JNEQUIP_MPI_LIB} or {@code libmpi.so.40} as the dynamic linker finds it), else the
     * single-process world. Call once per process and pass the result on.
     */
    static Comm world() {
        return launchedSize() > 0 ? OpenMpi.init(System.getenv("JNEQUIP_MPI_LIB")) : single();
    }

    /**
     * The rank count an MPI launcher announced to this process ({@code OMPI_COMM_WORLD_SIZE}, or
     * {@code PMI_SIZE}), 0 without a launcher. Reads the environment only; MPI is not loaded.
     */
    static int launchedSize() { return launchedSize(System.getenv()); }

    /** The same for the environment {@code env}. */
    static int launchedSize(Map<String, String> env) {
        String v = env.getOrDefault("OMPI_COMM_WORLD_SIZE", env.get("PMI_SIZE"));
        if (v == null) return 0;
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("the MPI launcher's rank count '" + v + "' (OMPI_COMM_WORLD_SIZE / PMI_SIZE) is not a number");
        }
    }

    /** The single-process world: rank 0 of 1. */
    static Comm single() { return new SingleProcess(); }
}
