package org.jnequip.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jnequip.interop.NequipYaml;
import org.jnequip.nequip.io.Json;
import org.jnequip.nequip.train.TrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jnequip rmd17} on the bundled rMD17 ethanol frames with a tiny model: the files, the results line and keys, the refusals. */
class Rmd17CommandTest {
    static final Path DATA = CliTestSupport.repoRoot().resolve("data/rmd17-ethanol/rmd17_ethanol_train_01_even500.extxyz");

    /** A model small enough to train a few epochs in a second or two. */
    static Path tinyModel(Path dir) throws Exception {
        return Files.writeString(dir.resolve("tiny.yaml"), "seed: 1\ndataset_seed: 7\nchemical_symbols: [H, C, O]\nr_max: 4.0\nnum_layers: 1\nl_max: 1\n"
                + "num_features: 4\nnum_basis: 4\ninvariant_layers: 1\ninvariant_neurons: 8\nbatch_size: 2\nmax_epochs: 2\n");
    }

    @Test
    void trainsScoresAndWritesTheResults(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        Path test = Files.writeString(tmp.resolve("some-frames.extxyz"), String.join("\n", Files.readAllLines(DATA).subList(0, 55)) + "\n");
        CliTestSupport.Run r = CliTestSupport.run("rmd17", "ethanol", "--n-train", "6", "--n-val", "3", "--model", tinyModel(tmp).toString(),
                "--budget", "30s", "--data", DATA.toString(), "--out", out.toString(), "--test", test.toString(), "-q");
        assertEquals(0, r.status(), r.err());
        for (String f : List.of("best_model.safetensors", "config.yaml", "metrics.csv", "learning_curve.png", "splits.json", "validation.extxyz",
                "results.json", "results.txt"))
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        String line = Files.readString(out.resolve("results.txt")).strip();
        assertTrue(line.matches("ethanol N=6 tiny budget 30s: 2 epochs \\(best \\d+\\); validation \\(3 frames\\) E MAE \\S+ / RMSE \\S+ meV, "
                + "F MAE \\S+ / RMSE \\S+ meV/Å"), line);
        assertTrue(r.out().strip().endsWith(line), r.out());

        Map<String, Object> res = Json.obj(Json.read(out.resolve("results.json")));
        assertEquals(List.of("molecule", "n_train", "n_val", "model", "data", "dataset_seed", "budget_s", "threads", "epochs", "best_epoch", "wall_s",
                "dtype", "hardware", "validation", "test"), List.copyOf(res.keySet()));
        assertEquals("ethanol", res.get("molecule"));
        assertEquals("tiny", res.get("model"));
        assertEquals(DATA.getFileName().toString(), res.get("data"));
        assertEquals(7.0, Json.num(res.get("dataset_seed")));
        assertEquals(30.0, Json.num(res.get("budget_s")));
        assertEquals("float32", res.get("dtype"));
        Map<String, Object> v = Json.obj(res.get("validation")), t = Json.obj(res.get("test"));
        for (String k : List.of("e_mae", "e_rmse", "e/N_mae", "e/N_rmse", "f_mae", "f_rmse")) {
            assertTrue(Json.num(v.get(k)) > 0, k);
            assertTrue(Json.num(t.get(k)) > 0, k);
        }
        assertEquals("some-frames.extxyz", t.get("file"));

        // validation.extxyz: the run's validation frames, verbatim from the data file
        String val = Files.readString(out.resolve("validation.extxyz"));
        String data = Files.readString(DATA);
        String[] frames = val.split("(?m)^9\n");
        assertEquals(4, frames.length);      // "" before the first
        for (int k = 1; k < frames.length; k++) {
            assertTrue(data.contains("9\n" + frames[k]), "frame " + k + " is not a frame of the data file");
            assertTrue(frames[k].contains(" split=train_01") && frames[k].contains(" md17_index="), frames[k]);
        }
        // config.yaml: the base config plus the data keys and the budget; train can read it
        NequipYaml y = NequipYaml.read(out.resolve("config.yaml"));
        TrainConfig c = TrainConfig.from(y.values(), Path.of("").toAbsolutePath(), out);
        assertEquals(DATA.toAbsolutePath().normalize(), c.datasetFile());
        assertEquals(6, c.nTrain());
        assertEquals(3, c.nVal());
        assertEquals(30.0, c.stopUpper().get("cumulative_wall"));
        assertEquals(4, c.model().get(org.jnequip.nequip.model.ModelKeys.NUM_FEATURES));
    }

    @Test
    void refusesTestSplits(@TempDir Path tmp) throws Exception {
        String two = String.join("\n", Files.readAllLines(DATA).subList(0, 22)) + "\n";
        Path byName = Files.writeString(tmp.resolve("rmd17_ethanol_test_01.extxyz"), two);
        CliTestSupport.Run r = CliTestSupport.run("rmd17", "ethanol", "--n-train", "1", "--n-val", "1", "--data", byName.toString(), "--out", tmp.resolve("a").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("error: " + byName + ": the name says it is a test split"), r.err());

        Path byKey = Files.writeString(tmp.resolve("frames.extxyz"), two.replace("split=train_01", "split=test_01"));
        r = CliTestSupport.run("rmd17", "ethanol", "--n-train", "1", "--n-val", "1", "--data", byKey.toString(), "--out", tmp.resolve("b").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("error: " + byKey + ":2: the frame says split=test_01"), r.err());
        assertFalse(Files.exists(tmp.resolve("a")) || Files.exists(tmp.resolve("b")));
    }

    @Test
    void missingDataSaysWhereToGetIt(@TempDir Path tmp) {
        Path none = tmp.resolve("rmd17_aspirin_train_01.extxyz");
        CliTestSupport.Run r = CliTestSupport.run("rmd17", "aspirin", "--n-train", "50", "--data", none.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("error: " + none + ": no such file") && r.err().contains("doi:10.6084/m9.figshare.12672038")
                && r.err().contains("JNEQUIP_RMD17_DIR"), r.err());
        r = CliTestSupport.run("rmd17", "water", "--n-train", "50");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("unknown molecule 'water'; one of aspirin, azobenzene"), r.err());
        assertEquals(2, CliTestSupport.run("rmd17", "ethanol").status());       // --n-train is required
    }
}
