package org.jnequip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jnequip.nequip.train.Models;
import org.jnequip.nequip.train.Potential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model factory reaches the commands as an argument of Main.run (no static to overwrite). */
class FactoryTest {
    @Test
    void evaluateBuildsItsModelWithTheGivenFactory(@TempDir Path tmp) throws Exception {
        List<String> lines = Files.readAllLines(CliTestSupport.ethanol());
        int perFrame = Integer.parseInt(lines.get(0).trim()) + 2;
        Path data = tmp.resolve("three.extxyz");
        Files.write(data, lines.subList(0, 3 * perFrame));
        AtomicInteger built = new AtomicInteger();
        Potential.Factory nequip = Models.nequip();
        Potential.Factory counting = (cfg, seed) -> { built.incrementAndGet(); return nequip.create(cfg, seed); };
        CliTestSupport.Run r = CliTestSupport.run(counting, "evaluate", "--model",
                CliTestSupport.repoRoot().resolve("models/ethanol-demo.safetensors").toString(), "--data", data.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(1, built.get(), "the evaluate command did not use the factory it was given");
        assertTrue(r.out().contains("forces"), r.out());
    }
}
