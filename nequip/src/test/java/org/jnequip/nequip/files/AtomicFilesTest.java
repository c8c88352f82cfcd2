package org.jnequip.nequip.files;

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
        assertEquals(f + ": cannot write: disk full (simulated)", e.getMessage());
        assertEquals("old content", Files.readString(f));
        assertEquals(List.of("a.txt"), names(tmp));
    }

    @Test
    void createsMissingDirectories(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("x/y/z.bin");
        AtomicFiles.write(f, new byte[]{1, 2, 3});
        assertArrayEquals(new byte[]{1, 2, 3}, Files.readAllBytes(f));
    }

    /** A target that exists but is not a regular file is refused, not replaced by a regular file. */
    @Test
    void refusesToReplaceADirectoryOrAPipe(@TempDir Path tmp) throws Exception {
        Path d = Files.createDirectory(tmp.resolve("out.json"));
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(d, "{}"));
        assertEquals(d + ": cannot write: is a directory", e.getMessage());
        Path fifo = tmp.resolve("pipe");
        if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0) {
            e = assertThrows(IOException.class, () -> AtomicFiles.writeString(fifo, "{}"));
            assertTrue(e.getMessage().startsWith(fifo + ": cannot write: exists and is not a regular file"), e.getMessage());
            assertFalse(Files.isRegularFile(fifo));
        }
        assertTrue(names(tmp).stream().noneMatch(n -> n.endsWith(".tmp")), names(tmp).toString());
    }

    /** A directory that cannot be created gives the target's name and the reason, not a temporary file's bare path. */
    @Test
    void failureNamesTheTargetAndTheCause(@TempDir Path tmp) throws Exception {
        Path blocker = Files.writeString(tmp.resolve("file"), "x");
        Path f = blocker.resolve("m.json");                          // a parent that is a file
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(f, "{}"));
        assertTrue(e.getMessage().startsWith(f + ": cannot write: "), e.getMessage());
        assertFalse(e.getMessage().contains(".tmp"), e.getMessage());
    }
}
