package org.jnequip.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The golden-folder locator finds shared/golden and filters by glob. */
class GoldenFilesTest {
    @Test
    void findsTheFolderAndMatchesGlobs() {
        Path dir = GoldenFiles.dir();
        assertTrue(Files.isRegularFile(dir.resolve("README.md")), dir + " has no README.md");
        List<Path> w = GoldenFiles.matching("wigner_3j*.json");
        assertTrue(!w.isEmpty() && w.stream().allMatch(p -> p.getFileName().toString().startsWith("wigner_3j")), w.toString());
        assertEquals(List.of(), GoldenFiles.matching("no_such_file_*.json"));
    }
}
