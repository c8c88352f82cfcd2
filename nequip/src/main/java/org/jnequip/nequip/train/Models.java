package org.jnequip.nequip.train;

import java.io.IOException;
import java.nio.file.Path;
import org.jnequip.nequip.io.ModelFile;
import org.jnequip.tensor.Backends;

/**
 * The NequIP potential factory used by the command line, and loading of model files into a ready potential.
 */
public final class Models {
    private Models() {}

    /** Creates NequIP models (random initialisation from a seed). */
    public static Potential.Factory nequip() {
        return (cfg, seed, backend) -> NequipPotential.create(cfg, seed, backend);
    }

    /** A loaded model file: the potential with its weights, plus the file's metadata. */
    public record Loaded(Potential potential, ModelFile.Contents contents) {}

    /** Reads a model file and builds the potential with {@code factory} on the CPU, loading the stored weights. */
    public static Loaded load(Path file, Potential.Factory factory) throws IOException {
        ModelFile.Contents c = ModelFile.read(file);
        Potential p = factory.create(c.config(), 0, Backends.cpu());
        try {
            p.load(c.parameters());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": weights do not fit the model config: " + e.getMessage(), e);
        }
        return new Loaded(p, c);
    }
}
