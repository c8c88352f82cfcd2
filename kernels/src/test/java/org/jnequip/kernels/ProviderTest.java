package org.jnequip.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.stream.Collectors;
import org.jnequip.tensor.Backend;
import org.jnequip.tensor.Backends;
import org.junit.jupiter.api.Test;

/**
 * Selection through ServiceLoader: both providers are registered, Backends.get returns the (shared) backend
 * when it is available, and otherwise throws with the provider's memoised "X unavailable: reason". Detection
 * must never throw, even where the native libraries are missing.
 */
class ProviderTest {

    @Test
    void bothProvidersAreRegistered() {
        Set<String> names = Backends.providers().stream().map(Backends.Provider::name).collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("opencl", "cuda")), "providers: " + names);
    }

    @Test
    void openClSelection() { check("opencl", "OpenCL unavailable: ", OpenClBackend.class); }

    @Test
    void cudaSelection() { check("cuda", "CUDA unavailable: ", CudaBackend.class); }

    /** The driver probe itself (normally behind the PTX check) turns a missing libcuda into a reason, twice. */
    @Test
    void cudaDriverProbeNeverThrows() {
        for (int round = 0; round < 2; round++) {
            Object r = CudaProvider.loadDriver();
            System.out.println("cuda driver probe: " + r);
            assertTrue(r instanceof CudaBackend || (r instanceof String s && s.startsWith("CUDA unavailable: ")), String.valueOf(r));
        }
    }

    private static void check(String name, String prefix, Class<?> type) {
        Backends.Provider p = Backends.providers().stream().filter(q -> q.name().equals(name)).findFirst().orElseThrow();
        String why = p.unavailableReason();
        System.out.println(name + ": " + (why == null ? "available" : why));
        assertEquals(why, p.unavailableReason(), "the probe is memoised");
        if (why == null) {
            Backend b = Backends.get(name);
            assertTrue(type.isInstance(b), name + " gave " + b.getClass());
            assertEquals(name, b.name());
            assertSame(b, Backends.get(" " + name.toUpperCase() + " "), "one shared backend per process");
            System.out.println(name + ": " + ((DeviceBackend) b).describe());
        } else {
            assertTrue(why.startsWith(prefix), why);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Backends.get(name));
            assertEquals(why, e.getMessage());
        }
    }
}
