package org.jnequip.nequip.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {
    @Test
    void patienceLowerAndUpperBounds() {
        EarlyStopping p = new EarlyStopping(Map.of("validation_loss", 2), Map.of("validation_loss", 0.1), Map.of(), Map.of());
        assertNull(p.check(Map.of("validation_loss", 1.0)));
        assertNull(p.check(Map.of("validation_loss", 0.95)));          // not better by more than delta
        String r = p.check(Map.of("validation_loss", 0.92));
        assertNotNull(r);
        assertTrue(r.contains("validation_loss") && r.contains("patience 2"), r);

        EarlyStopping lo = new EarlyStopping(Map.of(), Map.of(), Map.of("LR", 1e-5), Map.of("cumulative_wall", 100.0));
        assertNull(lo.check(Map.of("LR", 1e-4, "cumulative_wall", 5.0)));
        assertTrue(lo.check(Map.of("LR", 1e-6, "cumulative_wall", 5.0)).contains("lower bound"));
        assertTrue(lo.check(Map.of("LR", 1e-4, "cumulative_wall", 500.0)).contains("upper bound"));
    }

    @Test
    void stateRoundTrip() {
        EarlyStopping a = new EarlyStopping(Map.of("m", 3), Map.of(), Map.of(), Map.of());
        a.check(Map.of("m", 1.0));
        a.check(Map.of("m", 2.0));
        EarlyStopping b = new EarlyStopping(Map.of("m", 3), Map.of(), Map.of(), Map.of());
        b.restore(a.state());
        assertNull(b.check(Map.of("m", 2.0)));
        assertNotNull(b.check(Map.of("m", 2.0)));
    }
}
