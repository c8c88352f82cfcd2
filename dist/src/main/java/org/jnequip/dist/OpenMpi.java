package org.jnequip.dist;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.jnequip.dist.OpenMpiLibrary.IN_PLACE;
import static org.jnequip.dist.OpenMpiLibrary.check;
import static org.jnequip.dist.OpenMpiLibrary.rethrow;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.EnumMap;
import java.util.Map;
import sun.misc.Signal;

/**
 * {@code MPI_COMM_WORLD} of Open MPI. MPI is initialised with {@code MPI_THREAD_SERIALIZED}: any thread may
 * call, one at a time (the collectives here are synchronized); {@link #abort} may come from any thread at any
 * time. Counts above 2³¹−1 elements are split into several calls (reductions, broadcasts) or refused (gathers).
 *
 * <p>Failure: a shutdown hook calls {@code MPI_Abort} when the JVM ends before {@link #finish()} — an
 * exception out of main, {@code System.exit} on an error path — so the other ranks do not wait forever in a
 * collective for a rank that is gone; the launcher then stops every rank and exits non-zero. If
 * {@code MPI_Abort} has not ended the process after {@value #ABORT_GRACE_MS} ms, it halts. A rank ended by
 * SIGTERM, SIGINT or SIGHUP (how mpirun stops the others) exits with 128 + the signal without calling
 * {@code MPI_Abort}, so that the launcher's report names the rank that failed first. (The handlers use
 * {@code sun.misc.Signal}, from the JDK's jdk.unsupported module: Java has no other way to tell a signal
 * from an exit.) A rank that vanishes without its hook (killed, {@code Runtime.halt}) is caught by mpirun
 * itself: it ends the job when a rank exits non-zero or without {@code MPI_Finalize}.
 */
final class OpenMpi implements Comm {
    private static final long MAX_COUNT = Integer.MAX_VALUE;
    private static final long GATHER_SPACE = 64L << 20;        // bytes of R × chunk that sum(RANKS) gathers at a time
    private static final long ABORT_GRACE_MS = 10_000;

    private final OpenMpiLibrary mpi;
    private final MemorySegment world;
    private final int rank, size, threadLevel;
    private final Map<Datatype, MemorySegment> types = new EnumMap<>(Datatype.class);
    private final Map<ReduceOp, MemorySegment> ops = new EnumMap<>(ReduceOp.class);
    private volatile boolean finished;
    private volatile String stopSignal;                          // set when a signal from outside ends the JVM
    private MemorySegment gatherSpace = MemorySegment.NULL;

    private OpenMpi(OpenMpiLibrary mpi, int rank, int size, int threadLevel) {
        this.mpi = mpi;
        this.world = mpi.world;
        this.rank = rank;
        this.size = size;
        this.threadLevel = threadLevel;
        for (Datatype t : Datatype.values()) types.put(t, mpi.symbol(t.openMpiSymbol));
        for (ReduceOp o : ReduceOp.values()) ops.put(o, mpi.symbol(o.openMpiSymbol));
        Runtime.getRuntime().addShutdownHook(new Thread(this::onExit, "jnequip-mpi-exit"));
        for (String name : new String[]{"TERM", "INT", "HUP"}) {
            try {
                Signal.handle(new Signal(name), this::stopped);
            } catch (IllegalArgumentException reserved) {
                // the JVM keeps this signal (e.g. under -Xrs): it then ends the JVM through the hook, with MPI_Abort
            }
        }
    }

