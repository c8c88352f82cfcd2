package org.jnequip.nequip.train;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each bad input fails before training with a message naming the problem, and leaves no file behind
 * (neither a run directory nor a temporary file).
 */
class TrainerBadInputTest {
    private static final String ETHANOL_FRAME = """
            9
            Properties=species:S:1:pos:R:3:forces:R:3 energy=-309.8839668867 pbc="F F F"
            C     -0.0011000000    -0.0100000000     0.0000000000    -0.6258984080    -0.1129283114    -0.0000030438
            C      1.5149000000    -0.0075000000     0.0000000000     0.3457785584     0.1922965522    -0.0000051916
            O      2.0065000000     1.3247000000     0.0000000000    -0.0423321466    -0.1036220537     0.0000027155
            H     -0.3841000000     1.0128000000     0.0000000000     0.1664056808    -0.1573143530    -0.0000012168
            H     -0.3880000000    -0.5241000000     0.8848000000     0.0347620864     0.1610386629    -0.1802918895
            H     -0.3880000000    -0.5241000000    -0.8848000000     0.0347636358     0.1610402476     0.1802958440
            H      1.8875000000    -0.5311000000     0.8848000000     0.1111157592    -0.0848494757     0.1284934878
            H      1.8875000000    -0.5311000000    -0.8848000000     0.1111150110    -0.0848489277    -0.1284906736
            H      2.9711000000     1.2990000000     0.0000000000    -0.1357101770     0.0291876588    -0.0000000319
            """;

    /** Runs the trainer on the config and returns the error message, asserting that nothing was written. */
    private static String fail(Path tmp, Map<String, Object> raw) throws Exception {
        List<Path> before = TrainTestSupport.listRecursive(tmp);
        Exception e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(TrainConfig.from(raw, tmp, null), PairPotential::new, null).run(false));
        assertEquals(before, TrainTestSupport.listRecursive(tmp), "files were written: " + TrainTestSupport.listRecursive(tmp));
        assertFalse(Files.exists(tmp.resolve("results")), "run directory created");
        return e.getMessage();
    }

    private static Map<String, Object> config(Path tmp, Path data) {
        return TrainTestSupport.smallConfig(tmp.resolve("results"), data);
    }

    private static Path frames(Path tmp, String name, int n) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, ETHANOL_FRAME.repeat(n));
        return p;
    }

    @Test
    void unknownKeySuggestsNearest(@TempDir Path tmp) throws Exception {
        Map<String, Object> raw = config(tmp, TrainTestSupport.ethanolSubset(tmp, "e.extxyz", 20));
        raw.put("lerning_rate", 0.01);
        String m = fail(tmp, raw);
        assertTrue(m.contains("unknown key 'lerning_rate'") && m.contains("nearest valid keys: learning_rate"), m);
    }

    @Test
    void wrongTypeNamesKeyAndValue(@TempDir Path tmp) throws Exception {
        Map<String, Object> raw = config(tmp, TrainTestSupport.ethanolSubset(tmp, "e.extxyz", 20));
        raw.put("batch_size", "five");
        String m = fail(tmp, raw);
        assertTrue(m.contains("key 'batch_size'") && m.contains("expected an integer") && m.contains("'five'"), m);
        raw.put("batch_size", 0);
        m = fail(tmp, raw);
        assertTrue(m.contains("key 'batch_size'") && m.contains(">= 1") && m.contains("got 0"), m);
    }

    @Test
    void deviceThatCannotBeUsed(@TempDir Path tmp) throws Exception {
        // this module's tests run without the kernels jar, so no device backend can be found
        Map<String, Object> raw = config(tmp, frames(tmp, "e.extxyz", 20));
        raw.put("device", "cuda");
        String m = fail(tmp, raw);
        assertTrue(m.startsWith("key 'device': cannot train on cuda: no backend named 'cuda'") && m.contains("jnequip-kernels"), m);
    }

    @Test
    void missingDataFile(@TempDir Path tmp) throws Exception {
        String m = fail(tmp, config(tmp, tmp.resolve("nowhere.extxyz")));
        assertTrue(m.contains("dataset_file_name") && m.contains("data file not found") && m.contains("nowhere.extxyz"), m);
    }

    @Test
    void noForcesWhileForcesAreWeighted(@TempDir Path tmp) throws Exception {
        String noForces = ETHANOL_FRAME.replace("Properties=species:S:1:pos:R:3:forces:R:3", "Properties=species:S:1:pos:R:3")
                .replaceAll("(?m)^(\\S+\\s+\\S+\\s+\\S+\\s+\\S+)\\s+\\S+\\s+\\S+\\s+\\S+$", "$1");
        Path p = tmp.resolve("noforces.extxyz");
        Files.writeString(p, noForces.repeat(20));
        String m = fail(tmp, config(tmp, p));
        assertTrue(m.contains("noforces.extxyz") && m.contains("has no forces") && m.contains("loss_coeffs.forces"), m);
    }

    @Test
    void speciesOutsideChemicalSymbols(@TempDir Path tmp) throws Exception {
        Map<String, Object> raw = config(tmp, frames(tmp, "e.extxyz", 20));
        raw.put("chemical_symbols", List.of("C", "H"));
        String m = fail(tmp, raw);
        assertTrue(m.contains("species O") && m.contains("not in chemical_symbols [H, C]"), m);
    }

    @Test
    void moreFramesRequestedThanAvailable(@TempDir Path tmp) throws Exception {
        Map<String, Object> raw = config(tmp, frames(tmp, "e.extxyz", 15));
        String m = fail(tmp, raw);
        assertTrue(m.contains("n_train (12) + n_val (4) = 16") && m.contains("holds only 15"), m);
    }

    @Test
    void nanInTarget(@TempDir Path tmp) throws Exception {
        String bad = ETHANOL_FRAME.replace("0.1922965522", "nan");
        Path p = tmp.resolve("nan.extxyz");
        Files.writeString(p, ETHANOL_FRAME.repeat(5) + bad + ETHANOL_FRAME.repeat(14));
        String m = fail(tmp, config(tmp, p));
        assertTrue(m.contains("nan.extxyz") && m.contains("frame 5") && m.contains("forces"), m);
    }

    @Test
    void emptyDataSet(@TempDir Path tmp) throws Exception {
        Path p = tmp.resolve("empty.extxyz");
        Files.writeString(p, "");
        String m = fail(tmp, config(tmp, p));
        assertTrue(m.contains("empty.extxyz") && m.contains("empty"), m);
    }

    /** Two atoms on one spot would make every prediction NaN and end training as "diverged"; the data check names them. */
    @Test
    void coincidentAtoms(@TempDir Path tmp) throws Exception {
        String bad = ETHANOL_FRAME.replace("C      1.5149000000    -0.0075000000     0.0000000000", "C     -0.0011000000    -0.0100000000     0.0000000000");
        Path p = tmp.resolve("twice.extxyz");
        Files.writeString(p, ETHANOL_FRAME.repeat(3) + bad + ETHANOL_FRAME.repeat(16));
        String m = fail(tmp, config(tmp, p));
        assertTrue(m.contains("twice.extxyz: frame 3: atoms 0 (C) and 1 (C) are 0.0000 Å apart; no real structure has atoms closer than 0.1 Å"), m);
    }
}
