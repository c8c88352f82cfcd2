package org.jnequip.tensor;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Locates the golden reference folder (shared/golden, see its README) for tests of every module.
 * Order: env {@code JNEQUIP_GOLDEN_DIR}; else {@code <repoRoot>/../shared/golden} with repoRoot from the system
 * property {@code jnequip.repoRoot} (set by surefire); else the first {@code shared/golden} found walking up
 * from repoRoot and then from the working directory (so git worktrees nested deeper also find it).
 */
public final class GoldenFiles {
    private GoldenFiles() {}

    /** The golden folder; IllegalStateException naming every place tried when none exists. */
    public static Path dir() {
        List<Path> tried = new ArrayList<>();
        String env = System.getenv("JNEQUIP_GOLDEN_DIR");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env).toAbsolutePath().normalize();
            if (Files.isDirectory(p)) return p;
            throw new IllegalStateException("JNEQUIP_GOLDEN_DIR=" + env + " is not a directory");
        }
        Set<Path> starts = new LinkedHashSet<>();
        String root = System.getProperty("jnequip.repoRoot");
        if (root != null && !root.isBlank()) {
            Path r = Path.of(root).toAbsolutePath().normalize();
            Path sibling = r.resolve("../shared/golden").normalize();
            if (Files.isDirectory(sibling)) return sibling;
            tried.add(sibling);
            starts.add(r);
        }
        starts.add(Path.of("").toAbsolutePath().normalize());
        for (Path s : starts) {
            for (Path a = s; a != null; a = a.getParent()) {
                Path c = a.resolve("shared").resolve("golden");
                if (Files.isDirectory(c)) return c;
                tried.add(c);
            }
        }
        throw new IllegalStateException("golden folder not found; set JNEQUIP_GOLDEN_DIR. Tried: " + tried);
    }

    /** Files of the golden folder whose name matches the glob (e.g. "wigner_3j*.json"), sorted by name. */
    public static List<Path> matching(String glob) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir(), glob)) {
            for (Path p : ds) if (Files.isRegularFile(p)) out.add(p);
        } catch (IOException e) {
            throw new IllegalStateException("cannot list golden folder: " + e.getMessage(), e);
        }
        out.sort(null);
        return out;
    }
}
