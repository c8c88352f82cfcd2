package org.jnequip.kernels;

import static org.jnequip.kernels.Devices.require;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.jnequip.tensor.Backends;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The device work counters behind the bench harness's "launches per step": one elementwise op is one launch
 * and no copy, reading a result back is one download, creating a tensor from host data one upload; the CPU
 * backend counts nothing.
 */
class CountersTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.jnequip.kernels.Devices#names")
    void launchesUploadsAndDownloadsAreCounted(String device) {
        DeviceBackend dev = require(device);
        Tensor a = dev.fromHost(new double[]{1, 2, 3, 4}, DType.F32, 4);
        Tensor b = dev.fromHost(new double[]{5, 6, 7, 8}, DType.F32, 4);
        Map<String, Long> c0 = dev.counters();
        Tensor s = dev.binary(org.jnequip.tensor.BinaryOp.ADD, a, b);
        Map<String, Long> c1 = dev.counters();
        assertEquals(1, c1.get("launches") - c0.get("launches"), "one elementwise op, one launch: " + c0 + " -> " + c1);
        assertEquals(0, c1.get("downloads") - c0.get("downloads"), "no host synchronisation while queueing");
        double[] h = s.toDoubleArray();
        Map<String, Long> c2 = dev.counters();
        assertEquals(1, c2.get("downloads") - c1.get("downloads"), "reading back is one download");
        assertEquals(16, c2.get("download_bytes") - c1.get("download_bytes"), "four float32 values");
        assertEquals(8.0, h[1]);
        dev.fromHost(new double[]{1, 2}, DType.F32, 2);
        assertEquals(1, dev.counters().get("uploads") - c2.get("uploads"), "one upload");
        dev.synchronize();
        assertTrue(Backends.cpu().counters().isEmpty(), "the CPU backend counts nothing");
    }
}
