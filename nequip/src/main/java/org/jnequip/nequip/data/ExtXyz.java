package org.jnequip.nequip.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import org.jnequip.nequip.files.AtomicFiles;
import org.jnequip.nequip.files.CheckedRead;
import org.jnequip.nequip.files.FileErrors;

/**
 * Extended XYZ (ASE's format) reading and writing. See {@link ExtXyzReader} for the accepted syntax and
 * {@link ExtXyzWriter} for what is written. Files ending in {@code .gz} are decompressed on the fly.
 *
 * {@snippet :
 * List<Structure> frames = ExtXyz.read(Path.of("data/ethanol-gfn2xtb-500K/ethanol.extxyz"));
 * try (ExtXyzReader r = ExtXyz.open(path, ExtXyz.Options.DEFAULT.withMaxFrames(100))) {
 *     while (r.hasNext()) use(r.next());
 * }
 * }
 */
public final class ExtXyz {
    private ExtXyz() {}

    /**
     * Reader options: the comment keys holding the energy and stress, the per-atom column holding the
     * forces, and a cap on the number of frames read (≤ 0: all).
     */
    public record Options(String energyKey, String forcesKey, String stressKey, int maxFrames) {
        public static final Options DEFAULT = new Options("energy", "forces", "stress", 0);

        public Options {
            Objects.requireNonNull(energyKey, "energyKey");
            Objects.requireNonNull(forcesKey, "forcesKey");
            Objects.requireNonNull(stressKey, "stressKey");
        }

        public Options withEnergyKey(String k) { return new Options(k, forcesKey, stressKey, maxFrames); }
        public Options withForcesKey(String k) { return new Options(energyKey, k, stressKey, maxFrames); }
        public Options withStressKey(String k) { return new Options(energyKey, forcesKey, k, maxFrames); }
        public Options withMaxFrames(int n) { return new Options(energyKey, forcesKey, stressKey, n); }
    }

    /** All frames of {@code file} with default options. */
    public static List<Structure> read(Path file) { return read(file, Options.DEFAULT); }

    /** All frames of {@code file} (up to {@code options.maxFrames()}). */
    public static List<Structure> read(Path file, Options options) {
        try (ExtXyzReader r = open(file, options)) {
            return r.readAll();
        } catch (IOException e) {
            throw new UncheckedIOException(FileErrors.cannot("read", file, e));
        }
    }

    /** Parses frames from a string; {@code name} is used in error messages. */
    public static List<Structure> parse(String text, String name, Options options) {
        return new ExtXyzReader(new BufferedReader(new StringReader(text)), name, options).readAll();
    }

    /** A lazy frame iterator over {@code file}; close it when done. A path that is not a readable file is an IllegalArgumentException. */
    public static ExtXyzReader open(Path file, Options options) throws IOException {
        InputStream in = Files.newInputStream(CheckedRead.file(file, "extxyz file"));
        if (file.getFileName().toString().endsWith(".gz")) {
            try {
                in = new GZIPInputStream(in, 1 << 16);
            } catch (IOException e) {
                in.close();
                throw new IOException(file + ": not a gzip file (" + FileErrors.reason(e) + ")", e);
            }
        }
        return open(new InputStreamReader(in, StandardCharsets.UTF_8), file.toString(), options);
    }

    /** A lazy frame iterator over a character stream; {@code name} is used in error messages. */
    public static ExtXyzReader open(Reader in, String name, Options options) {
        return new ExtXyzReader(new BufferedReader(in, 1 << 16), name, options);
    }

    /** Writes the frames to {@code file} atomically ({@link AtomicFiles}). */
    public static void write(Path file, List<Structure> frames) {
        try {
            AtomicFiles.write(file, out -> {
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                write(w, frames);
                w.flush();
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** Writes the frames, one after another, to {@code out}. */
    public static void write(Writer out, List<Structure> frames) throws IOException {
        for (Structure s : frames) ExtXyzWriter.write(out, s);
    }

    /** The frames as extended-XYZ text. */
    public static String toString(List<Structure> frames) {
        StringWriter w = new StringWriter();
        try {
            write(w, frames);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
