package org.jnequip.autograd;

import java.util.ArrayList;
import java.util.List;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Shape;
import org.jnequip.tensor.Tensor;

/** Shape and layout ops. Each backward is the adjoint layout op (reshape↔reshape, permute↔inverse, slice↔pad). */
final class LayoutOps {
    private LayoutOps() {}

    static Var reshape(Var x, int[] shape) {
        int[] in = x.shape();
        int timer = OpProfile.start();
        Tensor y = x.value().reshape(shape);
        return Var.record(timer, Double.NaN, y, "reshape", (g, n) -> new Var[]{g.reshape(in)}, x);
    }

    static Var permute(Var x, int[] perm) {
        int r = x.rank();
        int[] inv = new int[r];
        for (int i = 0; i < r; i++) inv[Shape.axis(perm[i], r, "permute")] = i;
        return Var.record(OpProfile.start(), Double.NaN, x.value().permute(perm), "permute", (g, n) -> new Var[]{g.permute(inv)}, x);
    }

    static Var transpose(Var x, int a, int b) {
        int r = x.rank();
        int[] p = new int[r];
        for (int i = 0; i < r; i++) p[i] = i;
        int i = Shape.axis(a, r, "transpose"), j = Shape.axis(b, r, "transpose");
        p[i] = j;
        p[j] = i;
        return permute(x, p);
    }

    static Var expand(Var x, int[] shape) {
        int[] in = x.shape();
        return Var.record(OpProfile.start(), Double.NaN, x.value().expand(shape), "expand", (g, n) -> new Var[]{g.sumTo(in)}, x);
    }

    /**
     * Slice [start, end) along axis; backward pads the gradient with zeros (differentiable). The tape sums the
     * gradients of several slices of one value as one tiling ({@link SliceGrads}).
     */
    static Var slice(Var x, int axis, int start, int end) {
        int ax = Shape.axis(axis, x.rank(), "slice");
        int len = x.shape()[ax];
        return Var.record(OpProfile.start(), Double.NaN, x.value().slice(ax, start, end), "slice", new SliceGrads.Rule(ax, start, end, len), x);
    }

    /**
     * The slices [starts[k], ends[k]) along axis computed in one op; each piece records the backward of
     * {@link #slice}, so the tape sums the pieces' gradients as one tiling, as for separate slices.
     */
    static List<Var> split(Var x, int axis, int[] starts, int[] ends) {
        int ax = Shape.axis(axis, x.rank(), "split");
        int len = x.shape()[ax];
        int timer = OpProfile.start();
        Tensor[] ys = x.value().split(ax, starts, ends);
        List<Var> out = new ArrayList<>(ys.length);
        for (int k = 0; k < ys.length; k++) out.add(Var.record(ys[k], "slice", new SliceGrads.Rule(ax, starts[k], ends[k], len), x));
        OpProfile.stop(timer, "split", Double.NaN, ys, new Var[]{x}, !out.isEmpty() && out.get(0).requiresGrad());
        return out;
    }

    static Var pad(Var x, int axis, int before, int after) {
        int ax = Shape.axis(axis, x.rank(), "pad");
        int len = x.shape()[ax];
        if (before == 0 && after == 0) return x;
        return Var.record(OpProfile.start(), Double.NaN, x.value().pad(ax, before, after), "pad", (g, n) -> new Var[]{g.slice(ax, before, before + len)}, x);
    }

    static Var concat(List<Var> xs, int axis) {
        if (xs.size() == 1) return xs.get(0);
        int timer = OpProfile.start();
        List<Tensor> ts = new ArrayList<>(xs.size());
        for (Var v : xs) ts.add(v.value());
        Tensor y = Tensor.concat(ts, axis);
        int ax = Shape.axis(axis, y.rank(), "concat");
        int[] starts = new int[xs.size() + 1];
        for (int i = 0; i < xs.size(); i++) starts[i + 1] = starts[i] + xs.get(i).shape()[ax];
        return Var.record(timer, Double.NaN, y, "concat", (g, n) -> concatBackward(g, ax, starts, n), xs.toArray(new Var[0]));
    }

    /** The needed inputs' gradients: their slices of g, cut in one split. */
    private static Var[] concatBackward(Var g, int ax, int[] starts, boolean[] needs) {
        int m = 0;
        for (boolean b : needs) if (b) m++;
        int[] s = new int[m], e = new int[m];
        for (int i = 0, j = 0; i < needs.length; i++) if (needs[i]) { s[j] = starts[i]; e[j++] = starts[i + 1]; }
        List<Var> pieces = split(g, ax, s, e);
        Var[] out = new Var[needs.length];
        for (int i = 0, j = 0; i < needs.length; i++) if (needs[i]) out[i] = pieces.get(j++);
        return out;
    }

    static Var cast(Var x, DType dt) {
        if (x.dtype() == dt) return x;
        DType from = x.dtype();
        return Var.record(OpProfile.start(), Double.NaN, x.value().to(dt), "cast", (g, n) -> new Var[]{g.to(from)}, x);
    }
}
