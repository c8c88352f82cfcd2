package org.jnequip.nequip.files;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file that grows one whole record at a time (a CSV line, a trajectory frame), for outputs a long run writes as
 * it goes. Each record goes to the operating system in one write, unbuffered, so once {@link #append} returns the
 * record survives the process being interrupted or killed; the file never ends inside a record that a later
 * write failed on: a failed write (disk full, file too large) is cut back to the last whole record, and the
 * exception names the file, the cause and what the file still holds:
 * {@code md/trajectory.xyz: cannot write: File too large; it holds the first 120 frames, each complete}.
 * The file is created (or truncated) with the default permissions (0666 minus the umask).
 *
 * {@snippet :
 * try (AppendFile log = AppendFile.create(dir.resolve("thermo.csv"), "lines")) {
 *     log.append("step,energy\n");
 * }
 * }
 */
public final class AppendFile implements Closeable {
    private final Path path;
    private final String unit;
    private final FileChannel ch;
    private long whole, records;

    private AppendFile(Path path, String unit, FileChannel ch) {
        this.path = path;
        this.unit = unit;
        this.ch = ch;
    }

    /**
     * Creates or truncates {@code path} (and its directories); refuses a path that is a directory or a device.
     * {@code unit} names a record in messages ("lines", "frames").
     */
    public static AppendFile create(Path path, String unit) {
        try {
            if (Files.exists(path) && !Files.isRegularFile(path))
                throw new IOException(path + ": cannot write: " + (Files.isDirectory(path) ? "is a directory" : "exists and is not a regular file"));
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            return new AppendFile(path, unit, FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING));
        } catch (IOException e) {
            throw new UncheckedIOException(FileErrors.cannot("write", path, e));
        }
    }

    public Path path() { return path; }

    /** Complete records written so far. */
    public long records() { return records; }

    /** Writes one whole record; on failure the file is cut back to the records before it. */
    public void append(CharSequence record) {
        ByteBuffer b = StandardCharsets.UTF_8.encode(record.toString());
        try {
            while (b.hasRemaining()) ch.write(b);
            whole = ch.position();
            records++;
        } catch (IOException e) {
            try {
                ch.truncate(whole);
                ch.position(whole);
            } catch (IOException ignored) {
                // cannot even truncate: the message below still names the file and the cause
            }
            throw new UncheckedIOException(new IOException(path + ": cannot write: " + FileErrors.reason(e) + "; it holds the first "
                    + records + " " + unit + ", each complete", e));
        }
    }

    /** Forces the records to the disk and closes the file. */
    @Override
    public void close() {
        try (ch) {
            ch.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(FileErrors.cannot("close", path, e));
        }
    }
}
