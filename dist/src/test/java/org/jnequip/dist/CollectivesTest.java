package org.jnequip.dist;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The sum in rank order behind SumOrder.RANKS, against plain Java additions in that order. */
class CollectivesTest {
    @Test
    void float64SumIsLeftToRightOverRanks() {
        try (Arena a = Arena.ofConfined()) {
            // (1 + 1e16) − 1e16 = 0 (the 1 is lost to rounding); 1 + (1e16 − 1e16) would give 1
            MemorySegment g = a.allocate(JAVA_DOUBLE, 3), out = a.allocate(JAVA_DOUBLE, 1);
            MemorySegment.copy(new double[]{1, 1e16, -1e16}, 0, g, JAVA_DOUBLE, 0, 3);
            Collectives.sumInRankOrder(g, 3, 1, Datatype.FLOAT64, out);
            assertEquals(0.0, out.get(JAVA_DOUBLE, 0));
            assertNotEquals(0.0, 1 + (1e16 + -1e16));
        }
    }

    @Test
    void float32SumEqualsFloatAdditions() {
        SplittableRandom rng = new SplittableRandom(3);
        int ranks = 5, n = 20_000;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment g = a.allocate(JAVA_FLOAT, (long) ranks * n), out = a.allocate(JAVA_FLOAT, n);
            for (long i = 0; i < (long) ranks * n; i++) g.setAtIndex(JAVA_FLOAT, i, (float) ((rng.nextDouble() - 0.5) * Math.pow(10, rng.nextInt(-6, 7))));
            Collectives.sumInRankOrder(g, ranks, n, Datatype.FLOAT32, out);
            for (int i = 0; i < n; i++) {
                float s = g.getAtIndex(JAVA_FLOAT, i);
                for (int r = 1; r < ranks; r++) s += g.getAtIndex(JAVA_FLOAT, (long) r * n + i);
                assertEquals(Float.floatToRawIntBits(s), Float.floatToRawIntBits(out.getAtIndex(JAVA_FLOAT, i)), "element " + i);
            }
        }
    }
}
