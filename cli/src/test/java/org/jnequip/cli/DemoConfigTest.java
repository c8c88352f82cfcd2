package org.jnequip.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.jnequip.interop.NequipYaml;
import org.jnequip.nequip.train.TrainConfig;
import org.junit.jupiter.api.Test;

/** configs/demo-ethanol.yaml is valid and points at the bundled data from any working directory. */
class DemoConfigTest {
    @Test
    void demoConfigParses() {
        Path cfg = CliTestSupport.repoRoot().resolve("configs/demo-ethanol.yaml");
        NequipYaml y = NequipYaml.read(cfg);
        TrainConfig c = TrainConfig.from(y.values(), Path.of("/"), cfg.getParent());
        assertEquals(CliTestSupport.ethanol().normalize(), c.datasetFile());
        assertEquals(200, c.nTrain());
        assertEquals(50, c.nVal());
        assertTrue(c.amsgrad() && c.useEma());
        assertEquals(java.util.List.of("H", "C", "O"), c.chemicalSymbols());
    }
}
