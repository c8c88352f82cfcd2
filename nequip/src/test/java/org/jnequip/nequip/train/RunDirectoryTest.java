package org.jnequip.nequip.train;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jnequip.nequip.config.ConfigException;
import org.jnequip.nequip.io.ModelFile;
import org.jnequip.nequip.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run directory left by a run that never finished an epoch does not block the next run; one that holds a run
 * says to resume it; a model file stores the training config without absolute paths.
 */
class RunDirectoryTest {
    private static Trainer trainer(Path tmp, Map<String, Object> raw, List<String> messages) {
        return new Trainer(TrainConfig.from(raw, tmp, null), PairPotential::new, new TrainListener() {
            @Override public void message(String line) { messages.add(line); }
        });
    }

    @Test
    void aDirectoryWithoutCheckpointIsReused(@TempDir Path tmp) throws Exception {
        Map<String, Object> raw = TrainTestSupport.smallConfig(tmp.resolve("results"), TrainTestSupport.ethanolSubset(tmp, "e.extxyz", 20));
        raw.put("max_epochs", 1);
        Path run = Files.createDirectories(tmp.resolve("results/run"));
        Files.writeString(run.resolve("config.json"), "{}");             // what a run writes before its first epoch ends
        Files.writeString(run.resolve("splits.json"), "{}");
        Files.writeString(run.resolve(".checkpoint.safetensors.123.tmp"), "torn");
        ConfigException resume = assertThrows(ConfigException.class, () -> trainer(tmp, raw, new ArrayList<>()).run(true));
        assertEquals("nothing to resume: no checkpoint at " + run.resolve("checkpoint.safetensors")
                + " (the run never finished an epoch); run without --resume to start it afresh", resume.getMessage());
        List<String> messages = new ArrayList<>();
        trainer(tmp, raw, messages).run(false);
        assertTrue(messages.contains("reusing " + run + ": the run there stopped before its first epoch ended"), messages.toString());
        assertTrue(Files.isRegularFile(run.resolve("checkpoint.safetensors")));
        assertFalse(Files.exists(run.resolve(".checkpoint.safetensors.123.tmp")));

        ConfigException again = assertThrows(ConfigException.class, () -> trainer(tmp, raw, new ArrayList<>()).run(false));
        assertEquals("run directory " + run + " already exists and holds a run (checkpoint.safetensors); pass --resume to continue it, "
                + "or choose another run_name or root, or remove " + run, again.getMessage());
    }

    @Test
    void aDirectoryWithOtherFilesIsNotTouched(@TempDir Path tmp) throws Exception {
        Map<String, Object> raw = TrainTestSupport.smallConfig(tmp.resolve("results"), TrainTestSupport.ethanolSubset(tmp, "e.extxyz", 20));
        Path run = Files.createDirectories(tmp.resolve("results/run"));
        Files.writeString(run.resolve("notes.txt"), "mine");
        Files.writeString(run.resolve("config.json"), "{}");
        ConfigException e = assertThrows(ConfigException.class, () -> trainer(tmp, raw, new ArrayList<>()).run(false));
        assertEquals("run directory " + run + " already exists and holds [notes.txt] but no checkpoint to resume; choose another run_name "
                + "or root, or remove " + run, e.getMessage());
        assertEquals("{}", Files.readString(run.resolve("config.json")));
    }

    @Test
    void modelFilesStoreNoAbsolutePaths(@TempDir Path tmp) throws Exception {
        Path data = TrainTestSupport.ethanolSubset(tmp, "e.extxyz", 20);
        Map<String, Object> raw = TrainTestSupport.smallConfig(tmp.resolve("results"), data);
        raw.put("max_epochs", 1);
        Trainer.Result r = trainer(tmp, raw, new ArrayList<>()).run(false);
        Map<String, Object> stored = Json.obj(Json.parse(ModelFile.read(r.dir().bestModel()).metadata().get("train_config")));
        assertFalse(stored.containsKey("root"), stored.toString());
        assertEquals("../../e.extxyz", stored.get("dataset_file_name"));
        assertTrue(Files.isSameFile(data, r.dir().dir().resolve((String) stored.get("dataset_file_name"))));
        assertFalse(Json.write(stored).contains(tmp.toString()), Json.write(stored));
    }
}
