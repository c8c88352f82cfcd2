package org.jnequip.nequip.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Crash-safe file replacement: the body is written to a temporary file in the target's directory, flushed and
 * fsync'ed, then renamed over the target in one atomic step (POSIX rename), and the directory is fsync'ed.
 * A reader therefore sees either the complete old file or the complete new one, never a torn mix. If the body
 * throws, the temporary file is deleted and the target is left untouched.
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
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                body.writeTo(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException(abs + ": the file system cannot rename atomically", e);
            }
            done = true;
            syncDirectory(dir);
        } finally {
            if (!done) Files.deleteIfExists(tmp);
        }
    }

    /** Atomically writes bytes. */
    public static void write(Path target, byte[] bytes) throws IOException { write(target, out -> out.write(bytes)); }

    /** Atomically writes UTF-8 text. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
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
