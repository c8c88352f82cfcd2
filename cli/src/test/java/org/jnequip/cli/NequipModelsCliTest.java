package org.jnequip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jnequip.nequip.io.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models trained with nequip through the command line: {@code evaluate} takes the deployed model and the run
 * directory like a JNequIP model and gives the same numbers; {@code convert} then {@code evaluate} gives them
 * again, and so does {@code export} then {@code evaluate}; {@code info} shows the origin.
 */
class NequipModelsCliTest {
    @TempDir
    Path tmp;
    Path aspirin, data;

    @BeforeEach
    void fixtures() throws Exception {
        aspirin = null;
        for (Path d = CliTestSupport.repoRoot().toAbsolutePath(); d != null && aspirin == null; d = d.getParent())
            if (Files.isDirectory(d.resolve("shared/interop/nequip-0.6.2-aspirin"))) aspirin = d.resolve("shared/interop/nequip-0.6.2-aspirin");
        assumeTrue(aspirin != null, "shared/interop/nequip-0.6.2-aspirin not found");
        Path full = aspirin.getParent().getParent().resolve("data/rmd17/rmd17_aspirin_train_01.extxyz");
        assumeTrue(Files.isRegularFile(full), full + " not found");
        List<String> lines = Files.readAllLines(full);
        data = tmp.resolve("aspirin8.extxyz");
        Files.write(data, lines.subList(0, 8 * 23));                      // 8 frames of 21 atoms
    }

    Map<String, Object> evaluate(Path model) throws Exception {
        Path json = tmp.resolve("m" + System.nanoTime() + ".json");
        CliTestSupport.Run r = CliTestSupport.run("evaluate", "--model", model.toString(), "--data", data.toString(), "--json", json.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("8 frames"), r.out());
        return Json.obj(Json.read(json));
    }

    static void same(Map<String, Object> a, Map<String, Object> b) {
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) assertEquals(Json.num(a.get(k)), Json.num(b.get(k)), 1e-12 * Math.max(1, Math.abs(Json.num(a.get(k)))), k);
    }

    @Test
    void deployedRunConvertedAndExportedModelsEvaluateAlike() throws Exception {
        Map<String, Object> deployed = evaluate(aspirin.resolve("deployed.pth"));
        assertTrue(Json.num(deployed.get("f_mae")) > 0, deployed.toString());
        same(deployed, evaluate(aspirin.resolve("run")));

        Path converted = tmp.resolve("aspirin.safetensors");
        CliTestSupport.Run r = CliTestSupport.run("convert", aspirin.resolve("deployed.pth").toString(), "-o", converted.toString());
        assertEquals(0, r.status(), r.err());
        same(deployed, evaluate(converted));

        Path run = tmp.resolve("exported");
        r = CliTestSupport.run("export", converted.toString(), "-o", run.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.isRegularFile(run.resolve("config.yaml")) && Files.isRegularFile(run.resolve("best_model.pth")));
        same(deployed, evaluate(run));
        r = CliTestSupport.run("export", converted.toString(), "-o", run.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("already holds config.yaml"), r.err());
    }

    @Test
    void infoShowsWhereAModelCameFrom() throws Exception {
        CliTestSupport.Run r = CliTestSupport.run("info", aspirin.resolve("deployed.pth").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("origin: nequip 0.6.2 deployed model, float64, species H C O, r_max 4.0, 7364 parameters"), r.out());
        assertTrue(r.out().contains("e3nn_version") && r.out().contains("torch_version") && r.out().contains("1.13.1"), r.out());
        Path converted = tmp.resolve("a.safetensors");
        assertEquals(0, CliTestSupport.run("convert", aspirin.resolve("run").toString(), "-o", converted.toString()).status());
        r = CliTestSupport.run("info", converted.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("converted_from") && r.out().contains("nequip_run") && r.out().contains("nequip_version   0.6.2"), r.out());
    }

    @Test
    void aDamagedNequipModelIsOneErrorLine() throws Exception {
        Path lonely = tmp.resolve("best_model.pth");
        Files.copy(aspirin.resolve("run/best_model.pth"), lonely);
        CliTestSupport.Run r = CliTestSupport.run("evaluate", "--model", lonely.toString(), "--data", data.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("error: " + lonely + ": a torch.save state dict without the config.yaml"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
