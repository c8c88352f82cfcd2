package org.jnequip.autograd;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jnequip.tensor.Tensor;

/**
 * An op-level profile of the calling thread: wall time, FLOPs, bytes moved and bytes allocated per recorded op,
 * keyed by op kind, phase (forward, or run inside a {@link Tape} backward) and scope (a label the model sets,
 * e.g. "interaction 2"; ops of a backward rule take the scope of the node being differentiated).
 * {@snippet :
 * OpProfile p = OpProfile.begin();
 * try { model.predict(in, false, false); } finally { p.end(); }
 * for (OpProfile.Row r : p.rows()) ...
 * }
 * <p>Off (the default) every op pays one static field load and a null test in {@link #start()}; nothing is
 * recorded and results are the same bit for bit, as they are when on (the profiler only reads clocks).
 * <p>Times are self times: an op's time excludes the ops it runs itself (a backward rule's own ops are rows of
 * their own, the rule keeps only its glue, as kind {@code "<op>.backward"}). The profiler's own bookkeeping is
 * timed and kept apart ({@link #bookkeepingNs}), and so are garbage-collection pauses that strike inside an op
 * ({@link #gcInOpsNs}): Σ rows + bookkeeping + collections + unattributed = wall exactly.
 * Allocations are the calling thread's ({@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes});
 * what pool threads allocate is not attributed to ops, only summed over the whole profile ({@link #otherThreadsAllocated}).
 * FLOPs are the model's (multiply-add = 2; matmul 2·|out|·K, tensor products {@link org.jnequip.tensor.TpPlan#flops});
 * other ops have none (NaN). Bytes moved = the bytes of the op's input and output tensors.
 */
public final class OpProfile {
    /** The profile running on {@link #owner}, or null (the one branch every op pays when profiling is off). */
    private static OpProfile active;

    public enum Phase { FORWARD, BACKWARD }

    /** One (kind, phase, scope) cell: calls, self time, FLOPs (NaN: none), bytes moved, bytes allocated. */
    public record Row(String kind, Phase phase, String scope, long calls, long nanos, double flops, long bytes, long allocated) {}

    private static final class Cell {
        long calls, nanos, bytes, allocated;
        double flops;
    }

    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int MAX_DEPTH = 256;
    private static final java.lang.management.GarbageCollectorMXBean[] COLLECTORS =
            ManagementFactory.getGarbageCollectorMXBeans().toArray(new java.lang.management.GarbageCollectorMXBean[0]);

    private final Thread owner = Thread.currentThread();
    private final boolean byShape;                           // kinds keyed with their operands' and results' shapes
    private final Map<String, Cell>[] cells;                 // by phase·scopes + scope index → kind → cell
    private final List<String> scopes = new ArrayList<>();
    private final long[] s0 = new long[MAX_DEPTH], t0 = new long[MAX_DEPTH], a0 = new long[MAX_DEPTH], childNs = new long[MAX_DEPTH], childAlloc = new long[MAX_DEPTH],
            gc0 = new long[MAX_DEPTH], childGc = new long[MAX_DEPTH];
    private long gcInOps;
    private int depth;
    private int scope;
    private Phase phase = Phase.FORWARD;
    private long beginNs, endNs = -1, bookkeeping, tapeBytes, otherAlloc0, otherAlloc, gcMs0, gcCount0, gcMs, gcCount, ownAlloc0, ownAlloc;
    private final boolean allocSupported;

    @SuppressWarnings("unchecked")
    private OpProfile(boolean byShape) {
        this.byShape = byShape;
        cells = new Map[2 * 64];
        allocSupported = THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled();
        scopes.add("other");
    }

    /** Starts profiling the calling thread; at most one profile at a time in the process. */
    public static OpProfile begin() { return begin(false); }

