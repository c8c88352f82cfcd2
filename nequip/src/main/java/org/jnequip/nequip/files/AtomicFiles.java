package org.jnequip.nequip.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Crash-safe, checked file replacement: the body is written to a temporary file in the target's directory, flushed
 * and fsync'ed, then renamed over the target in one atomic step (POSIX rename), and the directory is fsync'ed.
 * A reader therefore sees either the complete old file or the complete new one, never a torn mix. If anything
 * fails (the body throws, the disk is full, the directory is not writable), the temporary file is deleted, the
 * target is left untouched, and the {@link IOException} names the target and the cause at once
 * ({@code out/m.json: cannot write: No space left on device}). The new file gets the permissions every other tool
 * gives a new file (0666 minus the umask). A target that exists but is not a regular file (a directory, a device)
 * is refused rather than replaced.
 *
 * {@snippet :
 * AtomicFiles.write(dir.resolve("checkpoint.safetensors"), out -> out.write(bytes));
 * }
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes the file's content to a stream; may throw to abort the write. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Atomically replaces (or creates) {@code target} with what {@code body} writes. */
    public static void write(Path target, Body body) throws IOException {
        Path abs = target.toAbsolutePath();
        if (Files.exists(abs) && !Files.isRegularFile(abs))
            throw new IOException(target + ": cannot write: " + (Files.isDirectory(abs) ? "is a directory" : "exists and is not a regular file (a device, pipe or socket?)"));
        Path dir = abs.getParent(), tmp = null;
        boolean done = false;
        try {
            Files.createDirectories(dir);
            tmp = createTemporary(dir, abs.getFileName().toString());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                body.writeTo(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException(target + ": cannot write: the file system cannot rename atomically", e);
            }
            done = true;
            syncDirectory(dir);
        } catch (IOException e) {
            throw FileErrors.cannot("write", target, e);
        } finally {
            if (!done && tmp != null) deleteQuietly(tmp);
        }
    }

    /** ".name.RANDOM.tmp", created with the default permissions (Files.createTempFile would make it 0600). */
    private static Path createTemporary(Path dir, String name) throws IOException {
        while (true) {
            Path tmp = dir.resolve("." + name + "." + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                // another writer's temporary: draw again
            }
        }
    }

    /** Atomically writes bytes. */
    public static void write(Path target, byte[] bytes) throws IOException { write(target, out -> out.write(bytes)); }

    /** Atomically writes UTF-8 text. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // the write has failed already and says why; a leftover ".name.N.tmp" is harmless
        }
    }

    /** fsync of a directory makes the rename durable; not every platform allows opening one, so failures are ignored. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Windows and some file systems cannot open directories; the rename itself is still atomic
        }
    }
}
