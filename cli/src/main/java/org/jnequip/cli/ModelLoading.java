package org.jnequip.cli;

import java.nio.file.Path;
import org.jnequip.interop.ModelSources;
import org.jnequip.nequip.md.NequipForceField;
import org.jnequip.nequip.model.NequipModel;
import org.jnequip.tensor.Backends;
import org.jnequip.tensor.DType;

/**
 * Loads the model of {@code --model} through {@link ModelSources} (a JNequIP model file or run, a nequip run
 * directory or a deployed nequip model), optionally in another dtype and on a device.
 */
final class ModelLoading {
    private ModelLoading() {}

    static NequipModel load(Path source, String dtype, String device) throws Exception {
        NequipModel m = ModelSources.load(source, dtype == null ? null : DType.parse(dtype)).model();
        if (device != null && !device.equalsIgnoreCase("cpu")) m.to(Backends.get(device));
        return m;
    }
    /**
     * The force field for md/serve: {@code --skin} in Å, or by default 0 on the CPU (a fresh neighbour list per
     * call costs about 1% there) and 0.5 Å on a device, where a kept list lets each step replay one captured graph.
     */
    static NequipForceField forceField(NequipModel m, Double skin, String device) {
        double s = skin != null ? skin : device.equalsIgnoreCase("cpu") ? 0.0 : 0.5;
        if (!(s >= 0)) throw new IllegalArgumentException("--skin: must be >= 0 Å, got " + s);
        NequipForceField ff = new NequipForceField(m, s);
        if (s > 0) System.out.printf(java.util.Locale.ROOT, "neighbour list: r_max + %.2f Å skin, rebuilt when an atom moves %.2f Å; "
                + "the energy+forces step is captured per list and replayed%n", s, s / 2);
        return ff;
    }
}
