package org.jnequip.interop;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Folders of nequip-trained models for the import tests: {@code $JNEQUIP_INTEROP_DIR} if set, else
 * {@code shared/interop} beside the checkout. Every folder with an {@code expected.json} (the folder itself or
 * its sub-folders) is one model: {@code run/} (config.yaml + best_model.pth) and/or {@code deployed.pth}, and
 * the reference's outputs.
 */
final class InteropFixtures {
    private InteropFixtures() {}

    /** shared/interop beside the checkout, or null. */
    static Path shared() {
        String root = System.getProperty("jnequip.repoRoot", "");
        for (Path d = Path.of(root.isBlank() ? "" : root).toAbsolutePath(); d != null; d = d.getParent())
            if (Files.isDirectory(d.resolve("shared/interop"))) return d.resolve("shared/interop");
        return null;
    }

    /** Every model folder (holding expected.json); skips the test when there is none. */
    static List<Path> models() throws IOException {
        String env = System.getenv("JNEQUIP_INTEROP_DIR");
        Path d = env != null && !env.isBlank() ? Path.of(env) : shared();
        assumeTrue(d != null && Files.isDirectory(d), "no interop folder (shared/interop or $JNEQUIP_INTEROP_DIR)");
        if (Files.isRegularFile(d.resolve("expected.json"))) return List.of(d);
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(d)) {
            for (Path p : s.sorted().toList()) if (Files.isRegularFile(p.resolve("expected.json"))) out.add(p);
        }
        assumeTrue(!out.isEmpty(), "no model folders with expected.json in " + d);
        return out;
    }

    /** The reference fixture every checkout has: nequip 0.6.2 on rMD17 aspirin, float64. */
    static Path aspirin() {
        Path s = shared();
        assumeTrue(s != null && Files.isDirectory(s.resolve("nequip-0.6.2-aspirin")), "shared/interop/nequip-0.6.2-aspirin not found");
        return s.resolve("nequip-0.6.2-aspirin");
    }
}
