package org.jnequip.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jnequip.tensor.TpPlan;
import org.jnequip.tensor.TpPlan.Mode;
import org.jnequip.tensor.TpPlan.Path;
import org.jnequip.tensor.TpPlan.Slot;

/**
 * An independent, naive float64 reference for tpContract: the contraction is the trilinear form
 * <pre>  F = Σ_terms c · x1[a1] · x2[a2] · w[aw] · out[ao] </pre>
 * whose terms are enumerated straight from e3nn's mode table; the open slot's value at index s is
 * ∂F/∂slot[s], i.e. the sum of c times the other three factors over the terms with that index.
 * Also builds random plans that exercise every mode, two paths into one output block, empty CG rows and a
 * path without weights (offW = -1: weights taken as 1, no weight gradient).
 */
final class TpReference {
    private TpReference() {}

    @FunctionalInterface interface Term { void at(int a1, int a2, int aw, int ao, double c); }

    static void terms(TpPlan plan, Term f) {
        for (Path p : plan.paths()) {
            for (int t = 0; t < p.nnz(); t++) {
                int i = p.i()[t], j = p.j()[t], k = p.k()[t];
                double c = p.c()[t];
                int o1 = p.off1(), o2 = p.off2(), oo = p.offOut(), d1 = p.d1(), d2 = p.d2(), d3 = p.d3();
                // an unweighted path (offW < 0) reports aw = -1 - its would-be index, i.e. always negative
                int ow = p.offW() < 0 ? Integer.MIN_VALUE / 2 : p.offW();
                int m1 = p.mul1(), m2 = p.mul2(), mo = p.mulOut();
                switch (p.mode()) {
                    case UVW -> { for (int u = 0; u < m1; u++) for (int v = 0; v < m2; v++) for (int w = 0; w < mo; w++) f.at(o1 + u * d1 + i, o2 + v * d2 + j, ow + (u * m2 + v) * mo + w, oo + w * d3 + k, c); }
                    case UVU -> { for (int u = 0; u < m1; u++) for (int v = 0; v < m2; v++) f.at(o1 + u * d1 + i, o2 + v * d2 + j, ow + u * m2 + v, oo + u * d3 + k, c); }
                    case UVV -> { for (int u = 0; u < m1; u++) for (int v = 0; v < m2; v++) f.at(o1 + u * d1 + i, o2 + v * d2 + j, ow + u * m2 + v, oo + v * d3 + k, c); }
                    case UUW -> { for (int u = 0; u < m1; u++) for (int w = 0; w < mo; w++) f.at(o1 + u * d1 + i, o2 + u * d2 + j, ow + u * mo + w, oo + w * d3 + k, c); }
                    case UUU -> { for (int u = 0; u < m1; u++) f.at(o1 + u * d1 + i, o2 + u * d2 + j, ow + u, oo + u * d3 + k, c); }
                }
            }
        }
    }

    /**
     * The open operand for Z samples; operands are row-major (Z, width), w is (WN) when shared else (Z, WN),
     * null for the open slot (and for w when the plan has no weights). Shared-weight gradients sum over samples.
     */
    static double[] contract(TpPlan plan, Slot open, int Z, double[] x1, double[] x2, double[] w, double[] out) {
        int WN = plan.weightNumel();
        boolean sharedOut = open == Slot.W && plan.sharedWeights();
        int width = switch (open) { case X1 -> plan.dim1(); case X2 -> plan.dim2(); case W -> WN; case OUT -> plan.dimOut(); };
        double[] r = new double[(sharedOut ? 1 : Z) * width];
        for (int z = 0; z < Z; z++) {
            final int zz = z;
            int wo = plan.sharedWeights() ? 0 : z * WN;
            terms(plan, (a1, a2, aw, ao, c) -> {
                double v1 = open == Slot.X1 ? 1 : x1[zz * plan.dim1() + a1];
                double v2 = open == Slot.X2 ? 1 : x2[zz * plan.dim2() + a2];
                if (open == Slot.W && aw < 0) return;   // unweighted path: no weight gradient
                double vw = open == Slot.W || w == null || aw < 0 ? 1 : w[wo + aw];
                double vo = open == Slot.OUT ? 1 : out[zz * plan.dimOut() + ao];
                int s = switch (open) { case X1 -> a1; case X2 -> a2; case W -> aw; case OUT -> ao; };
                r[(sharedOut ? 0 : zz * width) + s] += c * v1 * v2 * vw * vo;
            });
        }
        return r;
    }

    /** Blocks (mul, d) of x1 and x2 and the paths between them; random sparse CG entries. */
    static TpPlan randomPlan(Random r, boolean shared) {
        int[][] b1 = {{3, 1}, {2, 3}, {3, 5}}, b2 = {{1, 1}, {1, 3}, {2, 5}, {3, 3}};
        // {mode, block1, block2, out block}; out blocks {mul, d}
        int[][] outB = {{3, 1}, {2, 3}, {4, 5}, {2, 5}, {3, 5}, {3, 3}, {3, 5}};
        Object[][] spec = {
            {Mode.UVU, 0, 0, 0}, {Mode.UVU, 1, 1, 1}, {Mode.UVU, 1, 2, 1},   // two paths into out block 1
            {Mode.UVW, 2, 1, 2}, {Mode.UVV, 0, 2, 3}, {Mode.UUW, 1, 2, 4}, {Mode.UUU, 0, 3, 5},
            {Mode.UVU, 2, 0, 6},                                                 // without weights (offW = -1)
        };
        int[] off1 = offsets(b1), off2 = offsets(b2), offO = offsets(outB);
        List<Path> paths = new ArrayList<>();
        int offW = 0;
        for (int sp = 0; sp < spec.length; sp++) {
            Object[] s = spec[sp];
            boolean weighted = sp < spec.length - 1;
            Mode m = (Mode) s[0];
            int[] p1 = b1[(int) s[1]], p2 = b2[(int) s[2]], po = outB[(int) s[3]];
            int d1 = p1[1], d2 = p2[1], d3 = po[1];
            List<int[]> ijk = new ArrayList<>();
            for (int i = 0; i < d1; i++) for (int j = 0; j < d2; j++) for (int k = 0; k < d3; k++)
                if (k != d3 - 1 || d3 == 1) if (r.nextDouble() < 0.6) ijk.add(new int[]{i, j, k});   // last k row empty
            if (ijk.isEmpty()) ijk.add(new int[]{0, 0, 0});
            int n = ijk.size();
            int[] ii = new int[n], jj = new int[n], kk = new int[n];
            double[] cc = new double[n];
            for (int q = 0; q < n; q++) { ii[q] = ijk.get(q)[0]; jj[q] = ijk.get(q)[1]; kk[q] = ijk.get(q)[2]; cc[q] = r.nextGaussian(); }
            Path p = new Path(m, p1[0], p2[0], po[0], off1[(int) s[1]], off2[(int) s[2]], offO[(int) s[3]], weighted ? offW : -1, d1, d2, d3, ii, jj, kk, cc);
            if (weighted) offW += p.weightNumel();
            paths.add(p);
        }
        return new TpPlan(dim(b1), dim(b2), dim(outB), offW, shared, paths);
    }

    private static int[] offsets(int[][] blocks) {
        int[] o = new int[blocks.length];
        for (int b = 1; b < blocks.length; b++) o[b] = o[b - 1] + blocks[b - 1][0] * blocks[b - 1][1];
        return o;
    }

    private static int dim(int[][] blocks) {
        int d = 0;
        for (int[] b : blocks) d += b[0] * b[1];
        return d;
    }
}
