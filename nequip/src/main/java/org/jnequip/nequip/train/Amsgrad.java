package org.jnequip.nequip.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jnequip.autograd.NamedWeight;
import org.jnequip.tensor.Backend;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;

/**
 * Adam with the AMSGrad variant (torch.optim.Adam semantics, nequip-spec §6), updating a model's own weights in
 * place. Per parameter p with gradient g at step t (1-based):
 * <pre>
 *   g ← g + λ·p                       (weight_decay λ, L2 form as in torch Adam)
 *   m ← β1·m + (1−β1)·g
 *   v ← β2·v + (1−β2)·g²
 *   v̂ ← max(v̂, v)                     (amsgrad; otherwise v̂ = v)
 *   p ← p − lr/(1−β1^t) · m / (sqrt(v̂)/sqrt(1−β2^t) + ε)
 * </pre>
 * One path for every backend: each parameter is updated in its own storage by its backend's
 * {@link Backend#adamStep} (a composition of elementwise ops on a device, one loop on the CPU, the same IEEE
 * operations in the same order), so the model, and a step captured on a device, see the new values with no
 * reload and no host copy. State and arithmetic are float64 whatever the parameter dtype, the state on the
 * parameter's backend; every backend computes the same bits and a saved and restored state continues bit for
 * bit. The state comes to the host only for a checkpoint ({@link #stateTensors}).
 */
public final class Amsgrad {
    private final List<NamedWeight> params;
    private final double beta1, beta2, eps, weightDecay;
    private final boolean amsgrad;
    private final Tensor[][] state;            // per parameter {m, v, v̂ or null}, (numel) float64 on its backend; null before its first step
    private long step;

    public Amsgrad(List<NamedWeight> params, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("optimizer_betas: each must be in [0, 1), got " + beta1 + ", " + beta2);
        if (!(eps > 0)) throw new IllegalArgumentException("optimizer_eps: must be > 0, got " + eps);
        if (!(weightDecay >= 0)) throw new IllegalArgumentException("optimizer_weight_decay: must be >= 0, got " + weightDecay);
        this.params = List.copyOf(params);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.amsgrad = amsgrad;
        this.state = new Tensor[this.params.size()][];
    }

    public long stepCount() { return step; }

    /** One update of every parameter in place; {@code grads} in parameter order, each with its parameter's size. */
    public void step(List<Tensor> grads, double lr) {
        if (grads.size() != params.size()) throw new IllegalArgumentException("Amsgrad: " + grads.size() + " gradients for " + params.size() + " parameters");
        step++;
        double bc1 = 1 - StrictMath.pow(beta1, step), sqrtBc2 = StrictMath.sqrt(1 - StrictMath.pow(beta2, step));
        double stepSize = lr / bc1;
        for (int i = 0; i < params.size(); i++) {
            NamedWeight pw = params.get(i);
            Tensor pt = pw.var().value(), gt = grads.get(i);
            int n = pt.numel();
            if (gt == null) throw new IllegalArgumentException("Amsgrad: no gradient for parameter '" + pw.name() + "'");
            if (gt.numel() != n) throw new IllegalArgumentException("Amsgrad: gradient of '" + pw.name() + "' has " + gt.numel() + " values for " + n + " parameters");
            Backend be = pt.backend();
            Tensor[] st = state[i] != null ? state[i] : new Tensor[]{be.zeros(DType.F64, n), be.zeros(DType.F64, n), amsgrad ? be.zeros(DType.F64, n) : null};
            state[i] = be.adamStep(pt, gt.to(be), st, beta1, beta2, eps, weightDecay, stepSize, sqrtBc2);
        }
    }

    /** State as host float64 tensors named {@code m.<param>}, {@code v.<param>}, {@code vmax.<param>} (parameters stepped so far). */
    public LinkedHashMap<String, Tensor> stateTensors() {
        LinkedHashMap<String, Tensor> s = new LinkedHashMap<>();
        String[] kinds = {"m.", "v.", "vmax."};
        for (int k = 0; k < 3; k++)
            for (int i = 0; i < params.size(); i++)
                if (state[i] != null && state[i][k] != null) s.put(kinds[k] + params.get(i).name(), Tensor.of(state[i][k].toDoubleArray(), state[i][k].numel()));
        return s;
    }

    /** Restores a state saved with {@link #stateTensors()} and {@link #stepCount()}, onto each parameter's backend. */
    public void restore(Map<String, Tensor> saved, long stepCount) {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) index.put(params.get(i).name(), i);
        Tensor[][] got = new Tensor[params.size()][];
        for (var e : saved.entrySet()) {
            String k = e.getKey();
            int dot = k.indexOf('.');
            int kind = switch (dot < 0 ? "" : k.substring(0, dot)) {
                case "m" -> 0;
                case "v" -> 1;
                case "vmax" -> 2;
                default -> throw new IllegalArgumentException("Amsgrad: unknown state entry '" + k + "'");
            };
            Integer i = index.get(k.substring(dot + 1));
            if (i == null) throw new IllegalArgumentException("Amsgrad: state entry '" + k + "' names no parameter");
            Tensor pt = params.get(i).var().value();
            if (e.getValue().numel() != pt.numel()) throw new IllegalArgumentException("Amsgrad: state entry '" + k + "' has " + e.getValue().numel() + " values for " + pt.numel() + " parameters");
            if (got[i] == null) got[i] = new Tensor[3];
            got[i][kind] = pt.backend().fromHost(e.getValue().toDoubleArray(), DType.F64, pt.numel());
        }
        for (int i = 0; i < params.size(); i++) {
            Tensor[] st = got[i];
            if (st == null) { state[i] = null; continue; }
            Backend be = params.get(i).var().value().backend();
            int n = params.get(i).var().numel();
            state[i] = new Tensor[]{st[0] != null ? st[0] : be.zeros(DType.F64, n), st[1] != null ? st[1] : be.zeros(DType.F64, n),
                    !amsgrad ? null : st[2] != null ? st[2] : be.zeros(DType.F64, n)};
        }
        step = stepCount;
    }
}
