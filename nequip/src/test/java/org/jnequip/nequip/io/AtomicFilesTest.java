package org.jnequip.nequip.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void replacesContentAndLeavesNoTemporaryFile(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("a.txt");
        AtomicFiles.writeString(f, "one");
        AtomicFiles.writeString(f, "two");
        assertEquals("two", Files.readString(f));
        assertEquals(List.of("a.txt"), names(tmp));
    }

    @Test
    void failedWriteKeepsOldFileAndRemovesTemporary(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("a.txt");
        AtomicFiles.writeString(f, "old content");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write("new con".getBytes());
            throw new IOException("disk full (simulated)");
        }));
        assertEquals("disk full (simulated)", e.getMessage());
        assertEquals("old content", Files.readString(f));
        assertEquals(List.of("a.txt"), names(tmp));
    }

    @Test
    void createsMissingDirectories(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("x/y/z.bin");
        AtomicFiles.write(f, new byte[]{1, 2, 3});
        assertArrayEquals(new byte[]{1, 2, 3}, Files.readAllBytes(f));
    }
}
