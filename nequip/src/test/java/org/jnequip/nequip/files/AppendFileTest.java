package org.jnequip.nequip.files;

import static org.junit.jupiter.api.Assertions.*;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records reach the file as they are appended (no buffer to lose on a kill), a directory is refused by name, and
 * new files get the umask's permissions. A write that fails part-way is tested with a real file-size limit in
 * the command-line tests (FullDiskTest).
 */
class AppendFileTest {
    @Test
    void recordsAreInTheFileAsSoonAsAppended(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("sub/thermo.csv");
        try (AppendFile a = AppendFile.create(f, "lines")) {
            a.append("step,x\n");
            a.append("0,1.5\n");
            assertEquals("step,x\n0,1.5\n", Files.readString(f));     // before close: nothing held back
            assertEquals(2, a.records());
        }
        try (AppendFile a = AppendFile.create(f, "lines")) {         // create truncates
            assertEquals("", Files.readString(f));
        }
    }

    @Test
    void aDirectoryIsRefusedByName(@TempDir Path tmp) {
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> AppendFile.create(tmp, "frames"));
        assertEquals(tmp + ": cannot write: is a directory", e.getCause().getMessage());
    }

    @Test
    void newFilesHonourTheUmask(@TempDir Path tmp) throws Exception {
        Path ref = Files.createFile(tmp.resolve("reference"));        // what any tool gets: 0666 minus the umask
        Path f = tmp.resolve("a.csv"), g = tmp.resolve("b.json");
        AppendFile.create(f, "lines").close();
        AtomicFiles.writeString(g, "{}");
        Set<PosixFilePermission> expect = Files.getPosixFilePermissions(ref);
        assertEquals(expect, Files.getPosixFilePermissions(f));
        assertEquals(expect, Files.getPosixFilePermissions(g));
        assertTrue(expect.contains(PosixFilePermission.OWNER_WRITE));
    }
}
