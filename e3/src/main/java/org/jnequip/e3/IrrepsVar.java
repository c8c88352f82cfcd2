package org.jnequip.e3;

import java.util.Arrays;
import org.jnequip.autograd.Var;

/**
 * An irreps-valued feature: its data (N, irreps.dim), its {@link Irreps} and the layout of each block in memory
 * (e3nn-jax's {@code IrrepsArray} with its {@code mul_ir} / {@code ir_mul} layouts):
 * <pre>
 *   MUL_IR   e3nn's standard: copy u, component m of a block at off + u·(2l+1) + m
 *   IR_MUL   channel-last:    copy u, component m of a block at off + m·mul + u
 * </pre>
 * The irreps are kept as given (not simplified): in IR_MUL each entry is its own block. Layers take either
 * layout and convert only when their kernels need the other one; which layout a convolution keeps is the
 * backend's choice ({@link TensorProduct#preferredLayout}), never a caller's flag.
 *
 * {@snippet :
 * IrrepsVar h = IrrepsVar.of(x, Irreps.parse("4x0e+2x1o"));        // (N, 10), standard layout
 * IrrepsVar c = h.to(IrrepsVar.Layout.IR_MUL);                     // the same feature, channel-last
 * }
 */
public record IrrepsVar(Var data, Irreps irreps, Layout layout) {
    public enum Layout { MUL_IR, IR_MUL }

    public IrrepsVar {
        if (data.rank() != 2 || data.size(1) != irreps.dim())
            throw new IllegalArgumentException("IrrepsVar: data of shape " + Arrays.toString(data.shape()) + " for irreps " + irreps + " (dim " + irreps.dim() + ")");
    }

    /** Data in the standard layout. */
    public static IrrepsVar of(Var data, Irreps irreps) { return new IrrepsVar(data, irreps, Layout.MUL_IR); }

    /** The same feature in {@code target} layout: one column gather, or this when the layouts coincide. */
    public IrrepsVar to(Layout target) {
        if (target == layout || sameInBothLayouts(irreps)) return new IrrepsVar(data, irreps, target);
        return new IrrepsVar(data.indexSelect(1, columns(irreps, target == Layout.IR_MUL)), irreps, target);
    }

    /** The standard-layout data (converted if need be). */
    public Var standard() { return to(Layout.MUL_IR).data(); }

    /** True when every block has one copy or one component, so both layouts are the same memory. */
    static boolean sameInBothLayouts(Irreps irreps) {
        for (MulIrrep m : irreps) if (m.mul() > 1 && m.ir().dim() > 1) return false;
        return true;
    }

    /**
     * Source column of each destination column: to IR_MUL, destination off + m·mul + u reads off + u·d + m;
     * to MUL_IR the inverse.
     */
    static int[] columns(Irreps irreps, boolean toIrMul) {
        int[] c = new int[irreps.dim()];
        for (int b = 0; b < irreps.size(); b++) {
            int off = irreps.offset(b), mul = irreps.get(b).mul(), d = irreps.get(b).ir().dim();
            for (int u = 0; u < mul; u++)
                for (int m = 0; m < d; m++) {
                    int std = off + u * d + m, cl = off + m * mul + u;
                    if (toIrMul) c[cl] = std; else c[std] = cl;
                }
        }
        return c;
    }
}
