package org.jnequip.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Fixtures and checks shared by the hostile-input tests: the first ethanol frames as text to corrupt, a tiny
 * training config, and the three things every failure must show: a non-zero exit, one "error:" line that names
 * the file (and frame, line, field), and no partial output file.
 */
final class Hostile {
    private Hostile() {}

    /** The first {@code n} frames of the bundled ethanol set, as extxyz text (11 lines each). */
    static String ethanolFrames(int n) {
        try (Stream<String> lines = Files.lines(CliTestSupport.ethanol())) {
            return String.join("\n", lines.limit(11L * n).toList()) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path write(Path dir, String name, String text) throws IOException { return Files.writeString(dir.resolve(name), text); }

    static Path demoModel() { return CliTestSupport.repoRoot().resolve("models/ethanol-demo.safetensors"); }

    /** A YAML training config of a tiny float64 model on {@code data}, written to dir/name. */
    static Path tinyConfig(Path dir, String name, Path data, String runName, int maxEpochs, int nTrain) throws IOException {
        return write(dir, name, "root: " + dir.resolve("results") + "\nrun_name: " + runName + "\nseed: 3\ndataset_file_name: " + data
                + "\nn_train: " + nTrain + "\nn_val: 5\nbatch_size: 5\nr_max: 3.5\ndefault_dtype: float64\nlearning_rate: 0.01\n"
                + "num_layers: 1\nl_max: 1\nnum_features: 4\nnum_basis: 4\ninvariant_layers: 1\ninvariant_neurons: 8\nmax_epochs: " + maxEpochs + "\n");
    }

    /**
     * Runs the command line, expects exit status 1 and a single "error: ..." line on stderr with no stack trace, and
     * returns that message (without "error: ").
     */
    static String fails(String... args) {
        CliTestSupport.Run r = CliTestSupport.run(args);
        assertEquals(1, r.status(), "exit status of " + String.join(" ", args) + "\nstdout: " + r.out() + "\nstderr: " + r.err());
        List<String> errors = r.err().lines().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "a stack trace or exception name: " + r.err());
        return errors.get(0).substring("error: ".length());
    }

    /** Asserts that the message contains every fragment. */
    static void says(String message, String... fragments) {
        for (String f : fragments) assertTrue(message.contains(f), "'" + f + "' missing in: " + message);
    }

    /** No file under {@code dir} whose name is in {@code names}, and no temporary file of an atomic write. */
    static void nothingWritten(Path dir, String... names) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            List<String> found = s.map(p -> p.getFileName().toString()).toList();
            for (String n : names) assertFalse(found.contains(n), n + " was written: " + found);
            assertTrue(found.stream().noneMatch(n -> n.startsWith(".") && n.endsWith(".tmp")), "temporary file left: " + found);
        }
    }
}
