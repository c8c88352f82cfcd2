package org.jnequip.nequip.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jnequip.autograd.NamedWeight;
import org.jnequip.autograd.Var;
import org.jnequip.nequip.data.AtomicBatch;
import org.jnequip.nequip.model.NequipConfig;
import org.jnequip.tensor.Backend;
import org.jnequip.tensor.Tensor;

/**
 * What the trainer needs from a model: its weights (the model's own Vars, named as its files store them), a
 * forward pass giving energies and forces of a batch, and the state dict a model file holds.
 * {@link NequipPotential} adapts the NequIP model; tests use small stand-ins. Outputs are in physical units (eV,
 * eV/Å).
 */
public interface Potential {

    /** Energies (B) and forces (N, 3); with createGraph the forces stay differentiable w.r.t. the parameters. */
    record Output(Var totalEnergy, Var forces) {}

    NequipConfig config();

    /**
     * Every weight and buffer in a stable order, named as {@link #stateDict} names them. The Vars are those the
     * model computes with, so writing their values in place ({@link Tensor#assign}) changes the model.
     */
    List<NamedWeight> weights();

    Output predict(AtomicBatch batch, boolean createGraph);

    /** What a model file stores: the weights by name (live tensors: copy what must outlive training). */
    default LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> s = new LinkedHashMap<>();
        for (NamedWeight w : weights()) s.put(w.name(), w.var().value());
        return s;
    }

    /** Writes weights by name in place ({@link NamedWeight#load}: trainable ones must be present). */
    default void load(Map<String, Tensor> values) { NamedWeight.load(weights(), values); }

    /** The trainable weights, in {@link #weights} order. */
    default List<NamedWeight> trainable() { return weights().stream().filter(NamedWeight::trainable).toList(); }

    /** Builds a model for a config from a seed (random initialisation), its weights on {@code backend}. */
    @FunctionalInterface
    interface Factory {
        Potential create(NequipConfig config, long seed, Backend backend);
    }
}
