package org.jnequip.nequip.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jnequip.tensor.Tensor;

/**
 * Adam with the AMSGrad variant (torch.optim.Adam semantics, nequip-spec §6), over named parameter tensors.
 * Per parameter p with gradient g at step t (1-based):
 * <pre>
 *   g ← g + λ·p                       (weight_decay λ, L2 form as in torch Adam)
 *   m ← β1·m + (1−β1)·g
 *   v ← β2·v + (1−β2)·g²
 *   v̂ ← max(v̂, v)                     (amsgrad; otherwise v̂ = v)
 *   p ← p − lr/(1−β1^t) · m / (sqrt(v̂)/sqrt(1−β2^t) + ε)
 * </pre>
 * State and arithmetic are float64 on the host whatever the parameter dtype, so a saved and restored state
 * continues bit for bit.
 */
public final class Amsgrad {
    private final double beta1, beta2, eps, weightDecay;
    private final boolean amsgrad;
    private final Map<String, double[]> m = new LinkedHashMap<>(), v = new LinkedHashMap<>(), vMax = new LinkedHashMap<>();
    private long step;

    public Amsgrad(double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("optimizer_betas: each must be in [0, 1), got " + beta1 + ", " + beta2);
        if (!(eps > 0)) throw new IllegalArgumentException("optimizer_eps: must be > 0, got " + eps);
        if (!(weightDecay >= 0)) throw new IllegalArgumentException("optimizer_weight_decay: must be >= 0, got " + weightDecay);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.amsgrad = amsgrad;
    }

    public long stepCount() { return step; }

    /** One update; returns the new parameter tensors (same names, shapes and dtypes). */
    public LinkedHashMap<String, Tensor> step(Map<String, Tensor> params, Map<String, Tensor> grads, double lr) {
        step++;
        double bc1 = 1 - StrictMath.pow(beta1, step), sqrtBc2 = StrictMath.sqrt(1 - StrictMath.pow(beta2, step));
        double stepSize = lr / bc1;
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (var e : params.entrySet()) {
            String name = e.getKey();
            Tensor pt = e.getValue(), gt = grads.get(name);
            if (gt == null) throw new IllegalArgumentException("Amsgrad: no gradient for parameter '" + name + "'");
            double[] p = pt.toDoubleArray(), g = gt.toDoubleArray();
            if (g.length != p.length) throw new IllegalArgumentException("Amsgrad: gradient of '" + name + "' has " + g.length + " values for " + p.length + " parameters");
            double[] mi = m.computeIfAbsent(name, k -> new double[p.length]);
            double[] vi = v.computeIfAbsent(name, k -> new double[p.length]);
            double[] vh = amsgrad ? vMax.computeIfAbsent(name, k -> new double[p.length]) : vi;
            for (int i = 0; i < p.length; i++) {
                double gi = g[i] + weightDecay * p[i];
                mi[i] = beta1 * mi[i] + (1 - beta1) * gi;
                vi[i] = beta2 * vi[i] + (1 - beta2) * gi * gi;
                if (amsgrad) vh[i] = Math.max(vh[i], vi[i]);
                p[i] -= stepSize * mi[i] / (Math.sqrt(vh[i]) / sqrtBc2 + eps);
            }
            out.put(name, Tensor.of(p, pt.dtype(), pt.shape()));
        }
        return out;
    }

    /** State as float64 tensors named {@code m.<param>}, {@code v.<param>}, {@code vmax.<param>}. */
    public LinkedHashMap<String, Tensor> stateTensors() {
        LinkedHashMap<String, Tensor> s = new LinkedHashMap<>();
        m.forEach((k, a) -> s.put("m." + k, Tensor.of(a, a.length)));
        v.forEach((k, a) -> s.put("v." + k, Tensor.of(a, a.length)));
        vMax.forEach((k, a) -> s.put("vmax." + k, Tensor.of(a, a.length)));
        return s;
    }

    /** Restores a state saved with {@link #stateTensors()} and {@link #stepCount()}. */
    public void restore(Map<String, Tensor> state, long stepCount) {
        m.clear();
        v.clear();
        vMax.clear();
        for (var e : state.entrySet()) {
            String k = e.getKey();
            int dot = k.indexOf('.');
            Map<String, double[]> target = switch (dot < 0 ? "" : k.substring(0, dot)) {
                case "m" -> m;
                case "v" -> v;
                case "vmax" -> vMax;
                default -> throw new IllegalArgumentException("Amsgrad: unknown state entry '" + k + "'");
            };
            target.put(k.substring(dot + 1), e.getValue().toDoubleArray());
        }
        step = stepCount;
    }
}
