package org.jnequip.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jnequip.autograd.NamedWeight;
import org.jnequip.nequip.data.AtomicBatch;
import org.jnequip.nequip.model.NequipConfig;
import org.jnequip.nequip.train.NequipPotential;
import org.jnequip.nequip.train.Potential;
import org.jnequip.tensor.Tensor;

/** Test support: a NequIP potential that calls a hook before each forward pass (to count, record or fail there). */
final class WatchedPotential implements Potential {
    @FunctionalInterface
    interface Hook {
        void beforePredict(AtomicBatch batch, boolean createGraph);
    }

    private final NequipPotential p;
    private final Hook hook;

    WatchedPotential(NequipPotential p, Hook hook) {
        this.p = p;
        this.hook = hook;
    }

    @Override public NequipConfig config() { return p.config(); }
    @Override public List<NamedWeight> weights() { return p.weights(); }
    @Override public LinkedHashMap<String, Tensor> stateDict() { return p.stateDict(); }
    @Override public void load(Map<String, Tensor> values) { p.load(values); }

    @Override
    public Output predict(AtomicBatch batch, boolean createGraph) {
        hook.beforePredict(batch, createGraph);
        return p.predict(batch, createGraph);
    }
}
