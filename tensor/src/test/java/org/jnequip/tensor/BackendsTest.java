package org.jnequip.tensor;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The CPU backend comes through ServiceLoader like the devices, and is one shared instance. */
class BackendsTest {
    @Test
    void cpuIsFoundAndShared() {
        assertSame(Backends.cpu(), Backends.get("cpu"));
        assertSame(Backends.cpu(), Backends.get(" CPU "));
        assertSame(Backends.cpu(), Tensor.of(new double[]{1}, 1).backend());
        assertTrue(Backends.providers().stream().anyMatch(p -> p.name().equals("cpu") && p.unavailableReason() == null));
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Backends.get("tpu"));
        assertTrue(e.getMessage().contains("no backend named 'tpu' (known: cpu"), e.getMessage());
    }
}
