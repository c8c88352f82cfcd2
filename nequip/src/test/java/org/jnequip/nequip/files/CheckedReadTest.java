package org.jnequip.nequip.files;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paths that are not readable files, sizes beyond a limit and bytes that are not text each get a message naming the file. */
class CheckedReadTest {
    @Test
    void missingDirectoryAndDeviceAreNamed(@TempDir Path tmp) {
        Path missing = tmp.resolve("nope/x.yaml");
        assertEquals(missing + ": config file not found (directory " + tmp.resolve("nope") + " does not exist)",
                assertThrows(IllegalArgumentException.class, () -> CheckedRead.file(missing, "config file")).getMessage());
        assertEquals(tmp + ": is a directory, not a file (data file expected)",
                assertThrows(IllegalArgumentException.class, () -> CheckedRead.file(tmp, "data file")).getMessage());
        Path dev = Path.of("/dev/zero");          // endless: reading it as a file would never finish
        if (Files.exists(dev))
            assertEquals("/dev/zero: is not a regular file but a device, pipe or socket (model file expected)",
                    assertThrows(IllegalArgumentException.class, () -> CheckedRead.bytes(dev, "model file", 1000)).getMessage());
    }

    @Test
    void sizeIsCheckedBeforeReading(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("big.json");
        Files.write(f, new byte[2000]);
        String m = assertThrows(IllegalArgumentException.class, () -> CheckedRead.bytes(f, "splits file", 1000)).getMessage();
        assertEquals(f + ": 2000 bytes is too large for a splits file (at most 1000)", m);
        assertEquals(2000, CheckedRead.bytes(f, "splits file", 2000).length);
    }

    @Test
    void textThatIsNotUtf8NamesTheByte(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("c.yaml");
        Files.write(f, new byte[]{'a', ':', ' ', '1', '\n', (byte) 0xff, 'x'});
        assertEquals(f + ": not a text file (byte 5 is not UTF-8)",
                assertThrows(IllegalArgumentException.class, () -> CheckedRead.text(f, "config file", 100)).getMessage());
        Files.writeString(f, "a: é\n");
        assertEquals("a: é\n", CheckedRead.text(f, "config file", 100));
    }

    @Test
    void fileErrorsGiveTheCauseNotTheBarePath() {
        assertEquals("permission denied", FileErrors.reason(new AccessDeniedException("/x/.y.123.tmp")));
        assertEquals("no such file or directory", FileErrors.reason(new NoSuchFileException("/x")));
        assertEquals("No space left on device", FileErrors.reason(new FileSystemException("/x", null, "No space left on device")));
        Path p = Path.of("out/m.json");
        assertEquals("out/m.json: cannot write: permission denied",
                FileErrors.cannot("write", p, new AccessDeniedException("out/.m.json.42.tmp")).getMessage());
    }
}
