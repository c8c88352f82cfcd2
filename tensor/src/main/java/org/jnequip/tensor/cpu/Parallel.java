package org.jnequip.tensor.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Data-parallel loops for the CPU backend. Work is split into contiguous chunks; every output element is
 * written by exactly one task, so results do not depend on the thread count.
 * Threads: system property {@code jnequip.threads} (default: available processors).
 */
public final class Parallel {
    private Parallel() {}

    public static final int THREADS = Integer.getInteger("jnequip.threads", Runtime.getRuntime().availableProcessors());
    private static final ForkJoinPool POOL = THREADS > 1 ? new ForkJoinPool(THREADS) : null;

    /** Tests set this to run every loop on the calling thread and compare with the parallel results. */
    static volatile boolean forceSerial = false;

    @FunctionalInterface
    public interface RangeBody { void run(int lo, int hi); }

    /**
     * Runs body over [0, n) in chunks. {@code costPerItem} is a rough count of operations per item used to
     * stay serial for small work (fork overhead is a few microseconds).
     */
    public static void forRange(int n, long costPerItem, RangeBody body) {
        long work = (long) n * Math.max(1, costPerItem);
        if (POOL == null || forceSerial || n < 2 || work < 32_768 || inPool()) {
            body.run(0, n);
            return;
        }
        int chunks = (int) Math.min(n, Math.min(THREADS * 4L, Math.max(2, work / 16_384)));
        POOL.invoke(new Chunk(body, n, chunks, 0, chunks));
    }

    private static boolean inPool() { return Thread.currentThread() instanceof java.util.concurrent.ForkJoinWorkerThread w && w.getPool() == POOL; }

    private static final class Chunk extends RecursiveAction {
        final RangeBody body; final int n, chunks, c0, c1;

        Chunk(RangeBody body, int n, int chunks, int c0, int c1) { this.body = body; this.n = n; this.chunks = chunks; this.c0 = c0; this.c1 = c1; }

        @Override
        protected void compute() {
            if (c1 - c0 == 1) {
                int lo = (int) ((long) n * c0 / chunks), hi = (int) ((long) n * c1 / chunks);
                if (hi > lo) body.run(lo, hi);
                return;
            }
            int mid = (c0 + c1) >>> 1;
            invokeAll(new Chunk(body, n, chunks, c0, mid), new Chunk(body, n, chunks, mid, c1));
        }
    }
}
