package org.jnequip.nequip.files;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * One-line causes of I/O failures. The JDK's file exceptions often carry only a path as their message
 * ({@code AccessDeniedException: /x/y}), or name a temporary file rather than the one the user asked for; these
 * helpers turn them into "what went wrong" ("permission denied", "No space left on device") so a message can
 * name the user's file and the cause together: {@code out/thermo.csv: cannot write: No space left on device}.
 */
public final class FileErrors {
    private FileErrors() {}

    /**
     * The cause in words, without any path: the OS reason where there is one, else what the exception type means;
     * a wrapper's message gives way to the I/O exception it wraps.
     */
    public static String reason(IOException e) {
        if (e instanceof CharacterCodingException) return "not UTF-8 text";
        if (e instanceof FileSystemException f) {
            String other = f.getOtherFile() == null ? "" : " (" + f.getOtherFile() + ")";
            if (f.getReason() != null) return f.getReason() + other;
            if (e instanceof AccessDeniedException) return "permission denied" + other;
            if (e instanceof NoSuchFileException) return "no such file or directory" + other;
            if (e instanceof NotDirectoryException) return "a parent of the path is not a directory";
            if (e instanceof FileAlreadyExistsException) return "already exists" + other;
            if (e instanceof DirectoryNotEmptyException) return "directory not empty";
            return e.getClass().getSimpleName();
        }
        if (e.getCause() instanceof IOException cause) return reason(cause);   // e.g. ImageIO's "I/O error writing PNG file!"
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** {@code "FILE: cannot VERB: REASON"} with the cause attached; a message that already starts with FILE is kept. */
    public static IOException cannot(String verb, Path file, IOException e) {
        String m = e.getMessage();
        if (m != null && m.startsWith(file + ": ")) return e;
        return new IOException(file + ": cannot " + verb + ": " + reason(e), e);
    }
}
