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
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A NumPy {@code .npz} archive (what {@code np.savez} / {@code np.savez_compressed} write): a zip file whose
 * entries {@code key.npy} are {@link NpyArray}s. Arrays are decoded on demand, so entries of unsupported
 * dtypes (e.g. the string metadata in MD17 files) only fail if asked for. Errors name the file and key.
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
        try {
            return new Npz(file, new ZipFile(file.toFile()));
        } catch (java.util.zip.ZipException e) {
            throw new DataFormatException(file.toString(), -1, 0, null, "not an .npz (zip) archive: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    public Path file() { return file; }

    /** Array names in archive order. */
    public Set<String> keys() { return Collections.unmodifiableSet(entries.keySet()); }

    public boolean has(String key) { return entries.containsKey(key); }

    /** Decodes array {@code key}; throws {@link DataFormatException} naming file and key if absent or malformed. */
    public NpyArray array(String key) {
        ZipEntry z = entries.get(key);
        if (z == null) throw new DataFormatException(file.toString(), -1, 0, key, "no such array (found " + entries.keySet() + ")");
        byte[] bytes;
        try (InputStream in = zip.getInputStream(z)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new DataFormatException(file.toString(), -1, 0, key, "cannot read entry: " + e.getMessage());
        }
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
