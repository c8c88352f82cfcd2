package org.jnequip.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The bench's warm-up: at least the calls asked for, and on until the seconds asked for have passed. */
class WarmUpTest {
    @Test
    void runsTheCallsAndThenUntilTheTimeIsUp() throws Exception {
        AtomicInteger n = new AtomicInteger();
        Runnable sleep5ms = () -> { n.incrementAndGet(); try { Thread.sleep(5); } catch (InterruptedException e) { throw new RuntimeException(e); } };
        SpeedHarness.Warm w = SpeedHarness.warm(sleep5ms, 2, 0.1);
        assertEquals(n.get(), w.calls());
        assertTrue(w.seconds() >= 0.1, "stopped after " + w.seconds() + " s");
        assertTrue(w.calls() >= 2 && w.calls() <= 21, "5 ms calls for 0.1 s: " + w.calls());   // ≤ 0.1 s / 5 ms + 1
        n.set(0);
        SpeedHarness.Warm c = SpeedHarness.warm(sleep5ms, 7, 0);
        assertEquals(7, c.calls());
        assertEquals(7, n.get());
        assertEquals(0, SpeedHarness.warm(sleep5ms, 0, 0).calls());
    }
}
