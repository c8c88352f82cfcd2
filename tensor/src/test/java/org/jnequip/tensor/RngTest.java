package org.jnequip.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Seeded counter-based Rng: reproducible across runs, instances, threads and draw sizes. */
class RngTest {

    @Test
    void pinnedValuesStayTheSameAcrossRuns() {
        // Recorded from this implementation; a change here breaks resumed training runs (checkpoints store seed + counter).
        Rng r = new Rng(42);
        assertArrayEquals(new double[]{0.5571815960363604, 0.9234282137388331, 0.9420936893596086}, r.uniform(3, 0, 1));
        assertArrayEquals(new double[]{-1.4759706061574493, -0.9761708878444675}, r.normal(2));
        assertArrayEquals(new int[]{5, 1, 0, 2, 3, 4}, r.permutation(6));
        assertEquals(3, r.counter());
    }

    @Test
    void elementDependsOnlyOnSeedDrawAndIndex() {
        // a longer draw starts with the shorter one: no dependence on how the draw is split or sized
        double[] small = new Rng(7).normal(10), big = new Rng(7).normal(10_000);
        assertArrayEquals(small, Arrays.copyOf(big, 10));
        double[] u1 = new Rng(7).uniform(5, -1, 1), u2 = new Rng(7).uniform(500, -1, 1);
        assertArrayEquals(u1, Arrays.copyOf(u2, 5));
        assertNotEquals(new Rng(8).normal(1)[0], small[0]);
    }

    @Test
    void sameNumbersInConcurrentThreads() throws Exception {
        double[] serial = new Rng(99).normal(50_000);
        ExecutorService ex = Executors.newFixedThreadPool(4);
        try {
            Future<?>[] fs = new Future<?>[8];
            for (int t = 0; t < fs.length; t++) fs[t] = ex.submit(() -> new Rng(99).normal(50_000));
            for (Future<?> f : fs) assertArrayEquals(serial, (double[]) f.get());
        } finally {
            ex.shutdown();
        }
    }

    @Test
    void stateRestoresAndDistributionsAreSane() {
        Rng r = new Rng(5);
        r.uniform(10, 0, 1);
        long seed = r.seed(), counter = r.counter();
        double[] next = r.normal(100);
        Rng s = new Rng(0);
        s.setState(seed, counter);
        assertArrayEquals(next, s.normal(100));

        int n = 200_000;
        double[] z = new Rng(6).normal(n);
        double mean = Arrays.stream(z).sum() / n, var = Arrays.stream(z).map(v -> (v - mean) * (v - mean)).sum() / n;
        assertEquals(0, mean, 5 / Math.sqrt(n));
        assertEquals(1, var, 5 * Math.sqrt(2.0 / n));
        double[] u = new Rng(6).uniform(n, 2, 3);
        for (double v : u) assertTrue(v >= 2 && v < 3);
        int[] p = new Rng(6).permutation(1000);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) assertEquals(i, sorted[i]);
        Tensor t = new Rng(1).normal(DType.F32, 3, 4);
        assertArrayEquals(new int[]{3, 4}, t.shape());
        assertEquals(DType.F32, t.dtype());
    }
}
