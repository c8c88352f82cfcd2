package org.jnequip.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Supplier;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The CPU backend gives bit-identical results with its thread pool on and off (each output owned by one task). */
class ParallelDeterminismTest {

    static double[] serialAndParallel(Supplier<Tensor> f, String what) {
        double[] serial = Parallel.serially(() -> f.get().toDoubleArray());
        double[] parallel = f.get().toDoubleArray();
        assertArrayEquals(serial, parallel, what + ": serial and parallel results differ");
        return serial;
    }

    @Test
    void seriallyKeepsEveryChunkOnTheCallingThread() {
        Set<Thread> ran = ConcurrentHashMap.newKeySet();
        int chunks = Parallel.serially(() -> {
            int[] calls = {0};
            Parallel.forRange(100_000, 1000, (lo, hi) -> { ran.add(Thread.currentThread()); calls[0]++; });
            return calls[0];
        });
        assertEquals(Set.of(Thread.currentThread()), ran);
        assertEquals(1, chunks, "a serial loop is one call over the whole range");
    }

    @Test
    void forRangeVisitsEveryIndexOnce() {
        for (int n : new int[]{0, 1, 2, 3, 100, 4097, 100_000}) {
            AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(n, 1));
            Parallel.forRange(n, 1000, (lo, hi) -> { for (int i = lo; i < hi; i++) hits.incrementAndGet(i); });
            for (int i = 0; i < n; i++) assertEquals(1, hits.get(i), "n=" + n + " index " + i);
        }
    }

    @Test
    void poolReallyRunsOnSeveralThreads() {
        assumeTrue(Parallel.THREADS > 1, "single-threaded machine");
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        Parallel.forRange(64, 1_000_000, (lo, hi) -> {
            seen.add(Thread.currentThread());
            long t0 = System.nanoTime();
            while (System.nanoTime() - t0 < 2_000_000) Thread.onSpinWait();
        });
        assertEquals(true, seen.size() > 1, "expected work on more than one thread, saw " + seen.size());
    }

    @Test
    void errorInAChunkReachesTheCallerAndThePoolStaysUsable() {
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Parallel.forRange(1000, 1000, (lo, hi) -> { if (lo <= 700 && 700 < hi) throw new IllegalStateException("chunk with 700"); }));
        assertEquals("chunk with 700", e.getMessage());
        forRangeVisitsEveryIndexOnce();
    }

    @Test
    void nestedAndConcurrentLoopsVisitEveryIndexOnce() throws Exception {
        int outer = 64, inner = 5000;
        AtomicIntegerArray hits = new AtomicIntegerArray(outer * inner);
        Parallel.forRange(outer, 1_000_000, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                int base = i * inner;
                Parallel.forRange(inner, 1000, (a, b) -> { for (int j = a; j < b; j++) hits.incrementAndGet(base + j); });
            }
        });
        for (int i = 0; i < outer * inner; i++) assertEquals(1, hits.get(i), "nested: index " + i);
        // four threads issuing loops at once: one runs in parallel, the others serially; all complete
        AtomicIntegerArray h2 = new AtomicIntegerArray(4 * 20_000);
        List<Thread> ts = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int base = t * 20_000;
            ts.add(Thread.ofPlatform().start(() -> {
                for (int rep = 0; rep < 50; rep++)
                    Parallel.forRange(20_000, 100, (a, b) -> { for (int j = a; j < b; j++) h2.incrementAndGet(base + j); });
            }));
        }
        for (Thread t : ts) t.join(60_000);
        for (int i = 0; i < h2.length(); i++) assertEquals(50, h2.get(i), "concurrent: index " + i);
    }

    @Test
    void everyOpIdenticalWithAndWithoutThreads() {
        for (DType dt : DType.values()) {
            Rng r = new Rng(3);
            Tensor a = r.normal(dt, 700, 64), w = r.normal(dt, 64, 96), b = r.normal(dt, 96), col = r.normal(dt, 700, 1);
            Tensor big = r.normal(dt, 40, 30, 50);
            int[] idx = new Rng(4).permutation(700);
            for (int i = 0; i < idx.length; i++) idx[i] = idx[i] % 50;   // 700 targets in [0, 50): repeats
            String d = " " + dt;
            serialAndParallel(() -> a.matmul(w), "matmul" + d);
            serialAndParallel(() -> a.matmul(a, true, false), "matmul transA" + d);
            serialAndParallel(() -> big.matmul(big, false, true), "batched matmul" + d);
            serialAndParallel(() -> a.matmul(w).add(b).silu(), "bias + silu" + d);
            serialAndParallel(() -> a.mul(col).sub(col), "column broadcast" + d);
            serialAndParallel(() -> big.sum(new int[]{0}, false), "sum axis 0" + d);
            serialAndParallel(() -> big.sum(new int[]{2}, false), "sum axis 2" + d);
            serialAndParallel(() -> big.max(1, true), "max axis 1" + d);
            serialAndParallel(() -> a.indexAdd(0, idx, 50), "indexAdd" + d);
            serialAndParallel(() -> a.indexSelect(0, idx), "indexSelect" + d);
            serialAndParallel(() -> a.where(col.gt(Tensor.zeros(dt)), a.exp()), "where" + d);
            serialAndParallel(() -> big.permute(2, 0, 1).affine(2, 1), "permute + affine" + d);
            serialAndParallel(() -> Tensor.concat(List.of(a, col), 1), "concat" + d);
        }
    }
}