    /** Loads libmpi ({@code libPath}, or found by name) and initialises MPI; refuses a second initialisation. */
    static OpenMpi init(String libPath) {
        OpenMpiLibrary mpi = OpenMpiLibrary.load(libPath);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            check("MPI_Initialized", (int) mpi.initialized.invokeExact(v));
            if (v.get(JAVA_INT, 0) != 0) throw new IllegalStateException("MPI is already initialised in this process: call Comm.world() once and pass it on");
            check("MPI_Init_thread", (int) mpi.initThread.invokeExact(MemorySegment.NULL, MemorySegment.NULL, OpenMpiLibrary.THREAD_SERIALIZED, v));
            int level = v.get(JAVA_INT, 0);
            check("MPI_Comm_rank", (int) mpi.commRank.invokeExact(mpi.world, v));
            int r = v.get(JAVA_INT, 0);
            check("MPI_Comm_size", (int) mpi.commSize.invokeExact(mpi.world, v));
            return new OpenMpi(mpi, r, v.get(JAVA_INT, 0), level);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override public int rank() { return rank; }
    @Override public int size() { return size; }

    @Override
    public String describe() {
        return mpi.version() + ", " + size + " ranks" + (threadLevel < OpenMpiLibrary.THREAD_SERIALIZED ? " (thread level " + threadLevel + ")" : "");
    }

    @Override
    public synchronized void barrier() {
        live();
        try {
            check("MPI_Barrier", (int) mpi.barrier.invokeExact(world));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public synchronized void allreduce(MemorySegment buf, Datatype type, ReduceOp op) {
        long n = Collectives.checkReducible(buf, type, op, "allreduce");
        live();
        try {
            for (long off = 0; off < n; off += MAX_COUNT) {
                int c = (int) Math.min(MAX_COUNT, n - off);
                MemorySegment part = buf.asSlice(off * type.bytes, (long) c * type.bytes);
                check("MPI_Allreduce", (int) mpi.allreduce.invokeExact(IN_PLACE, part, c, types.get(type), ops.get(op), world));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public synchronized void sum(MemorySegment buf, Datatype type, SumOrder order) {
        long n = Collectives.checkReducible(buf, type, ReduceOp.SUM, "sum");
        if (order == SumOrder.MPI || type == Datatype.INT64 || size == 1) {      // integer sums are exact in any order
            allreduce(buf, type, ReduceOp.SUM);
            return;
        }
        long chunk = Math.clamp(GATHER_SPACE / ((long) size * type.bytes), 1, MAX_COUNT);
        long need = Math.min(chunk, n) * size * type.bytes;
        if (gatherSpace.byteSize() < need) gatherSpace = Arena.ofAuto().allocate(need, 8);
        for (long off = 0; off < n; off += chunk) {
            long c = Math.min(chunk, n - off);
            MemorySegment part = buf.asSlice(off * type.bytes, c * type.bytes), all = gatherSpace.asSlice(0, c * size * type.bytes);
            allgather(part, all, type);
            Collectives.sumInRankOrder(all, size, c, type, part);
        }
    }

    @Override
    public synchronized void broadcast(MemorySegment buf, Datatype type, int root) {
        long n = type.count(buf, "broadcast");
        Collectives.checkRoot(root, size);
        live();
        try {
            for (long off = 0; off < n; off += MAX_COUNT) {
                int c = (int) Math.min(MAX_COUNT, n - off);
                check("MPI_Bcast", (int) mpi.bcast.invokeExact(buf.asSlice(off * type.bytes, (long) c * type.bytes), c, types.get(type), root, world));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public synchronized void allgather(MemorySegment send, MemorySegment recv, Datatype type) {
        int n = intCount(Collectives.checkGather(send, recv, type, size), "allgather");
        live();
        try {
            MemorySegment t = types.get(type);
            check("MPI_Allgather", (int) mpi.allgather.invokeExact(send, n, t, recv, n, t, world));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public synchronized MemorySegment gather(MemorySegment send, Datatype type, int root, Arena arena) {
        int n = intCount(type.count(send, "gather"), "gather");
        Collectives.checkRoot(root, size);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment mine = a.allocate(JAVA_LONG), all = a.allocate(JAVA_LONG, size);
            mine.set(JAVA_LONG, 0, n);
            allgather(mine, all, Datatype.INT64);
            MemorySegment counts = a.allocate(JAVA_INT, size), displs = a.allocate(JAVA_INT, size);
            long total = 0;
            for (int r = 0; r < size; r++) {
                counts.setAtIndex(JAVA_INT, r, (int) all.getAtIndex(JAVA_LONG, r));
                displs.setAtIndex(JAVA_INT, r, intCount(total, "gather"));
                total += all.getAtIndex(JAVA_LONG, r);
            }
            intCount(total, "gather");
            if (rank != root) counts = displs = MemorySegment.NULL;       // significant at the root only
            MemorySegment out = rank == root ? arena.allocate(total * type.bytes, 8) : arena.allocate(0);
            MemorySegment recv = rank == root ? out : MemorySegment.NULL, t = types.get(type);
            check("MPI_Gatherv", (int) mpi.gatherv.invokeExact(send, n, t, recv, counts, displs, t, root, world));
            return out;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void abort(int status, String message) {
        System.err.println("error: rank " + rank + " of " + size + ": " + message);
        abortNow(status);
    }

    @Override
    public synchronized void finish() {
        if (finished) return;
        try {
            check("MPI_Finalize", (int) mpi.finalize.invokeExact());
        } catch (Throwable t) {
            throw rethrow(t);
        }
        finished = true;
    }

    /** A signal from outside (the launcher stopping the job, Ctrl-C): exit as the JVM would, without MPI_Abort. */
    private void stopped(Signal s) {
        stopSignal = "SIG" + s.getName();
        System.exit(128 + s.getNumber());
    }

    private void onExit() {
        if (finished) return;
        if (stopSignal != null) {
            System.err.println("rank " + rank + " of " + size + ": stopped by " + stopSignal + " (the launcher is ending the job, or it was interrupted)");
            return;
        }
        System.err.println("error: rank " + rank + " of " + size + " is ending before the run finished (an error on this rank); aborting all ranks");
        abortNow(1);
    }

    private void abortNow(int status) {
        System.err.flush();
        System.out.flush();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(ABORT_GRACE_MS);
            } catch (InterruptedException ignored) {
                // halting anyway
            }
            Runtime.getRuntime().halt(status);
        });
        try {
            int ignoredCode = (int) mpi.abort.invokeExact(world, status);
        } catch (Throwable ignored) {
            // MPI_Abort does not return; if it does, halt below
        }
        Runtime.getRuntime().halt(status);
    }

    private void live() {
        if (finished) throw new IllegalStateException("MPI has been finished (Comm.finish); no collective may follow");
    }

    private static int intCount(long n, String what) {
        if (n > MAX_COUNT) throw new IllegalArgumentException(what + ": " + n + " elements exceed MPI's count limit of 2^31-1 in one call");
        return (int) n;
    }
}
