package org.jnequip.cli;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The median of the last {@link RecentTimes#KEPT} durations: odd and even counts, and old values leaving the window. */
class RecentTimesTest {
    @Test
    void medianOfTheKeptDurations() {
        RecentTimes t = new RecentTimes();
        assertTrue(Double.isNaN(t.median()));
        t.add(5);
        t.add(1);
        t.add(3);
        assertEquals(3, t.median());
        t.add(100);
        assertEquals(4, t.median());                    // (3 + 5) / 2
        for (int i = 0; i < RecentTimes.KEPT; i++) t.add(i % 2 == 0 ? 0.25 : 0.75);   // the first four leave the window
        assertEquals(RecentTimes.KEPT + 4, t.count());
        assertEquals(0.5, t.median());
        t.add(0.75);
        assertEquals(0.75, t.median());
    }
}
