package org.jnequip.cli;

import java.nio.file.Path;
import org.jnequip.nequip.io.ModelFile;
import org.jnequip.nequip.io.NequipStateDict;
import org.jnequip.nequip.md.NequipForceField;
import org.jnequip.nequip.model.NequipModel;
import org.jnequip.tensor.Backend;
import org.jnequip.tensor.Backends;
import org.jnequip.tensor.DType;

/** Loads a model file (or a run directory's best model) as a {@link NequipModel}, optionally in another dtype. */
final class ModelLoading {
    private ModelLoading() {}

    static NequipModel load(Path modelOrRun, String dtype) throws Exception { return load(modelOrRun, dtype, null); }

    /** The model with its weights on {@code device} (null or cpu: the CPU). */
    static NequipModel load(Path modelOrRun, String dtype, String device) throws Exception {
        Path file = EvaluateCommand.modelFile(modelOrRun);
        ModelFile.Contents c = ModelFile.read(file);
        DType dt = dtype == null ? c.config().dtype() : DType.parse(dtype);
        Backend be = device == null ? Backends.cpu() : Backends.get(device);
        NequipModel m = NequipModel.create(c.config().withDType(dt), 0, be);
        try {
            NequipStateDict.load(m, c.parameters());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": weights do not fit the model config: " + e.getMessage(), e);
        }
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
