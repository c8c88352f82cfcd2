package org.jnequip.nequip.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checked reading of input files: before anything is read or allocated, the path is checked to be a readable
 * regular file, and sizes are checked against limits and against the file itself. Every failure is an
 * {@link IllegalArgumentException} whose one-line message names the file and the cause, e.g.
 * {@code run.yaml: is a directory, not a file (config file expected)} or {@code m.safetensors: cannot read: permission denied}.
 *
 * {@snippet :
 * byte[] b = CheckedRead.bytes(path, "model file", 1L << 31);
 * }
 */
public final class CheckedRead {
    private CheckedRead() {}

    /** Checks that {@code p} is a regular file this process may read; {@code what} ("data file", ...) names its role. */
    public static Path file(Path p, String what) {
        if (!Files.exists(p)) {
            Path parent = p.toAbsolutePath().getParent();
            String where = parent != null && !Files.isDirectory(parent) ? " (directory " + parent + " does not exist)" : "";
            throw new IllegalArgumentException(p + ": " + what + " not found" + where);
        }
        if (Files.isDirectory(p)) throw new IllegalArgumentException(p + ": is a directory, not a file (" + what + " expected)");
        if (!Files.isRegularFile(p))
            throw new IllegalArgumentException(p + ": is not a regular file but a device, pipe or socket (" + what + " expected)");
        if (!Files.isReadable(p)) throw new IllegalArgumentException(p + ": cannot read: permission denied");
        return p;
    }

    /** The size of a checked file in bytes. */
    public static long size(Path p, String what) {
        file(p, what);
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new IllegalArgumentException(p + ": cannot read: " + FileErrors.reason(e), e);
        }
    }

    /** All bytes of a checked file of at most {@code maxBytes} (checked before reading). */
    public static byte[] bytes(Path p, String what, long maxBytes) {
        long size = size(p, what);
        if (size > maxBytes || size > Integer.MAX_VALUE - 16)
            throw new IllegalArgumentException(p + ": " + size + " bytes is too large for a " + what + " (at most " + Math.min(maxBytes, Integer.MAX_VALUE - 16) + ")");
        try (InputStream in = Files.newInputStream(p)) {
            byte[] b = in.readNBytes((int) size + 1);
            if (b.length > size) throw new IllegalArgumentException(p + ": the file grew while it was read");
            return b;
        } catch (IOException e) {
            throw new IllegalArgumentException(p + ": cannot read: " + FileErrors.reason(e), e);
        }
    }

    /** A checked file of at most {@code maxBytes} as UTF-8 text; bytes that are not UTF-8 are an error naming their offset. */
    public static String text(Path p, String what, long maxBytes) {
        byte[] b = bytes(p, what, maxBytes);
        ByteBuffer in = ByteBuffer.wrap(b);
        CharBuffer out = CharBuffer.allocate(b.length);
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CoderResult r = utf8.decode(in, out, true);
        if (!r.isError()) r = utf8.flush(out);
        if (r.isError()) throw new IllegalArgumentException(p + ": not a text file (byte " + in.position() + " is not UTF-8)");
        return out.flip().toString();
    }
}
