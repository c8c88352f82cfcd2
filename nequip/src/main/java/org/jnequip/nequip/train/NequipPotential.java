package org.jnequip.nequip.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jnequip.autograd.NamedWeight;
import org.jnequip.nequip.data.AtomicBatch;
import org.jnequip.nequip.io.NequipStateDict;
import org.jnequip.nequip.model.NequipConfig;
import org.jnequip.nequip.model.NequipModel;
import org.jnequip.tensor.Backend;
import org.jnequip.tensor.Backends;
import org.jnequip.tensor.Tensor;

/**
 * {@link Potential} over the NequIP model ({@link NequipModel}): total energies (B) and forces (N, 3) of a
 * batch in eV and eV/Å; weights and the state dict under nequip's names ({@link NequipStateDict}).
 */
public final class NequipPotential implements Potential {
    private final NequipModel model;

    public NequipPotential(NequipModel model) { this.model = model; }

    /** A freshly initialised model on the CPU (nequip's randn initialisation from {@code seed}). */
    public static NequipPotential create(NequipConfig cfg, long seed) { return create(cfg, seed, Backends.cpu()); }

    /** The same on {@code backend}. */
    public static NequipPotential create(NequipConfig cfg, long seed, Backend backend) { return new NequipPotential(NequipModel.create(cfg, seed, backend)); }

    public NequipModel model() { return model; }

    @Override public NequipConfig config() { return model.config(); }

    @Override public List<NamedWeight> weights() { return NequipStateDict.named(model); }

    @Override public LinkedHashMap<String, Tensor> stateDict() { return NequipStateDict.of(model); }

    @Override public void load(Map<String, Tensor> values) { NequipStateDict.load(model, values); }

    @Override
    public Output predict(AtomicBatch batch, boolean createGraph) {
        NequipModel.Prediction p = model.predict(batch, createGraph, false);
        return new Output(p.totalEnergy(), p.forces());
    }
}
