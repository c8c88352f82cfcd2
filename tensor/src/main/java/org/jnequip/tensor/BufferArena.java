package org.jnequip.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Recycles the storage of the CPU tensors a repeated step makes: the op results of one {@link #run} (forward,
 * backward, everything on the tape) are handed out again (zeroed, unless the op writes every element anyway)
 * to the next run of the same arena, instead of fresh heap arrays. A step of the same shapes then allocates almost nothing: no streaming through a young
 * generation of gigabytes, no garbage collections, the same memory every time (on this project's virtual
 * machines, memory touched for the first time is written at 0.3–1.4 GB/s against 16–24 GB/s for memory
 * already touched: docs/profiling.md §5).
 *
 * <p>What it holds: the results of CPU ops (the CPU backend's outputs) made on the thread inside
 * {@code run}. Not tensors made explicitly ({@code zeros}, {@code full}, {@code fromHost}, {@code constant},
 * {@code Tensor.copy}: optimiser state, averages and caches are made so and stay the caller's), nor arrays
 * made by other threads or outside a run.
 *
 * <p>The contract: <b>a run's op results are valid until the next run of the same arena starts</b> — the
 * contract of a captured step's result ({@link Captured}). A step must copy out (to host
 * arrays, or into tensors it made explicitly) what it keeps longer. Between runs the arena holds at most one
 * run's results: those whose sizes recur (see {@link #heldBytes}); the others are dropped when the run ends.
 *
 * <p>Within a run, storage that nothing will read again can be given back early ({@link #giveBack}; the tape does so
 * for the gradients a backward without createGraph has consumed): the next result of its size in the same run gets it
 * while it is still in cache.
 *
 * <p>Storage is matched by exact length (a tensor's array is exactly its size). Steps of fixed shapes (MD between
 * neighbour-list rebuilds, a benchmark, one structure) reuse everything; steps whose sizes change (training
 * batches with different edge counts) reuse the buffers whose lengths recur (per-atom and per-weight ones) and
 * allocate the rest as before. Device backends pool their own buffers (kernels' BufferPool); an arena affects
 * CPU storage only.
 *
 * <p>Checking a caller: with {@code -Djnequip.arena=poison} every arena fills the buffers of the previous run
 * with NaN when the next run starts and never reuses them, so anything that kept one reads NaN (the test
 * suite runs so). {@code -Djnequip.arena=off} turns recycling off (plain heap arrays).
 *
 * {@snippet :
 * BufferArena arena = new BufferArena();
 * for (int step = 0; step < n; step++) {
 *     double[] f = arena.run(() -> model.predict(in, false, false).forces().value().toDoubleArray());
 * }
 * }
 */
public final class BufferArena {
    /** What an arena does with the previous run's buffers. */
    public enum Mode {
        /** Hands them out again (zeroed for ops that accumulate into their result). */
        REUSE,
        /**
         * Fills them with NaN and drops them: a kept reference reads NaN; the results of ops that say they
         * write every element start as NaN too. For tests.
         */
        POISON,
        /** Allocates from the heap as if there were no arena. */
        OFF;

        /** The mode {@code -Djnequip.arena} selects: reuse (default), poison or off. */
        public static Mode fromSystemProperty() {
            String v = System.getProperty("jnequip.arena", "reuse");
            return switch (v) {
                case "reuse" -> REUSE;
                case "poison" -> POISON;
                case "off" -> OFF;
                default -> throw new IllegalArgumentException("-Djnequip.arena=" + v + ": expected reuse, poison or off");
            };
        }
    }

    private static final ThreadLocal<BufferArena> CURRENT = new ThreadLocal<>();

    private final Mode mode;
    private Map<Long, ArrayDeque<Object>> free = new HashMap<>();    // buffers kept from the previous run, by (length, dtype)
    private final ArrayList<Object> issued = new ArrayList<>();      // this run's buffers, in order
    private final Set<Object> live = java.util.Collections.newSetFromMap(new IdentityHashMap<>());   // this run's buffers not given back
    private final Map<Long, ArrayDeque<Object>> recycled = new HashMap<>();   // this run's buffers given back (giveBack), most recent first
    private HashSet<Long> asked = new HashSet<>(), askedBefore = new HashSet<>();   // keys requested in this run and in the one before
    private Thread owner;                                            // the thread inside run, or null
    private long issuedBytes, reusedBytes, heldBytes;

    /** An arena in the mode {@code -Djnequip.arena} selects (reuse by default). */
    public BufferArena() { this(Mode.fromSystemProperty()); }

    public BufferArena(Mode mode) { this.mode = mode; }

    public Mode mode() { return mode; }

    /**
     * Runs {@code step} with this arena serving the CPU op results made on this thread; the previous run's
     * results are recycled first (and are invalid from here on). Runs of other arenas may nest inside.
     */
    public <T> T run(Supplier<T> step) {
        synchronized (this) {
            if (owner != null) throw new IllegalStateException("BufferArena.run: already running on thread " + owner.getName() + " (an arena serves one step at a time)");
            owner = Thread.currentThread();
        }
        BufferArena outer = CURRENT.get();
        try {
            begin();
            CURRENT.set(this);
            return step.get();
        } finally {
            if (outer == null) CURRENT.remove(); else CURRENT.set(outer);
            end();
            synchronized (this) { owner = null; }
        }
    }

    public void run(Runnable step) { run(() -> { step.run(); return null; }); }

    /** Bytes of storage handed out in the latest run (recycled and new). */
    public long issuedBytes() { return issuedBytes; }

    /** Bytes of the latest run's storage that were recycled rather than allocated. */
    public long reusedBytes() { return reusedBytes; }

    /** Bytes the arena keeps from the latest run for the next one (held between runs). */
    public long heldBytes() { return heldBytes; }

    /** Before a run: poison mode poisons and drops the previous run's buffers (valid until now). */
    private void begin() {
        issuedBytes = reusedBytes = 0;
        live.clear();
        recycled.clear();
        if (mode != Mode.POISON) return;
        for (Object o : issued) if (o instanceof double[] d) Arrays.fill(d, Double.NaN); else Arrays.fill((float[]) o, Float.NaN);
        issued.clear();
    }

    /**
     * After a run: keeps its buffers whose (length, dtype) was also asked for in the run before, a size that
     * recurs from step to step, for the next run; drops the rest and whatever the run left unused. A step of fixed
     * shapes is thus served from its third run on, while the edge-sized buffers of training batches whose edge
     * counts differ die young instead of being carried into the next step (and into the old generation).
     */
    private void end() {
        live.clear();
        recycled.clear();
        if (mode == Mode.POISON) { heldBytes = issuedBytes; return; }   // held until the next run poisons them
        Map<Long, ArrayDeque<Object>> next = new HashMap<>();
        long held = 0;
        for (Object o : issued) {
            long k = key(o);
            if (!askedBefore.contains(k)) continue;
            next.computeIfAbsent(k, x -> new ArrayDeque<>()).add(o);
            held += bytes(k);
        }
        issued.clear();
        free = next;
        heldBytes = held;
        HashSet<Long> t = askedBefore;
        askedBefore = asked;
        asked = t;
        asked.clear();
    }

    /** (length, dtype) as one number: length·2, plus 1 for float64. */
    private static long key(int n, boolean f64) { return ((long) n << 1) | (f64 ? 1 : 0); }

    private static long key(Object o) { return o instanceof double[] d ? key(d.length, true) : key(((float[]) o).length, false); }

    private static long bytes(long key) { return (key >>> 1) * ((key & 1) == 1 ? 8 : 4); }

    /**
     * Zeroed storage ({@code float[]} or {@code double[]}) for n elements from the arena running on this thread,
     * or null when none is (then the caller allocates). The CPU backend's way to get an op result's storage.
     */
    public static Object take(DType dt, int n) { return take(dt, n, true); }

    /**
     * {@link #take(DType, int)} for an op that writes every element of its result: with {@code zeroed} false,
     * recycled storage keeps the previous run's values (no zeroing pass), and in poison mode it comes filled
     * with NaN, so an element the op fails to write shows.
     */
    public static Object take(DType dt, int n, boolean zeroed) {
        BufferArena a = CURRENT.get();
        return a == null || a.mode == Mode.OFF ? null : a.issue(dt, n, zeroed);
    }

    private Object issue(DType dt, int n, boolean zeroed) {
        boolean f64 = dt == DType.F64;
        long key = key(n, f64), bytes = bytes(key);
        if (mode == Mode.REUSE) asked.add(key);
        ArrayDeque<Object> r = recycled.isEmpty() ? null : recycled.get(key);
        Object back = r == null ? null : r.pollFirst();
        if (back != null) {                                   // given back earlier in this run: already in issued, likely in cache
            if (zeroed) { if (f64) Arrays.fill((double[]) back, 0.0); else Arrays.fill((float[]) back, 0f); }
            live.add(back);
            reusedBytes += bytes;
            issuedBytes += bytes;
            return back;
        }
        ArrayDeque<Object> q = free.get(key);
        Object o = q == null ? null : q.poll();
        if (o == null) {
            o = f64 ? new double[n] : new float[n];
            if (!zeroed && mode == Mode.POISON) { if (f64) Arrays.fill((double[]) o, Double.NaN); else Arrays.fill((float[]) o, Float.NaN); }
        } else {
            if (zeroed) { if (f64) Arrays.fill((double[]) o, 0.0); else Arrays.fill((float[]) o, 0f); }
            reusedBytes += bytes;
        }
        issuedBytes += bytes;
        issued.add(o);
        live.add(o);
        return o;
    }

    /**
     * Gives {@code storage} back to the arena running on this thread before its run ends, when nothing will read it
     * again (a gradient its backward has consumed): the next op result of the same size in this run gets it, while it
     * is still in cache, instead of storage last touched a whole step ago. Only storage this arena handed out in the
     * current run and not given back since is taken; anything else (heap arrays, explicit tensors, another arena's) is
     * ignored. In poison mode it is filled with NaN and not handed out again, so a reader that was wrong to think it
     * dead reads NaN.
     */
    public static void giveBack(Object storage) {
        BufferArena a = CURRENT.get();
        if (a == null || a.mode == Mode.OFF || !a.live.remove(storage)) return;
        if (a.mode == Mode.POISON) {
            if (storage instanceof double[] d) Arrays.fill(d, Double.NaN); else Arrays.fill((float[]) storage, Float.NaN);
            return;
        }
        a.recycled.computeIfAbsent(key(storage), k -> new ArrayDeque<>()).addFirst(storage);
    }

    /** Whether an arena is recycling on this thread (so that {@link #giveBack} may take storage). */
    public static boolean active() {
        BufferArena a = CURRENT.get();
        return a != null && a.mode != Mode.OFF;
    }
}
