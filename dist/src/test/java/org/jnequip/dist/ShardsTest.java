package org.jnequip.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShardsTest {
    @Test
    void equalWeightsSplitEvenly() {
        long[] w = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
        assertArrayEquals(new int[]{0, 5, 10}, Shards.contiguous(w, 2));
        assertArrayEquals(new int[]{0, 3, 7, 10}, Shards.contiguous(w, 3));   // item centres 0.5..9.5 against thirds of 10
        assertArrayEquals(new int[]{0, 10}, Shards.contiguous(w, 1));
    }

    @Test
    void heavyItemsBalanceByWeight() {
        long[] w = {100, 1, 1, 1, 1, 1, 1, 1, 1, 1};                      // one big frame, nine small ones
        assertArrayEquals(new int[]{0, 1, 10}, Shards.contiguous(w, 2));
    }

    @Test
    void coversEveryItemOnceInOrderAndIsBalanced() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = rng.nextInt(0, 60), parts = rng.nextInt(1, 9);
            long[] w = new long[n];
            long total = 0, max = 0;
            for (int k = 0; k < n; k++) {
                w[k] = rng.nextInt(0, 50);
                total += w[k];
                max = Math.max(max, w[k]);
            }
            int[] b = Shards.contiguous(w, parts);
            assertEquals(parts + 1, b.length);
            assertEquals(0, b[0]);
            assertEquals(n, b[parts]);
            for (int p = 0; p < parts; p++) {
                assertTrue(b[p] <= b[p + 1], "bounds must not decrease");
                long sw = 0;
                for (int k = b[p]; k < b[p + 1]; k++) sw += w[k];
                if (total > 0) assertTrue(Math.abs(sw - (double) total / parts) <= max, "shard " + p + " weight " + sw + " of " + total);
            }
        }
    }

    @Test
    void zeroWeightsSplitByCountAndEmptyShardsAreAllowed() {
        assertArrayEquals(new int[]{0, 2, 4}, Shards.contiguous(new long[4], 2));
        assertArrayEquals(new int[]{0, 0, 1, 1}, Shards.contiguous(new long[]{5}, 3));
        assertArrayEquals(new int[]{0, 0, 0}, Shards.contiguous(new long[0], 2));
        assertArrayEquals(new int[]{1, 1}, Shards.of(new long[]{5}, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> Shards.contiguous(new long[]{1, -1}, 2));
        assertThrows(IllegalArgumentException.class, () -> Shards.contiguous(new long[]{1}, 0));
    }
}
