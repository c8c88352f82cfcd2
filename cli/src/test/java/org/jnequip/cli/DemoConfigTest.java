package org.jnequip.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.jnequip.interop.NequipYaml;
import org.jnequip.nequip.train.TrainConfig;
import org.junit.jupiter.api.Test;

/**
 * The demo's config (configs/demo-rmd17-ethanol.yaml) is valid and points at the bundled rMD17 frames from any working
 * directory; configs/demo-ethanol.yaml (how models/ethanol-demo.safetensors was trained) at the GFN2-xTB set.
 */
class DemoConfigTest {
    @Test
    void demoConfigParses() {
        Path cfg = CliTestSupport.repoRoot().resolve("configs/demo-rmd17-ethanol.yaml");
        assertEquals(cfg, DemoCommand.findConfig().toAbsolutePath());
        TrainConfig c = TrainConfig.from(NequipYaml.read(cfg).values(), Path.of("/"), cfg.getParent());
        assertEquals(Rmd17CommandTest.DATA.normalize(), c.datasetFile());
        assertEquals(100, c.nTrain());
        assertEquals(25, c.nVal());
        assertTrue(c.amsgrad() && c.useEma());
        assertEquals(java.util.List.of("H", "C", "O"), c.chemicalSymbols());
    }

    @Test
    void gfn2xtbConfigParses() {
        Path cfg = CliTestSupport.repoRoot().resolve("configs/demo-ethanol.yaml");
        TrainConfig c = TrainConfig.from(NequipYaml.read(cfg).values(), Path.of("/"), cfg.getParent());
        assertEquals(CliTestSupport.ethanol().normalize(), c.datasetFile());
        assertEquals(200, c.nTrain());
    }
}
