package org.jnequip.nequip.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jnequip.tensor.Backends;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;

/**
 * Exponential moving average of the weights (torch_ema semantics, nequip-spec §6). After each optimiser step:
 * <pre>
 *   n ← n + 1;  d = min(decay, (1+n)/(10+n))   (with use_num_updates, else d = decay)
 *   s ← s − (1−d)·(s − p)
 * </pre>
 * The shadow s starts as a copy of the initial weights. Validation and the saved best model use s. The shadow is
 * kept in float64; {@link #weights} rounds it to each parameter's dtype. For parameters on a device the shadow
 * moves there (float64 tensors) and is updated by device ops in the host loop's order, so nothing is copied to
 * the host per step and the result is the same bit for bit; it comes back for checkpoints.
 */
public final class Ema {
    private final double decay;
    private final boolean useNumUpdates;
    private final LinkedHashMap<String, double[]> shadow = new LinkedHashMap<>();
    private final Map<String, Tensor> templates = new LinkedHashMap<>();
    /** Shadows of parameters on a device (float64); a name's current shadow is here if present, else in {@link #shadow}. */
    private final Map<String, Tensor> dev = new LinkedHashMap<>();
    private long numUpdates;

    public Ema(Map<String, Tensor> initial, double decay, boolean useNumUpdates) {
        if (!(decay >= 0 && decay <= 1)) throw new IllegalArgumentException("ema_decay: must be in [0, 1], got " + decay);
        this.decay = decay;
        this.useNumUpdates = useNumUpdates;
        initial.forEach((k, t) -> {
            shadow.put(k, t.toDoubleArray());
            templates.put(k, t);
        });
    }

    public long numUpdates() { return numUpdates; }

    public void update(Map<String, Tensor> params) {
        numUpdates++;
        double d = useNumUpdates ? Math.min(decay, (1.0 + numUpdates) / (10.0 + numUpdates)) : decay;
        double k = 1 - d;
        for (var e : shadow.entrySet()) {
            Tensor pt = params.get(e.getKey());
            if (pt == null) throw new IllegalArgumentException("Ema: missing parameter '" + e.getKey() + "'");
            if (pt.backend() != Backends.cpu()) {
                Tensor s = dev.get(e.getKey());
                if (s == null) s = pt.backend().fromHost(e.getValue(), DType.F64, e.getValue().length);
                Tensor p = pt.to(DType.F64).reshape(s.numel());
                dev.put(e.getKey(), s.sub(s.sub(p).mul(k)));                       // s − k·(s − p)
                continue;
            }
            toHost(e.getKey());
            double[] s = e.getValue(), p = pt.toDoubleArray();
            for (int i = 0; i < s.length; i++) s[i] -= k * (s[i] - p[i]);
        }
    }

    /** The averaged weights in each parameter's dtype and shape. */
    public LinkedHashMap<String, Tensor> weights() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        shadow.forEach((k, s) -> {
            Tensor t = templates.get(k), d = dev.get(k);
            out.put(k, d != null ? d.to(t.dtype()).reshape(t.shape()) : Tensor.of(s, t.dtype(), t.shape()));
        });
        return out;
    }

    /** Brings a device shadow back into {@link #shadow}. */
    private void toHost(String k) {
        Tensor d = dev.remove(k);
        if (d != null) shadow.put(k, d.toDoubleArray());
    }

    /** The float64 shadow, for checkpoints. */
    public LinkedHashMap<String, Tensor> stateTensors() {
        for (String k : new java.util.ArrayList<>(dev.keySet())) toHost(k);
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        shadow.forEach((k, s) -> out.put(k, Tensor.of(s.clone(), templates.get(k).shape())));
        return out;
    }

    public void restore(Map<String, Tensor> state, long updates) {
        dev.clear();
        for (String k : shadow.keySet()) {
            Tensor t = state.get(k);
            if (t == null) throw new IllegalArgumentException("Ema: checkpoint lacks the average of '" + k + "'");
            double[] s = t.toDoubleArray();
            if (s.length != shadow.get(k).length) throw new IllegalArgumentException("Ema: checkpoint average of '" + k + "' has " + s.length + " values, expected " + shadow.get(k).length);
            shadow.put(k, s);
        }
        numUpdates = updates;
    }
}
