package org.jnequip.nequip.plot;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jnequip.nequip.io.AtomicFiles;

/** Writes an image as PNG through a temporary file and an atomic rename. */
public final class Png {
    private Png() {}

    public static void write(Path file, BufferedImage image) throws IOException {
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) throw new IOException(file + ": no PNG writer available");
        });
    }
}
