package org.jnequip.nequip.plot;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.jnequip.nequip.files.AtomicFiles;

/**
 * Writes an image as a PNG file through {@link AtomicFiles} (temporary file, fsync, rename), so a failure names the
 * file and the cause and never leaves a torn PNG. The encoder writes through an in-memory stream:
 * {@code ImageIO.write} would otherwise buffer through a cache file in java.io.tmpdir, which on a full disk fails with
 * a NullPointerException in a background thread instead of an error about the file.
 */
public final class Png {
    private Png() {}

    public static void write(Path file, BufferedImage image) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) throw new IOException(file + ": cannot write: this Java runtime has no PNG encoder");
        ImageWriter png = writers.next();
        try {
            AtomicFiles.write(file, out -> {
                try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
                    png.setOutput(ios);
                    png.write(image);
                }
            });
        } finally {
            png.dispose();
        }
    }
}
