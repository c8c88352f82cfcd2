package org.jnequip.nequip.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jnequip.autograd.Var;
import org.jnequip.nequip.data.AtomicBatch;
import org.jnequip.nequip.model.NequipConfig;
import org.jnequip.nequip.model.NequipModel;
import org.jnequip.tensor.Tensor;

/**
 * {@link Potential} over the NequIP model ({@link NequipModel}): total energies (B) and forces (N, 3) of a
 * batch in eV and eV/Å; parameters and the state dict use nequip's names.
 */
public final class NequipPotential implements Potential {
    private final NequipModel model;

    public NequipPotential(NequipModel model) { this.model = model; }

    /** A freshly initialised model (nequip's randn initialisation from {@code seed}). */
    public static NequipPotential create(NequipConfig cfg, long seed) { return new NequipPotential(NequipModel.create(cfg, seed)); }

    public NequipModel model() { return model; }

    @Override public NequipConfig config() { return model.config(); }

    @Override public LinkedHashMap<String, Var> parameters() { return model.parameters(); }

    @Override public LinkedHashMap<String, Tensor> stateDict() { return model.stateDict(); }

    @Override public void loadParameters(Map<String, Tensor> values) { model.loadParameters(values); }

    @Override
    public Output predict(AtomicBatch batch, boolean createGraph) {
        NequipModel.Prediction p = model.predict(batch, createGraph, false);
        return new Output(p.totalEnergy(), p.forces());
    }
}
