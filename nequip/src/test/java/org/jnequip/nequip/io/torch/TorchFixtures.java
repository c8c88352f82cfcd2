package org.jnequip.nequip.io.torch;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jnequip.nequip.TestDirs;

/**
 * The real nequip 0.6.2 files of {@code shared/interop/nequip-0.6.2-aspirin} (a run directory and its
 * deployed TorchScript model), and a helper that rebuilds an archive with some records replaced, which the
 * hostile-file tests use to craft damaged files from real ones.
 */
final class TorchFixtures {
    private TorchFixtures() {}

    static Path dir() {
        Path d = TestDirs.shared("interop");
        assumeTrue(d != null && Files.isDirectory(d.resolve("nequip-0.6.2-aspirin")), "shared/interop/nequip-0.6.2-aspirin not found beside the checkout");
        return d.resolve("nequip-0.6.2-aspirin");
    }

    static Path bestModel() { return dir().resolve("run/best_model.pth"); }

    static Path deployed() { return dir().resolve("deployed.pth"); }

    /** The archive's records in order, with {@code replace} swapped in (null value = record dropped). */
    static byte[] rezip(TorchZip z, Map<String, byte[]> replace) {
        TorchZipWriter w = new TorchZipWriter(z.prefix());
        for (String n : z.names()) {
            if (!replace.containsKey(n)) w.add(n, z.read(n));
            else if (replace.get(n) != null) w.add(n, replace.get(n));
        }
        return w.finish();
    }
}
