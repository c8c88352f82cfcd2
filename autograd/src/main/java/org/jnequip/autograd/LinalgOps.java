package org.jnequip.autograd;

import org.jnequip.tensor.Tensor;

/**
 * Matrix product C = α·op(A)·op(B) (batched over leading dims, or one operand 2-D and shared).
 * Backward: ∂A = α·g·op(B)ᵀ, ∂B = α·op(A)ᵀ·g, written for each transpose flag without materialising
 * transposes, and summed over the batch when an operand was shared.
 */
final class LinalgOps {
    private LinalgOps() {}

    static Var matmul(Var a, Var b, boolean ta, boolean tb, double alpha) {
        int timer = OpProfile.start();
        Tensor c = a.value().matmul(b.value(), ta, tb, alpha);
        double flops = timer == 0 ? 0 : 2.0 * c.numel() * a.size(ta ? -2 : -1);    // 2·|C|·K
        return Var.record(timer, flops, c, "matmul", (g, n) -> {
            Var ga = null, gb = null;
            if (n[0]) {
                // C = A·B  → ∂A = g·Bᵀ ; C = Aᵀ·B → ∂A = B·gᵀ ; with op(B) in place of B
                ga = ta ? b.matmul(g, tb, true, alpha) : g.matmul(b, false, !tb, alpha);
                ga = reduceBatch(ga, a.shape());
            }
            if (n[1]) {
                // C = A·B  → ∂B = Aᵀ·g ; C = A·Bᵀ → ∂B = gᵀ·A ; with op(A) in place of A
                gb = tb ? g.matmul(a, true, ta, alpha) : a.matmul(g, !ta, false, alpha);
                gb = reduceBatch(gb, b.shape());
            }
            return new Var[]{ga, gb};
        }, a, b);
    }

    /** A 2-D operand shared across a batch receives the sum of the per-batch gradients. */
    private static Var reduceBatch(Var g, int[] shape) {
        if (g.rank() == shape.length) return g;
        int lead = g.rank() - shape.length;
        int[] axes = new int[lead];
        for (int i = 0; i < lead; i++) axes[i] = i;
        return g.sum(axes, false);
    }
}
