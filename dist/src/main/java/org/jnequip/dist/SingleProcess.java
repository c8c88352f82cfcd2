package org.jnequip.dist;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The world of a process started without an MPI launcher: rank 0 of 1. Reductions and broadcasts leave the
 * buffer as it is (the sum over one rank is its own part), gathers copy; arguments are checked as the MPI
 * world checks them, so a caller's mistake shows without MPI too.
 */
final class SingleProcess implements Comm {
    @Override public int rank() { return 0; }
    @Override public int size() { return 1; }
    @Override public String describe() { return "single process (no MPI launcher)"; }
    @Override public void barrier() {}

    @Override
    public void allreduce(MemorySegment buf, Datatype type, ReduceOp op) { Collectives.checkReducible(buf, type, op, "allreduce"); }

    @Override
    public void sum(MemorySegment buf, Datatype type, SumOrder order) { Collectives.checkReducible(buf, type, ReduceOp.SUM, "sum"); }

    @Override
    public void broadcast(MemorySegment buf, Datatype type, int root) {
        type.count(buf, "broadcast");
        Collectives.checkRoot(root, 1);
    }

    @Override
    public void allgather(MemorySegment send, MemorySegment recv, Datatype type) {
        Collectives.checkGather(send, recv, type, 1);
        recv.copyFrom(send);
    }

    @Override
    public MemorySegment gather(MemorySegment send, Datatype type, int root, Arena arena) {
        type.count(send, "gather");
        Collectives.checkRoot(root, 1);
        return arena.allocate(send.byteSize(), type.bytes).copyFrom(send);
    }

    @Override
    public void abort(int status, String message) {
        System.err.println("error: " + message);
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    @Override public void finish() {}
}
