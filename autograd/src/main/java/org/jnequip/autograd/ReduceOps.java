package org.jnequip.autograd;

import java.util.Arrays;
import org.jnequip.tensor.BinaryOp;
import org.jnequip.tensor.Shape;
import org.jnequip.tensor.Tensor;

/** Reductions: sum (adjoint: broadcast back), max (gradient shared among ties), and sumTo for broadcasting. */
final class ReduceOps {
    private ReduceOps() {}

    static Var sum(Var x, int[] axes, boolean keepDims) {
        int[] ax = x.value().normAxes(axes);
        int[] inShape = x.shape();
        int[] kept = keptShape(inShape, ax);
        return Var.record(OpProfile.start(), Double.NaN, x.value().sum(ax, keepDims), "sum", (g, n) -> new Var[]{g.reshape(kept).expand(inShape)}, x);
    }

    static int[] keptShape(int[] s, int[] axes) {
        int[] k = s.clone();
        for (int a : axes) k[a] = 1;
        return k;
    }

    static Var max(Var x, int axis, boolean keepDims) {
        int ax = Shape.axis(axis, x.rank(), "max");
        int timer = OpProfile.start();
        Tensor m = x.value().max(ax, true);
        Tensor hit = x.value().binary(BinaryOp.EQ, m.expand(x.shape()));
        Tensor share = hit.div(hit.sum(ax, true).expand(x.shape()));       // ties split the gradient equally
        int[] kept = keptShape(x.shape(), new int[]{ax});
        Var w = Var.constant(share);
        Tensor out = keepDims ? m : m.reshape(x.value().max(ax, false).shape());
        return Var.record(timer, Double.NaN, out, "max", (g, n) -> new Var[]{g.reshape(kept).expand(x.shape()).mul(w)}, x);
    }

    /** Sums a broadcast result back to {@code shape}: over leading extra axes and axes where shape has 1. */
    static Var sumTo(Var g, int[] shape) {
        int[] gs = g.shape();
        if (Arrays.equals(gs, shape)) return g;
        int lead = gs.length - shape.length;
        if (lead < 0) throw new IllegalArgumentException("sumTo: cannot reduce " + Arrays.toString(gs) + " to " + Arrays.toString(shape));
        int[] axes = new int[gs.length];
        int c = 0;
        for (int i = 0; i < gs.length; i++) {
            if (i < lead || (shape[i - lead] == 1 && gs[i] != 1)) axes[c++] = i;
            else if (shape[i - lead] != gs[i]) throw new IllegalArgumentException("sumTo: cannot reduce " + Arrays.toString(gs) + " to " + Arrays.toString(shape));
        }
        Var r = c == 0 ? g : g.sum(Arrays.copyOf(axes, c), true);
        return r.reshape(shape);
    }
}
