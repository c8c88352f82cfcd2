package org.jnequip.tensor.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Data-parallel loops for the CPU backend. Work is split into contiguous chunks; every output element is
 * written by exactly one task, so results do not depend on the thread count.
 * Threads: system property {@code jnequip.threads} (default: available processors).
 *
 * <p>A model step issues thousands of short loops (tens of microseconds each), so the hand-off costs more
 * than the scheduling policy: the calling thread publishes a job and works on it itself, THREADS − 1 daemon
 * workers claim chunks from a shared counter, and a worker that finds nothing to do spins for
 * {@code jnequip.spinMicros} (default 50) before it parks. (A fork/join pool that parks its workers and blocks
 * the caller measured slower with two threads than with one on the aspirin benchmark.) One job runs at a
 * time: a loop started while another is running — nested, or from a second thread — runs serially.
 */
public final class Parallel {
    private Parallel() {}

    public static final int THREADS = Math.max(1, Integer.getInteger("jnequip.threads", Runtime.getRuntime().availableProcessors()));
    private static final long SPIN_NS = 1_000L * Integer.getInteger("jnequip.spinMicros", 50);
    private static final int CHUNKS_PER_THREAD = Integer.getInteger("jnequip.chunks", 16);

    /** Bound by {@link #serially}: every loop in that scope runs on the calling thread. */
    private static final ScopedValue<Boolean> SERIAL = ScopedValue.newInstance();

    /** f with every loop it starts on this thread run serially (tests compare with the parallel results). */
    static <T> T serially(Supplier<T> f) { return ScopedValue.where(SERIAL, Boolean.TRUE).call(f::get); }

    @FunctionalInterface
    public interface RangeBody { void run(int lo, int hi); }

    /** One parallel loop: chunk c covers [n·c/chunks, n·(c+1)/chunks). */
    private static final class Job {
        final RangeBody body;
        final int n, chunks;
        final AtomicInteger next = new AtomicInteger(), done = new AtomicInteger();
        volatile Throwable error;

        Job(RangeBody body, int n, int chunks) { this.body = body; this.n = n; this.chunks = chunks; }

        /** Claims and runs chunks until none is left. */
        void work() {
            for (int c; (c = next.getAndIncrement()) < chunks; ) {
                try {
                    if (error == null) {
                        int lo = (int) ((long) n * c / chunks), hi = (int) ((long) n * (c + 1) / chunks);
                        if (hi > lo) body.run(lo, hi);
                    }
                } catch (Throwable t) {
                    if (error == null) error = t;
                } finally {
                    done.incrementAndGet();
                }
            }
        }
    }

    private static final AtomicBoolean BUSY = new AtomicBoolean();
    private static volatile Job current;
    private static final Worker[] WORKERS = new Worker[THREADS - 1];
    static {
        for (int i = 0; i < WORKERS.length; i++) (WORKERS[i] = new Worker(i)).start();
    }

    /**
     * Runs body over [0, n) in chunks. {@code costPerItem} is a rough count of operations per item used to
     * stay serial for small work.
     */
    public static void forRange(int n, long costPerItem, RangeBody body) {
        long work = (long) n * Math.max(1, costPerItem);
        if (THREADS == 1 || n < 2 || work < 32_768 || Thread.currentThread() instanceof Worker
                || SERIAL.isBound() || !BUSY.compareAndSet(false, true)) {
            body.run(0, n);
            return;
        }
        try {
            int chunks = (int) Math.min(n, Math.min(THREADS * (long) CHUNKS_PER_THREAD, Math.max(2, work / 8_192)));
            Job job = new Job(body, n, chunks);
            current = job;
            for (Worker w : WORKERS) if (w.parked) LockSupport.unpark(w);
            job.work();
            while (job.done.get() < chunks) Thread.onSpinWait();
            current = null;
            Throwable t = job.error;
            if (t instanceof RuntimeException r) throw r;
            if (t instanceof Error e) throw e;
            if (t != null) throw new RuntimeException(t);
        } finally {
            BUSY.set(false);
        }
    }

    private static final class Worker extends Thread {
        volatile boolean parked;

        Worker(int i) {
            super("jnequip-cpu-" + (i + 1));
            setDaemon(true);
        }

        @Override
        public void run() {
            Job last = null;
            while (true) {
                Job job = current;
                if (job != null && job != last) {
                    job.work();
                    last = job;
                    continue;
                }
                long idleSince = System.nanoTime();
                while ((job = current) == null || job == last) {
                    if (System.nanoTime() - idleSince < SPIN_NS) { Thread.onSpinWait(); continue; }
                    parked = true;
                    job = current;
                    if (job == null || job == last) LockSupport.park(this);
                    parked = false;
                    idleSince = System.nanoTime();
                }
            }
        }
    }
}
