package org.jnequip.tensor;

import java.util.List;

/**
 * Descriptor of a sparse Clebsch–Gordan tensor-product contraction, the domain primitive behind e3nn's
 * {@code TensorProduct}. It is a plain data record so that every backend (CPU, CUDA, OpenCL) can run it.
 *
 * <p>For sample z, path p with mode 'uvu' (NequIP's convolution):
 * {@code out[z, offOut + u*d3 + k] += Σ_(i,j,k,c) c · x1[z, off1 + u*d1 + i] · x2[z, off2 + v*d2 + j] · w[z, offW + u*mul2 + v]}
 * where {@code c} is the CG entry already multiplied by the path weight (nequip-spec §3).
 * Other modes index u, v, w as in e3nn's instruction table. The whole operation is trilinear in (x1, x2, w),
 * so each gradient is the same contraction with another slot left open: see {@link Slot}.
 *
 * @param dim1 feature width of x1 (irreps_in1.dim)
 * @param dim2 feature width of x2
 * @param dimOut width of the output
 * @param weightNumel total number of weights
 * @param sharedWeights true: w has shape (weightNumel); false: w has shape (Z, weightNumel) (per-edge weights)
 * @param channelLast false: the standard irreps layout; true: the blocks of x1 and out that the paths use are
 *        stored channel-last, element (u, m) of a block at {@code off + m*mul + u} instead of {@code off + u*d + m}
 *        (a layout internal to a model, e.g. NequIP's convolution, which spares per-sample transposes; x2 and
 *        w keep the standard layout). Supported for plans whose paths are all 'uvu' with mul2 = 1.
 */
public record TpPlan(int dim1, int dim2, int dimOut, int weightNumel, boolean sharedWeights, List<Path> paths, boolean channelLast) {

    /** A plan in the standard layout. */
    public TpPlan(int dim1, int dim2, int dimOut, int weightNumel, boolean sharedWeights, List<Path> paths) {
        this(dim1, dim2, dimOut, weightNumel, sharedWeights, paths, false);
    }

    /** Whether x1 and out may be channel-last: every path 'uvu' with mul2 = 1 (and at least one path). */
    public boolean allowsChannelLast() {
        return !paths.isEmpty() && paths.stream().allMatch(p -> p.mode() == Mode.UVU && p.mul2() == 1);
    }

    /** The same contraction with x1 and out in the given layout. */
    public TpPlan withChannelLast(boolean cl) {
        return cl == channelLast ? this : new TpPlan(dim1, dim2, dimOut, weightNumel, sharedWeights, paths, cl);
    }

    /**
     * Floating-point operations of one contraction (any slot) over z samples, the FLOP model of the benchmarks:
     * two multiply-adds (4 flops) per CG entry and weight combination, 4·z·Σ_paths combinations·nnz(CG).
     */
    public double flops(int z) {
        double f = 0;
        for (Path p : paths) {
            double combos = switch (p.mode()) {
                case UVW -> (double) p.mul1() * p.mul2() * p.mulOut();
                case UVU, UVV -> (double) p.mul1() * p.mul2();
                case UUW -> (double) p.mul1() * p.mulOut();
                case UUU -> p.mul1();
            };
            f += 4.0 * z * combos * p.nnz();
        }
        return f;
    }

    /** Connection modes of e3nn instructions. */
    public enum Mode { UVW, UVU, UVV, UUW, UUU }

    /** Which operand a {@code tpContract} call computes; the other three are given. */
    public enum Slot { X1, X2, W, OUT }

    /**
     * One instruction with its sparse CG entries (i, j, k, c): i indexes the 2l1+1 components of x1, j of x2,
     * k of the output, and c is the real CG coefficient times the path weight. {@code offW < 0} marks a path
     * without weights (e3nn {@code has_weight=False}): it contracts as if all its weights were 1.
     */
    public record Path(Mode mode, int mul1, int mul2, int mulOut, int off1, int off2, int offOut, int offW,
                       int d1, int d2, int d3, int[] i, int[] j, int[] k, double[] c) {
        public int nnz() { return c.length; }

        public boolean hasWeight() { return offW >= 0; }

        /** Number of weights this path uses (e3nn path_shape product; 0 without weights). */
        public int weightNumel() {
            if (!hasWeight()) return 0;
            return switch (mode) {
                case UVW -> mul1 * mul2 * mulOut;
                case UVU, UVV -> mul1 * mul2;
                case UUW -> mul1 * mulOut;
                case UUU -> mul1;
            };
        }
    }
}
