package org.jnequip.nequip.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.jnequip.nequip.files.CheckedRead;
import org.jnequip.nequip.files.FileErrors;

/**
 * A NumPy {@code .npz} archive (what {@code np.savez} / {@code np.savez_compressed} write): a zip file whose
 * entries {@code key.npy} are {@link NpyArray}s. Arrays are decoded on demand, so entries of unsupported
 * dtypes (e.g. the string metadata in MD17 files) only fail if asked for. Sizes and CRC-32 checksums are checked, so a
 * truncated or corrupted archive fails. Errors name the file and key.
 */
public final class Npz implements AutoCloseable {
    private final Path file;
    private final ZipFile zip;
    private final Map<String, ZipEntry> entries = new LinkedHashMap<>();

    private Npz(Path file, ZipFile zip) {
        this.file = file;
        this.zip = zip;
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
            ZipEntry z = e.nextElement();
            if (z.isDirectory()) continue;
            String n = z.getName();
            entries.put(n.endsWith(".npy") ? n.substring(0, n.length() - 4) : n, z);
        }
    }

    /** Opens {@code file}; throws {@link DataFormatException} if it is not a zip archive. */
    public static Npz open(Path file) {
        CheckedRead.file(file, "npz file");
        try {
            return new Npz(file, new ZipFile(file.toFile()));
        } catch (java.util.zip.ZipException e) {
            throw new DataFormatException(file.toString(), -1, 0, null, "not an .npz (zip) archive: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(FileErrors.cannot("read", file, e));
        }
    }

    public Path file() { return file; }

    /** Array names in archive order. */
    public Set<String> keys() { return Collections.unmodifiableSet(entries.keySet()); }

    public boolean has(String key) { return entries.containsKey(key); }

    /**
     * Decodes array {@code key}; throws {@link DataFormatException} naming file and key if absent or malformed. The
     * entry's size is checked against the archive before anything is allocated, and its bytes against the CRC-32
     * the archive stores, so a damaged archive is an error, never data.
     */
    public NpyArray array(String key) {
        ZipEntry z = entries.get(key);
        if (z == null) throw new DataFormatException(file.toString(), -1, 0, key, "no such array (found " + entries.keySet() + ")");
        long size = z.getSize(), packed = z.getCompressedSize();
        // deflate expands at most 1032-fold; a stored entry is as large as its bytes in the archive
        long most = z.getMethod() == ZipEntry.STORED ? packed : packed * 1032 + 1024;
        if (size < 0 || packed < 0 || size > most || size > Integer.MAX_VALUE - 16)
            throw new DataFormatException(file.toString(), -1, 0, key, "entry size " + size + " bytes is impossible for its " + packed
                    + " bytes in the archive (damaged archive)");
        byte[] bytes;
        try (InputStream in = zip.getInputStream(z)) {
            bytes = in.readNBytes((int) size + 1);
        } catch (IOException e) {
            throw new DataFormatException(file.toString(), -1, 0, key, "cannot read entry (damaged archive?): " + FileErrors.reason(e));
        }
        if (bytes.length != size)
            throw new DataFormatException(file.toString(), -1, 0, key, "entry holds " + (bytes.length > size ? "more than " : "") + bytes.length
                    + " bytes but the archive says " + size + " (damaged archive)");
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (crc.getValue() != z.getCrc())
            throw new DataFormatException(file.toString(), -1, 0, key, String.format(java.util.Locale.ROOT,
                    "CRC-32 of the entry is %08x but the archive stores %08x: the archive is damaged", crc.getValue(), z.getCrc()));
        try {
            return NpyArray.parse(bytes);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(file.toString(), -1, 0, key, e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            zip.close();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }
}
