package org.jnequip.nequip.train;

/**
 * The NequIP potential factory used by the command line (model files are loaded by {@code interop.ModelSources},
 * and a command rebuilds the loaded model with its factory).
 */
public final class Models {
    private Models() {}

    /** Creates NequIP models (random initialisation from a seed). */
    public static Potential.Factory nequip() {
        return NequipPotential::create;
    }
}
