package org.jnequip.nequip.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jnequip.tensor.Backend;
import org.jnequip.tensor.Backends;
import org.jnequip.tensor.DType;
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
 * State and arithmetic are float64 whatever the parameter dtype, so a saved and restored state continues bit for
 * bit. For parameters on a device the state lives there too (float64 tensors) and the update is a handful of
 * elementwise ops on the device — no copy to the host inside a training step. Each op is one IEEE operation in
 * the host loop's order (products by a constant as {@code mul}, which an FMA cannot change), so the device
 * update equals the host one bit for bit; the state comes to the host only for a checkpoint.
 */
public final class Amsgrad {
    private final double beta1, beta2, eps, weightDecay;
    private final boolean amsgrad;
    private final Map<String, double[]> m = new LinkedHashMap<>(), v = new LinkedHashMap<>(), vMax = new LinkedHashMap<>();
    /** State of parameters on a device: {m, v, v̂ (amsgrad) or null}, float64; a name is either here or in the host maps. */
    private final Map<String, Tensor[]> dev = new LinkedHashMap<>();
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
        Map<Backend, Tensor> sqrtBc2On = new java.util.IdentityHashMap<>();   // the divisor as a device scalar, once per step
        for (var e : params.entrySet()) {
            String name = e.getKey();
            Tensor pt = e.getValue(), gt = grads.get(name);
            if (gt == null) throw new IllegalArgumentException("Amsgrad: no gradient for parameter '" + name + "'");
            if (pt.backend() != Backends.cpu()) {
                Tensor divisor = sqrtBc2On.computeIfAbsent(pt.backend(), b -> b.full(DType.F64, sqrtBc2));
                out.put(name, deviceStep(name, pt, gt, stepSize, divisor));
                continue;
            }
            toHost(name);
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

    /** The host loop above as device ops, in the same order (see the class comment). */
    private Tensor deviceStep(String name, Tensor pt, Tensor gt, double stepSize, Tensor sqrtBc2) {
        Backend be = pt.backend();
        int n = pt.numel();
        if (gt.numel() != n) throw new IllegalArgumentException("Amsgrad: gradient of '" + name + "' has " + gt.numel() + " values for " + n + " parameters");
        Tensor[] st = dev.get(name);
        if (st == null) {                                      // from the host state (a restored checkpoint) or zeros
            double[] mh = m.remove(name), vh = v.remove(name), xh = vMax.remove(name);
            st = new Tensor[]{mh != null ? be.fromHost(mh, DType.F64, n) : be.zeros(DType.F64, n),
                    vh != null ? be.fromHost(vh, DType.F64, n) : be.zeros(DType.F64, n),
                    !amsgrad ? null : xh != null ? be.fromHost(xh, DType.F64, n) : be.zeros(DType.F64, n)};
        }
        Tensor p = pt.to(DType.F64).reshape(n), g = gt.to(DType.F64).reshape(n);
        if (weightDecay != 0) g = g.add(p.mul(weightDecay));                       // g + λ·p
        Tensor mi = st[0].mul(beta1).add(g.mul(1 - beta1));                         // β1·m + (1−β1)·g
        Tensor vi = st[1].mul(beta2).add(g.mul(1 - beta2).mul(g));                  // β2·v + ((1−β2)·g)·g
        Tensor vh = amsgrad ? st[2].maximum(vi) : vi;
        Tensor den = vh.sqrt().div(sqrtBc2).add(eps);                               // √v̂ / √(1−β2^t) + ε
        Tensor np = p.sub(mi.mul(stepSize).div(den));                               // p − (lr/(1−β1^t)·m) / den
        dev.put(name, new Tensor[]{mi, vi, amsgrad ? vh : null});
        return np.to(pt.dtype()).reshape(pt.shape());
    }

    /** Moves a parameter's device state, if any, into the host maps. */
    private void toHost(String name) {
        Tensor[] st = dev.remove(name);
        if (st == null) return;
        m.put(name, st[0].toDoubleArray());
        v.put(name, st[1].toDoubleArray());
        if (st[2] != null) vMax.put(name, st[2].toDoubleArray());
    }

    /** State as float64 tensors named {@code m.<param>}, {@code v.<param>}, {@code vmax.<param>}. */
    public LinkedHashMap<String, Tensor> stateTensors() {
        for (String name : new java.util.ArrayList<>(dev.keySet())) toHost(name);   // a checkpoint is host data
        LinkedHashMap<String, Tensor> s = new LinkedHashMap<>();
        m.forEach((k, a) -> s.put("m." + k, Tensor.of(a, a.length)));
        v.forEach((k, a) -> s.put("v." + k, Tensor.of(a, a.length)));
        vMax.forEach((k, a) -> s.put("vmax." + k, Tensor.of(a, a.length)));
        return s;
    }

    /** Restores a state saved with {@link #stateTensors()} and {@link #stepCount()}. */
    public void restore(Map<String, Tensor> state, long stepCount) {
        dev.clear();
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
