package org.jnequip.e3;

import org.jnequip.autograd.OpProfile;
import org.jnequip.autograd.Var;
import org.jnequip.tensor.Backend;
import org.jnequip.tensor.Tensor;
import org.jnequip.tensor.TpPlan;
import org.jnequip.tensor.TpPlan.Slot;

/**
 * The sparse Clebsch–Gordan tensor product as a recorded, differentiable op (house style §1).
 *
 * <p>A {@link TpPlan} defines a form T(x1, x2, w, out) that is linear in each of its four slots
 * (Σ over samples, paths and CG entries of c·x1·x2·W·out). The forward is out = ∂T/∂out; in general the op
 * {@code contract(plan, S, ·)} computes V_S = ∂T/∂S from the three other slots. Because T is multilinear,
 * <pre>
 *   ∂⟨G, V_S⟩/∂A = ∂T/∂A evaluated with slot S replaced by G  =  contract(plan, A, …, S := G, …)
 * </pre>
 * for every other slot A: the backward of a contraction is again a contraction with another slot open,
 * recorded like any op, so gradients of any order (forces, then force training) stay on the tape.
 * Shared weights (w of shape (weightNumel)) receive the gradient summed over samples.
 *
 * <p>Paths without weights contribute T₀(x1, x2, out), which does not depend on w (the backend treats their
 * W as 1). Once the w slot holds a cotangent instead of weights (any contraction derived through V_W), T₀
 * must drop out, so those contractions run on the plan restricted to weighted paths.
 *
 * {@snippet :
 * Var out = TensorProductOp.apply(plan, x1, x2, w);            // (Z, dimOut)
 * Var gx1 = Tape.grad(out.square().sum(), x1, true);            // itself differentiable
 * }
 */
public final class TensorProductOp {
    private TensorProductOp() {}

    /** out = TP(x1, x2, w): x1 (Z, dim1), x2 (Z, dim2), w (Z, weightNumel) or (weightNumel); w may be null without weights. */
    public static Var apply(TpPlan plan, Var x1, Var x2, Var w) {
        return contract(plan, Slot.OUT, new Var[]{x1, x2, w, null});
    }

    /**
     * ∂T/∂open given the other operands, {@code ops} in {@link Slot} order (x1, x2, w, out) with
     * {@code ops[open] == null}. With open ≠ OUT, {@code ops[OUT]} is the output cotangent and the result is a
     * vector–Jacobian product. {@code ops[W]} must hold weights (paths without weights count with W = 1).
     */
    public static Var contract(TpPlan plan, Slot open, Var[] ops) { return contract(plan, plan, open, ops, null); }

    /**
     * A graph convolution: out[t] = Σ_(z: idxOut[z] = t) TP(x1[idx1[z]], x2[z], w[z]) with x1 (n1, dim1),
     * x2 (Z, dim2), w (Z, weightNumel) → (nOut, dimOut), i.e. indexAdd(TP(indexSelect(x1, idx1), x2, w), idxOut)
     * as one op ({@link org.jnequip.tensor.Backend#tpContractIndexed}). The form is still multilinear in
     * (x1, x2, w, out), with x1 and out living on the rows the indices name, so its backward is again an
     * indexed contraction with another slot open and every order of derivative stays on the tape.
     */
    public static Var applyIndexed(TpPlan plan, Var x1, int[] idx1, Var x2, Var w, int[] idxOut, int nOut) {
        return contract(plan, plan, Slot.OUT, new Var[]{x1, x2, w, null}, new Rows(idx1, x1.size(0), idxOut, nOut));
    }

    /** Gather/scatter rows of an indexed contraction (null: the plain per-sample form). */
    private record Rows(int[] idx1, int n1, int[] idxOut, int nOut) {}

    /** {@code plan} is the current plan, {@code full} the one with unweighted paths (the original). */
    private static Var contract(TpPlan plan, TpPlan full, Slot open, Var[] ops, Rows rows) {
        if (ops.length != 4) throw new IllegalArgumentException("TensorProductOp.contract: need 4 operands (x1, x2, w, out), got " + ops.length);
        int timer = OpProfile.start();
        Tensor[] t = new Tensor[4];
        Backend be = null;
        for (int s = 0; s < 4; s++) {
            if (ops[s] == null) continue;
            t[s] = ops[s].value();
            be = t[s].backend();
        }
        if (be == null) throw new IllegalArgumentException("TensorProductOp.contract: no operands");
        Tensor value = rows == null ? be.tpContract(plan, open, t[0], t[1], t[2], t[3])
                : be.tpContractIndexed(plan, open, t[0], rows.idx1(), rows.n1(), t[1], t[2], t[3], rows.idxOut(), rows.nOut());
        Var[] ins = ops.clone();
        double flops = timer == 0 ? 0 : plan.flops(t[1] != null ? t[1].size(0) : value.size(0));   // x2 is per sample (edge)
        return Var.record(timer, flops, value, "tp_contract_" + open.name().toLowerCase(java.util.Locale.ROOT), (g, needs) -> {
            Var[] grads = new Var[4];
            for (Slot a : Slot.values()) {
                if (a == open || !needs[a.ordinal()]) continue;
                Var[] o = ins.clone();
                o[open.ordinal()] = g;                 // slot S := G
                o[a.ordinal()] = null;                 // slot A is the one computed
                TpPlan p = open == Slot.W ? weightedOnly(full) : plan;   // w slot now holds a cotangent
                grads[a.ordinal()] = contract(p, full, a, o, rows);
            }
            return grads;
        }, ins);
    }

    private static final java.util.Map<TpPlan, TpPlan> WEIGHTED = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** The plan without its unweighted paths (the same object when every path has weights). */
    static TpPlan weightedOnly(TpPlan plan) {
        if (plan.paths().stream().allMatch(TpPlan.Path::hasWeight)) return plan;
        return WEIGHTED.computeIfAbsent(plan, p -> new TpPlan(p.dim1(), p.dim2(), p.dimOut(), p.weightNumel(), p.sharedWeights(),
                p.paths().stream().filter(TpPlan.Path::hasWeight).toList(), p.channelLast()));
    }
}
