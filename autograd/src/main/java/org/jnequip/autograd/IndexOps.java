package org.jnequip.autograd;

/**
 * Gather and scatter-sum along an axis. They are each other's adjoints:
 * indexSelect backward is indexAdd with the same index, and indexAdd backward is indexSelect.
 */
final class IndexOps {
    private IndexOps() {}

    /** out[..., i, ...] = x[..., index[i], ...]. */
    static Var indexSelect(Var x, int axis, int[] index) {
        int size = x.size(axis);
        return Var.record(OpProfile.start(), Double.NaN, x.value().indexSelect(axis, index), "indexSelect",
                (g, n) -> new Var[]{g.indexAdd(axis, index, size)}, x);
    }

    /** Scatter-sum: out[..., index[i], ...] += src[..., i, ...], out having {@code size} along axis. */
    static Var indexAdd(Var src, int axis, int[] index, int size) {
        return Var.record(OpProfile.start(), Double.NaN, src.value().indexAdd(axis, index, size), "indexAdd",
                (g, n) -> new Var[]{g.indexSelect(axis, index)}, src);
    }
}
