package org.jnequip.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.jnequip.bench.tensor.MatmulBench;
import org.junit.jupiter.api.Test;

/** The JMH annotation processor ran: META-INF/BenchmarkList lists the benchmarks (else benchmarks.jar is empty). */
class BenchListTest {
    @Test
    void benchmarkListIsGenerated() throws Exception {
        try (InputStream in = BenchListTest.class.getResourceAsStream("/META-INF/BenchmarkList")) {
            assertNotNull(in, "META-INF/BenchmarkList missing: is jmh-generator-annprocess on the annotation processor path?");
            String list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(list.contains("org.jnequip.bench.tensor.jmh_generated.MatmulBench_gemm_jmhTest"), list);
            assertTrue(list.contains("org.jnequip.bench.tensor.jmh_generated.MatmulBench_naive_jmhTest"), list);
            assertTrue(list.contains("org.jnequip.bench.nequip.jmh_generated.ModelBench_energyForces_jmhTest"), list);
            assertTrue(list.contains("org.jnequip.bench.nequip.jmh_generated.ModelBench_trainStep_jmhTest"), list);
        }
        assertArrayEquals(new int[]{7300, 64, 64}, MatmulBench.mkn("7300x64x64"));
    }
}
