package org.jnequip.kernels;

import org.jnequip.tensor.TpPlan;

/**
 * Column permutations between the channel-last block layout of a {@link TpPlan} (element (u, m) of a block at
 * off + m·mul + u) and the standard irreps layout (off + u·d + m). Columns outside the blocks the paths use keep
 * their place. {@code perms(...)[0]} gathers standard from channel-last, {@code [1]} the way back.
 */
final class ChannelLast {
    private ChannelLast() {}

    private static final java.util.Map<TpPlan, int[][][]> CACHE = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /**
     * @param x1 true: the blocks of x1 (dim1); false: the blocks of out (dimOut). The arrays are cached per plan
     *           and must not be modified: the device backend caches its uploads of index arrays by identity, so
     *           the same arrays every call mean no upload per call.
     */
    static int[][] perms(TpPlan plan, boolean x1) {
        return CACHE.computeIfAbsent(plan, p -> new int[][][]{build(p, true), build(p, false)})[x1 ? 0 : 1];
    }

    private static int[][] build(TpPlan plan, boolean x1) {
        int dim = x1 ? plan.dim1() : plan.dimOut();
        int[] toStd = new int[dim], toCl = new int[dim];
        for (int c = 0; c < dim; c++) toStd[c] = c;
        for (TpPlan.Path p : plan.paths()) {
            int off = x1 ? p.off1() : p.offOut(), mul = x1 ? p.mul1() : p.mulOut(), d = x1 ? p.d1() : p.d3();
            for (int u = 0; u < mul; u++)
                for (int m = 0; m < d; m++) toStd[off + u * d + m] = off + m * mul + u;
        }
        for (int c = 0; c < dim; c++) toCl[toStd[c]] = c;
        return new int[][]{toStd, toCl};
    }
}
