package org.jnequip.nequip.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jnequip.autograd.Var;
import org.jnequip.nequip.data.AtomicBatch;
import org.jnequip.nequip.model.NequipConfig;
import org.jnequip.tensor.Tensor;

/**
 * What the trainer needs from a model: named trainable leaves, a forward pass giving energies and forces of
 * a batch, and loading of weights by name. {@link NequipPotential} adapts the NequIP model; tests use small
 * stand-ins. Outputs are in physical units (eV, eV/Å).
 */
public interface Potential {

    /** Energies (B) and forces (N, 3); with createGraph the forces stay differentiable w.r.t. the parameters. */
    record Output(Var totalEnergy, Var forces) {}

    NequipConfig config();

    /** Trainable leaves in a stable order; re-read after {@link #loadParameters}, which may replace them. */
    LinkedHashMap<String, Var> parameters();

    /** Every tensor a model file stores (parameters plus buffers such as the per-species rescale). */
    LinkedHashMap<String, Tensor> stateDict();

    /** Replaces weights by name (shape-checked); unknown names are ignored, missing parameters are an error. */
    void loadParameters(Map<String, Tensor> values);

    Output predict(AtomicBatch batch, boolean createGraph);

    /** Builds a model for a config from a seed (random initialisation). */
    @FunctionalInterface
    interface Factory {
        Potential create(NequipConfig config, long seed);
    }

    /** Current parameter values by name. */
    default LinkedHashMap<String, Tensor> parameterValues() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        parameters().forEach((k, v) -> out.put(k, v.value()));
        return out;
    }
}
