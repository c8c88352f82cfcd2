package org.jnequip.nequip.train;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class PlateauSchedulerTest {
    /** torch ReduceLROnPlateau(mode=min, factor=0.5, patience=2, threshold=1e-4 rel): reduce on the 3rd bad epoch. */
    @Test
    void reducesAfterPatienceBadEpochs() {
        PlateauScheduler s = new PlateauScheduler(true, 1.0, 0.5, 2, 1e-4, 0);
        double[] metric = {10, 9, 9, 9, 9, 8, 8.9999, 8.9999, 8.9999, 8.9999};
        double[] lr = {1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25};
        for (int i = 0; i < metric.length; i++) {
            s.step(metric[i]);
            assertEquals(lr[i], s.lr(), 0, "after epoch " + i);
        }
    }

    @Test
    void improvementBelowThresholdCountsAsBad() {
        PlateauScheduler s = new PlateauScheduler(true, 1.0, 0.8, 0, 1e-2, 0);
        s.step(1.0);
        assertTrue(s.step(0.995));                        // 0.5 % better < 1 % threshold: bad epoch → reduce (patience 0)
        assertEquals(0.8, s.lr(), 1e-15);
        assertEquals(1.0, s.best());
    }

    @Test
    void minLrAndDisabled() {
        PlateauScheduler s = new PlateauScheduler(true, 1.0, 0.1, 0, 0, 0.05);
        s.step(1); s.step(2); s.step(2); s.step(2);
        assertEquals(0.05, s.lr(), 0);
        PlateauScheduler off = new PlateauScheduler(false, 0.3, 0.1, 0, 0, 0);
        for (int i = 0; i < 5; i++) off.step(1);
        assertEquals(0.3, off.lr());
        assertThrows(IllegalArgumentException.class, () -> new PlateauScheduler(true, 1, 1.5, 1, 0, 0));
    }
}