    /**
     * As {@link #begin()}; with {@code byShape} every op kind is split by the shapes of its operands and results,
     * e.g. {@code "matmul [222,64][64,1920]->[222,1920]"} (which product of a layer is slow, not only that matmuls are).
     */
    public static synchronized OpProfile begin(boolean byShape) {
        if (active != null) throw new IllegalStateException("OpProfile.begin: a profile is already running on " + active.owner.getName());
        OpProfile p = new OpProfile(byShape);
        p.otherAlloc0 = p.otherThreadsAllocatedNow();
        long[] gc = gcNow();
        p.gcCount0 = gc[0];
        p.gcMs0 = gc[1];
        p.ownAlloc0 = p.allocSupported ? THREADS.getThreadAllocatedBytes(p.owner.threadId()) : 0;
        active = p;
        p.beginNs = System.nanoTime();
        return p;
    }

    /** Stops the profile (idempotent); returns this. */
    public synchronized OpProfile end() {
        if (endNs >= 0) return this;
        endNs = System.nanoTime();
        synchronized (OpProfile.class) { if (active == this) active = null; }
        otherAlloc = otherThreadsAllocatedNow() - otherAlloc0;
        ownAlloc = allocSupported ? THREADS.getThreadAllocatedBytes(owner.threadId()) - ownAlloc0 : 0;
        long[] gc = gcNow();
        gcCount = gc[0] - gcCount0;
        gcMs = gc[1] - gcMs0;
        return this;
    }

    /** {collections, milliseconds} of every collector so far. */
    private static long[] gcNow() {
        long n = 0, ms = 0;
        for (var gc : COLLECTORS) {
            n += Math.max(0, gc.getCollectionCount());
            ms += Math.max(0, gc.getCollectionTime());
        }
        return new long[]{n, ms};
    }

    /** Accumulated collection time of every collector, in ns (the beans count whole ms). */
    private static long gcNs() {
        long ms = 0;
        for (var gc : COLLECTORS) ms += Math.max(0, gc.getCollectionTime());
        return ms * 1_000_000L;
    }

    private long otherThreadsAllocatedNow() {
        if (!allocSupported) return 0;
        long self = owner.threadId(), sum = 0;
        long[] ids = THREADS.getAllThreadIds();
        long[] b = THREADS.getThreadAllocatedBytes(ids);
        for (int i = 0; i < ids.length; i++) if (ids[i] != self && b[i] > 0) sum += b[i];
        return sum;
    }

    private static OpProfile here() {
        OpProfile p = active;
        return p != null && p.owner == Thread.currentThread() && p.endNs < 0 ? p : null;
    }

    /** Whether the calling thread is being profiled. */
    public static boolean on() { return active != null && here() != null; }

    // ---------------------------------------------------------------- op timers
    /** Opens an op's timer: a token for {@link #stop}, 0 when this thread is not profiled. */
    public static int start() {
        if (active == null) return 0;
        OpProfile p = here();
        return p == null ? 0 : p.push();
    }

    private int push() {
        if (depth + 1 >= MAX_DEPTH) return 0;
        long s = System.nanoTime();
        int d = ++depth;
        s0[d] = s;
        a0[d] = allocSupported ? THREADS.getCurrentThreadAllocatedBytes() : 0;
        childNs[d] = 0;
        childAlloc[d] = 0;
        gc0[d] = gcNs();
        childGc[d] = 0;
        long t = System.nanoTime();
        t0[d] = t;
        bookkeeping += t - s;
        return d;
    }

    /** Closes the timer {@code token} of one op with output {@code out} and operands {@code ins} (FLOPs NaN: none). */
    public static void stop(int token, String kind, double flops, Tensor out, Var[] ins) {
        if (token == 0) return;
        long t1 = System.nanoTime();
        OpProfile p = here();
        if (p != null) p.pop(token, t1, p.byShape ? kind + shapes(ins, out) : kind, flops, bytes(out) + bytes(ins), null);
    }

