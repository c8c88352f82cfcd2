package org.jnequip.nequip.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jnequip.autograd.NamedWeight;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;

/**
 * Exponential moving average of a model's weights (torch_ema semantics, nequip-spec §6). After each optimiser step:
 * <pre>
 *   n ← n + 1;  d = min(decay, (1+n)/(10+n))   (with use_num_updates, else d = decay)
 *   s ← s − (1−d)·(s − p)
 * </pre>
 * The shadow s starts as a copy of the initial weights and is kept in float64 on the weights' backend, updated
 * by the backend's {@link org.jnequip.tensor.Backend#emaStep} (the same bits on every backend). Validation and the saved best model use s:
 * {@link #swapIn} writes it into the weights (rounded to their dtype) and puts the trained values back when closed.
 * The shadow comes to the host only for a checkpoint.
 */
public final class Ema {
    private final List<NamedWeight> params;
    private final double decay;
    private final boolean useNumUpdates;
    private final Tensor[] shadow;             // per parameter, its shape, float64 on its backend
    private long numUpdates;

    public Ema(List<NamedWeight> params, double decay, boolean useNumUpdates) {
        if (!(decay >= 0 && decay <= 1)) throw new IllegalArgumentException("ema_decay: must be in [0, 1], got " + decay);
        this.params = List.copyOf(params);
        this.decay = decay;
        this.useNumUpdates = useNumUpdates;
        this.shadow = new Tensor[this.params.size()];
        for (int i = 0; i < shadow.length; i++) shadow[i] = this.params.get(i).var().value().to(DType.F64).copy();
    }

    public long numUpdates() { return numUpdates; }

    /** Moves the average towards the weights' current values. */
    public void update() {
        numUpdates++;
        double d = useNumUpdates ? Math.min(decay, (1.0 + numUpdates) / (10.0 + numUpdates)) : decay;
        double k = 1 - d;
        for (int i = 0; i < shadow.length; i++) shadow[i] = shadow[i].backend().emaStep(shadow[i], params.get(i).var().value(), k);   // s − k·(s − p)
    }

    /** The averages in the weights until {@link Swap#close}, which writes the trained values back bit for bit. */
    public Swap swapIn() {
        List<Tensor> trained = new ArrayList<>(shadow.length);
        for (int i = 0; i < shadow.length; i++) {
            Tensor p = params.get(i).var().value();
            trained.add(p.copy());
            p.assign(shadow[i].to(p.dtype()));
        }
        return () -> { for (int i = 0; i < shadow.length; i++) params.get(i).var().value().assign(trained.get(i)); };
    }

    /** The trained weights' way back (try-with-resources). */
    public interface Swap extends AutoCloseable {
        @Override void close();
    }

    /** The float64 averages by parameter name, on the host, for checkpoints. */
    public LinkedHashMap<String, Tensor> stateTensors() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < shadow.length; i++) out.put(params.get(i).name(), Tensor.of(shadow[i].toDoubleArray(), shadow[i].shape()));
        return out;
    }

    public void restore(Map<String, Tensor> state, long updates) {
        for (int i = 0; i < shadow.length; i++) {
            String k = params.get(i).name();
            Tensor t = state.get(k);
            if (t == null) throw new IllegalArgumentException("Ema: checkpoint lacks the average of '" + k + "'");
            if (t.numel() != shadow[i].numel()) throw new IllegalArgumentException("Ema: checkpoint average of '" + k + "' has " + t.numel() + " values, expected " + shadow[i].numel());
            shadow[i] = shadow[i].backend().fromHost(t.toDoubleArray(), DType.F64, shadow[i].shape());
        }
        numUpdates = updates;
    }
}
