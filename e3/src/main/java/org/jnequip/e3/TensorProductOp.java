package org.jnequip.e3;

import org.jnequip.autograd.Backward;
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
        Tensor[] t = values(ops);
        Backend be = backendOf(t);
        Tensor value = rows == null ? be.tpContract(plan, open, t[0], t[1], t[2], t[3])
                : be.tpContractIndexed(plan, open, t[0], rows.idx1(), rows.n1(), t[1], t[2], t[3], rows.idxOut(), rows.nOut());
        Var[] ins = ops.clone();
        double flops = timer == 0 ? 0 : plan.flops(t[1] != null ? t[1].size(0) : value.size(0));   // x2 is per sample (edge)
        return Var.record(timer, flops, value, opName(open), backward(plan, full, open, ins, rows), ins);
    }

    /**
     * ∂T/∂x2 and ∂T/∂w of an indexed contraction with every other slot given ({@code ops[X2]}, {@code ops[W]}
     * hold x2 and w, each needed by the other's result): both from one pass over the samples
     * ({@link Backend#tpContractIndexedX2W}), recorded as the two contractions they are, each with its own rule.
     */
    private static Var[] contractX2W(TpPlan plan, TpPlan full, Var[] ops, Rows rows) {
        int timer = OpProfile.start();
        Tensor[] t = values(ops);
        Tensor[] v = backendOf(t).tpContractIndexedX2W(plan, t[0], rows.idx1(), rows.n1(), t[1], t[2], t[3], rows.idxOut(), rows.nOut());
        Var[] insX2 = ops.clone(), insW = ops.clone();
        insX2[Slot.X2.ordinal()] = null;
        insW[Slot.W.ordinal()] = null;
        Var gx2 = Var.record(v[0], opName(Slot.X2), backward(plan, full, Slot.X2, insX2, rows), insX2);
        Var gw = Var.record(v[1], opName(Slot.W), backward(plan, full, Slot.W, insW, rows), insW);
        if (timer != 0) OpProfile.stop(timer, "tp_contract_x2w", 2 * plan.flops(t[1].size(0)), v, ops, gx2.requiresGrad() || gw.requiresGrad());
        return new Var[]{gx2, gw};
    }

    /**
     * The rule of a contraction with slot {@code open} computed from {@code ins}: slot S := G, then each needed slot
     * A is a contraction with A open; for an indexed one that needs both x2 and w (a convolution's backward),
     * those two come from one {@link #contractX2W}.
     */
    private static Backward backward(TpPlan plan, TpPlan full, Slot open, Var[] ins, Rows rows) {
        return (g, needs) -> {
            Var[] grads = new Var[4];
            Var[] o = ins.clone();
            o[open.ordinal()] = g;                     // slot S := G
            TpPlan p = open == Slot.W ? weightedOnly(full) : plan;   // w slot now holds a cotangent
            int ix2 = Slot.X2.ordinal(), iw = Slot.W.ordinal();
            boolean both = rows != null && open != Slot.X2 && open != Slot.W && needs[ix2] && needs[iw];
            for (Slot a : Slot.values()) {             // slot order, as without the fused pair
                if (a == open || !needs[a.ordinal()] || both && a == Slot.W) continue;
                if (both && a == Slot.X2) {
                    Var[] r = contractX2W(p, full, o, rows);
                    grads[ix2] = r[0];
                    grads[iw] = r[1];
                    continue;
                }
                Var[] oa = o.clone();
                oa[a.ordinal()] = null;                // slot A is the one computed
                grads[a.ordinal()] = contract(p, full, a, oa, rows);
            }
            return grads;
        };
    }

    private static String opName(Slot open) { return "tp_contract_" + open.name().toLowerCase(java.util.Locale.ROOT); }

    private static Tensor[] values(Var[] ops) {
        Tensor[] t = new Tensor[4];
        for (int s = 0; s < 4; s++) if (ops[s] != null) t[s] = ops[s].value();
        return t;
    }

    private static Backend backendOf(Tensor[] t) {
        for (Tensor x : t) if (x != null) return x.backend();
        throw new IllegalArgumentException("TensorProductOp.contract: no operands");
    }

    private static final java.util.Map<TpPlan, TpPlan> WEIGHTED = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** The plan without its unweighted paths (the same object when every path has weights). */
    static TpPlan weightedOnly(TpPlan plan) {
        if (plan.paths().stream().allMatch(TpPlan.Path::hasWeight)) return plan;
        return WEIGHTED.computeIfAbsent(plan, p -> new TpPlan(p.dim1(), p.dim2(), p.dimOut(), p.weightNumel(), p.sharedWeights(),
                p.paths().stream().filter(TpPlan.Path::hasWeight).toList(), p.channelLast()));
    }
}