    /**
     * For an op with several outputs (a split, FLOPs NaN; a fused contraction with two results);
     * {@code onTape}: the outputs are activations on the tape.
     */
    public static void stop(int token, String kind, double flops, Tensor[] outs, Var[] ins, boolean onTape) {
        if (token == 0) return;
        long t1 = System.nanoTime();
        OpProfile p = here();
        if (p == null) return;
        long b = bytes(ins);
        for (Tensor t : outs) b += bytes(t);
        p.pop(token, t1, p.byShape ? kind + shapes(ins, outs) : kind, flops, b, null);
        if (onTape) for (Tensor t : outs) if (!sharesStorage(t, ins)) p.tapeBytes += bytes(t);
    }

    /** Called by {@link Var#record} when the op put a node on the tape: its output is an activation the tape holds. */
    static void stopRecorded(int token, String kind, double flops, Tensor out, Var[] ins, boolean onTape) {
        if (token == 0) return;
        long t1 = System.nanoTime();
        OpProfile p = here();
        if (p != null) p.pop(token, t1, p.byShape ? kind + shapes(ins, out) : kind, flops, bytes(out) + bytes(ins), onTape && !sharesStorage(out, ins) ? out : null);
    }

    /** Whether out is a view of an input's storage (a reshape): no new activation. No references are kept. */
    private static boolean sharesStorage(Tensor out, Var[] ins) {
        for (Var v : ins) if (v != null && v.value().data() == out.data()) return true;
        return false;
    }

    private void pop(int token, long t1, String kind, double flops, long bytes, Tensor saved) {
        if (token != depth) depth = Math.max(0, Math.min(depth, token));   // an op that threw left frames behind
        int d = depth;
        long a1 = allocSupported ? THREADS.getCurrentThreadAllocatedBytes() : 0;
        long self = t1 - t0[d] - childNs[d], selfAlloc = a1 - a0[d] - childAlloc[d];
        long gcTotal = gcNs() - gc0[d], gc = Math.max(0, Math.min(self, gcTotal - childGc[d]));   // a collection that struck this op
        self -= gc;
        gcInOps += gc;
        Cell c = cell(kind);
        c.calls++;
        c.nanos += self;
        c.bytes += bytes;
        c.allocated += selfAlloc;
        c.flops = c.calls == 1 ? flops : c.flops + flops;
        if (saved != null) tapeBytes += bytes(saved);
        depth = d - 1;
        long a2 = allocSupported ? THREADS.getCurrentThreadAllocatedBytes() : 0;
        long t2 = System.nanoTime();
        bookkeeping += t2 - t1;
        if (depth > 0) {
            childNs[depth] += t2 - s0[d];                      // the child with its bookkeeping, counted apart
            childAlloc[depth] += a2 - a0[d];
            childGc[depth] += gcTotal;
        }
    }

    private Cell cell(String kind) {
        int idx = (phase == Phase.FORWARD ? 0 : 64) + scope;
        Map<String, Cell> m = cells[idx];
        if (m == null) cells[idx] = m = new HashMap<>();
        Cell c = m.get(kind);
        if (c == null) m.put(kind, c = new Cell());
        return c;
    }

    /** " [a,b][c,d]->[e,f]": the operands' shapes, then the results' (a backward rule's own glue has none). */
    private static String shapes(Var[] ins, Tensor... outs) {
        StringBuilder b = new StringBuilder(" ");
        if (ins != null) for (Var v : ins) if (v != null) shape(b, v.value());
        if (outs == null || outs.length == 0 || outs[0] == null) return b.length() == 1 ? "" : b.toString();
        b.append("->");
        for (Tensor t : outs) if (t != null) shape(b, t);
        return b.toString();
    }

    private static void shape(StringBuilder b, Tensor t) {
        int[] s = t.shape();
        b.append('[');
        for (int i = 0; i < s.length; i++) b.append(i == 0 ? "" : ",").append(s[i]);
        b.append(']');
    }

    private static long bytes(Tensor t) { return t == null ? 0 : (long) t.numel() * t.dtype().bytes(); }

