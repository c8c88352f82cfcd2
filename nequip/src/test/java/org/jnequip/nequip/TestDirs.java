package org.jnequip.nequip;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test-data locations. The repository root comes from the system property {@code jnequip.repoRoot}
 * (set by surefire), else the first ancestor of the working directory holding a {@code pom.xml} and a
 * {@code nequip} folder. Shared folders (golden values, data sets, benchmark structures) live in
 * {@code shared/} beside the checkout: the first ancestor {@code a} of the root with {@code a/shared/<name>}.
 * Golden values are located by {@link Golden}.
 */
public final class TestDirs {
    private TestDirs() {}

    public static Path repoRoot() {
        String p = System.getProperty("jnequip.repoRoot");
        if (p != null && !p.isBlank()) return Path.of(p).toAbsolutePath().normalize();
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent())
            if (Files.exists(d.resolve("pom.xml")) && Files.isDirectory(d.resolve("nequip"))) return d;
        return Path.of("").toAbsolutePath();
    }

    /** {@code shared/<name>} beside the checkout, or null if none is found. */
    public static Path shared(String name) {
        for (Path d = repoRoot(); d != null; d = d.getParent()) {
            Path c = d.resolve("shared").resolve(name);
            if (Files.isDirectory(c)) return c;
        }
        return null;
    }
}
