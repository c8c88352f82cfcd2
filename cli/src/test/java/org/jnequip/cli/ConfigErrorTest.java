package org.jnequip.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config errors from the command line carry the YAML file and line and leave no files behind. */
class ConfigErrorTest {
    private static Path yaml(Path dir, String body) throws Exception {
        Path p = dir.resolve("cfg.yaml");
        Files.writeString(p, "root: " + dir.resolve("results") + "\n" + "dataset_file_name: " + CliTestSupport.ethanol() + "\n"
                + "n_train: 10\nn_val: 5\n" + body);
        return p;
    }

    @Test
    void unknownKeyPointsAtItsLine(@TempDir Path tmp) throws Exception {
        Path p = yaml(tmp, "batch_size: 2\nlerning_rate: 0.01\n");
        CliTestSupport.Run r = CliTestSupport.run("train", p.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("error: " + p + ":6: unknown key 'lerning_rate'; nearest valid keys: learning_rate"), r.err());
        assertFalse(Files.exists(tmp.resolve("results")));
    }

    @Test
    void wrongTypeAndYamlSyntax(@TempDir Path tmp) throws Exception {
        CliTestSupport.Run r = CliTestSupport.run("train", yaml(tmp, "batch_size: [1, 2]\n").toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("cfg.yaml:5: key 'batch_size': expected an integer, got [1, 2] (a list)"), r.err());
        r = CliTestSupport.run("train", yaml(tmp, "batch_size: 2\nbatch_size: 3\n").toString());
        assertTrue(r.err().contains("YAML error") && r.err().contains("duplicate key batch_size"), r.err());
        r = CliTestSupport.run("train", yaml(tmp, "model: [unclosed\n").toString());
        assertTrue(r.err().contains("cfg.yaml:") && r.err().contains("YAML error"), r.err());
        r = CliTestSupport.run("train", tmp.resolve("absent.yaml").toString());
        assertTrue(r.err().contains("absent.yaml: config file not found"), r.err());
        assertFalse(Files.exists(tmp.resolve("results")));
    }
}