    private static long bytes(Var[] ins) {
        long b = 0;
        if (ins != null) for (Var v : ins) if (v != null) b += bytes(v.value());
        return b;
    }

    // ---------------------------------------------------------------- scopes and phases
    /** Sets the calling thread's scope label (when profiled); returns the previous one (null when not profiled). */
    public static String scope(String label) {
        if (active == null) return null;
        OpProfile p = here();
        if (p == null) return null;
        String prev = p.scopes.get(p.scope);
        p.scope = p.scopeIndex(label);
        return prev;
    }

    private int scopeIndex(String label) {
        int i = scopes.indexOf(label);
        if (i >= 0) return i;
        if (scopes.size() >= 64) return 0;
        scopes.add(label);
        return scopes.size() - 1;
    }

    /** The current scope's index, for a node to remember (-1 when not profiled). */
    static int currentScope() {
        OpProfile p = active == null ? null : here();
        return p == null ? -1 : p.scope;
    }

    /** Sets the scope by index (a node's, while its backward rule runs); no-op for -1 or when not profiled. */
    static void scopeIndex(int idx) {
        OpProfile p = idx < 0 || active == null ? null : here();
        if (p != null) p.scope = idx;
    }

    /** Enters or leaves a backward pass; returns the previous phase (null when not profiled). */
    static Phase phase(Phase ph) {
        OpProfile p = active == null ? null : here();
        if (p == null) return null;
        Phase prev = p.phase;
        p.phase = ph;
        return prev;
    }

    // ---------------------------------------------------------------- results
    /** Every (kind, phase, scope) cell with at least one call. */
    public List<Row> rows() {
        List<Row> out = new ArrayList<>();
        for (int idx = 0; idx < cells.length; idx++) {
            if (cells[idx] == null) continue;
            Phase ph = idx < 64 ? Phase.FORWARD : Phase.BACKWARD;
            String sc = scopes.get(idx % 64);
            cells[idx].forEach((k, c) -> out.add(new Row(k, ph, sc, c.calls, c.nanos, c.flops, c.bytes, c.allocated)));
        }
        return out;
    }

    /** Wall time from {@link #begin} to {@link #end}. */
    public long wallNs() { return (endNs < 0 ? System.nanoTime() : endNs) - beginNs; }

    /** Time the profiler spent on its own bookkeeping (clock and allocation-counter reads, table updates). */
    public long bookkeepingNs() { return bookkeeping; }

    /**
     * Collection pauses that struck inside ops, taken out of those ops' times (GarbageCollectorMXBean's time, whole
     * ms, read as each op starts and ends; at most the op's own time).
     */
    public long gcInOpsNs() { return gcInOps; }

    /** Wall − Σ rows − bookkeeping − collections in ops: time in no op (tape traversal, glue code, waiting). */
    public long unattributedNs() {
        long s = 0;
        for (Row r : rows()) s += r.nanos();
        return wallNs() - s - bookkeeping - gcInOps;
    }

    /** Bytes of the outputs that recorded ops left on the tape, views of an input's storage (reshapes) excepted: the activations a backward keeps. */
    public long tapeBytes() { return tapeBytes; }

    /** Bytes the profiled thread allocated between begin and end, in ops and outside them (the profiler's tables included). */
    public long ownAllocated() { return ownAlloc; }

    /** Bytes that threads other than the profiled one allocated between begin and end (the CPU pool's). */
    public long otherThreadsAllocated() { return otherAlloc; }

    /**
     * Garbage collections between begin and end and their accumulated time in ms (GarbageCollectorMXBean). A pause
     * is inside the time of whichever op (or unattributed stretch) it struck.
     */
    public long gcCount() { return gcCount; }

    public long gcMillis() { return gcMs; }

    /** Whether allocation counts are available on this JVM (else the allocated columns are 0). */
    public boolean allocationsCounted() { return allocSupported; }
}
