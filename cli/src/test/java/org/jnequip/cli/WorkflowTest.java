package org.jnequip.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jnequip.nequip.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train → train --resume → evaluate --exclude-train-of → info, through the command line (tiny NequIP model). */
class WorkflowTest {
    @Test
    void trainResumeEvaluateInfo(@TempDir Path tmp) throws Exception {
        Path cfg = tmp.resolve("c.yaml");
        String body = "root: " + tmp.resolve("results") + "\nrun_name: wf\nseed: 3\ndataset_file_name: " + CliTestSupport.ethanol()
                + "\nn_train: 10\nn_val: 5\nbatch_size: 5\nr_max: 3.5\ndefault_dtype: float64\nlearning_rate: 0.01\n"
                + "num_layers: 1\nl_max: 1\nnum_features: 4\nnum_basis: 4\ninvariant_layers: 1\ninvariant_neurons: 8\n";
        Files.writeString(cfg, body + "max_epochs: 1\n");
        CliTestSupport.Run r = CliTestSupport.run("train", cfg.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("epoch    1 |"), r.out());
        assertTrue(r.out().lines().filter(l -> l.startsWith("epoch")).allMatch(l -> l.contains("| time ")), "epoch time unlabelled: " + r.out());
        Path run = tmp.resolve("results/wf");
        Files.writeString(cfg, body + "max_epochs: 2\n");
        r = CliTestSupport.run("train", "--resume", cfg.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("resuming") && r.out().contains("epoch    2 |") && !r.out().contains("epoch    1 |"), r.out());
        assertEquals(4, Files.readAllLines(run.resolve("metrics.csv")).size());
        assertEquals(1400, ImageIO.read(run.resolve("learning_curve.png").toFile()).getWidth());

        r = CliTestSupport.run("train", cfg.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("already exists") && r.err().contains("--resume"), r.err());

        Path png = tmp.resolve("parity.png"), json = tmp.resolve("m.json");
        r = CliTestSupport.run("evaluate", "--model", run.toString(), "--data", CliTestSupport.ethanol().toString(),
                "--exclude-train-of", run.toString(), "--plot", png.toString(), "--json", json.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("1985 frames not used by"), r.out());
        assertTrue(r.out().contains("forces on H") && r.out().contains("meV/Å"), r.out());
        assertEquals(800, ImageIO.read(png.toFile()).getWidth());
        Map<String, Object> m = Json.obj(Json.read(json));
        assertTrue(Json.num(m.get("f_mae")) > 0 && Json.num(m.get("e/N_mae")) > 0, m.toString());

        r = CliTestSupport.run("info", run.resolve("best_model.safetensors").toString(), "--tensors");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("type_names") && r.out().contains("H C O") && r.out().contains("chemical_embedding.linear.weight"), r.out());

        r = CliTestSupport.run("evaluate", "--model", run.toString(), "--data", tmp.resolve("none.extxyz").toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("none.extxyz: data file not found"), r.err());
    }
}
