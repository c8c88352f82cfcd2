package org.jnequip.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Recycles the storage of the CPU tensors a repeated step makes: the op results of one {@link #run} (forward,
 * backward, everything on the tape) are handed out again (zeroed, unless the op writes every element anyway)
 * to the next run of the same arena, instead
 * of fresh heap arrays. A step of the same shapes then allocates almost nothing: no streaming through a young
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
 * arrays, or into tensors it made explicitly) what it keeps longer. The memory held between runs is one
 * run's results; buffers of lengths the latest run did not ask for are dropped.
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
    private Map<Long, ArrayDeque<Object>> free = new HashMap<>();    // the previous run's buffers by (length, dtype)
    private final ArrayList<Object> issued = new ArrayList<>();      // this run's buffers, in order
    private Thread owner;                                            // the thread inside run, or null
    private long issuedBytes, reusedBytes;

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
            recycle();
            CURRENT.set(this);
            return step.get();
        } finally {
            if (outer == null) CURRENT.remove(); else CURRENT.set(outer);
            synchronized (this) { owner = null; }
        }
    }

    public void run(Runnable step) { run(() -> { step.run(); return null; }); }

    /** Bytes of storage handed out in the latest run (recycled and new). */
    public long issuedBytes() { return issuedBytes; }

    /** Bytes of the latest run's storage that were recycled rather than allocated. */
    public long reusedBytes() { return reusedBytes; }

    private void recycle() {
        issuedBytes = reusedBytes = 0;
        if (mode == Mode.POISON) {
            for (Object o : issued) if (o instanceof double[] d) Arrays.fill(d, Double.NaN); else Arrays.fill((float[]) o, Float.NaN);
            issued.clear();
            return;
        }
        Map<Long, ArrayDeque<Object>> next = new HashMap<>();
        for (Object o : issued) next.computeIfAbsent(key(o), k -> new ArrayDeque<>()).add(o);
        issued.clear();
        free = next;                                             // what the previous run did not reuse is dropped
    }

    private static long key(Object o) {
        return o instanceof double[] d ? ((long) d.length << 1) | 1 : (long) ((float[]) o).length << 1;
    }

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
        ArrayDeque<Object> q = free.get(((long) n << 1) | (f64 ? 1 : 0));
        Object o = q == null ? null : q.poll();
        long bytes = (long) n * (f64 ? 8 : 4);
        if (o == null) {
            o = f64 ? new double[n] : new float[n];
            if (!zeroed && mode == Mode.POISON) { if (f64) Arrays.fill((double[]) o, Double.NaN); else Arrays.fill((float[]) o, Float.NaN); }
        } else {
            if (zeroed) { if (f64) Arrays.fill((double[]) o, 0.0); else Arrays.fill((float[]) o, 0f); }
            reusedBytes += bytes;
        }
        issuedBytes += bytes;
        issued.add(o);
        return o;
    }
}
