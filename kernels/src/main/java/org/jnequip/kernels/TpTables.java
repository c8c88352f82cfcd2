package org.jnequip.kernels;

import java.util.ArrayList;
import java.util.List;
import org.jnequip.tensor.TpPlan;

/**
 * Host-side flattening of a {@link TpPlan} for the device kernels (tp_common.h), one table per open slot.
 * ints = [path headers, 16 ints each | row pointers | entries (i, j, k)]; coef[e] the CG value times path weight.
 * Entries of each path are grouped (stably) by the open operand's component: k for OUT, i for X1, j for X2,
 * a single row for W. Header: mode, mul1, mul2, mulOut, off1, off2, offOut, offW, d1, d2, d3,
 * row-pointer index, weight count (0 for a path without weights, offW < 0), 1 for the channel-last layout of x1
 * and out ({@link TpPlan#channelLast}).
 */
record TpTables(int paths, int[] ints, int entBase, double[] coef) {
    static final int STRIDE = 16;

    static TpTables build(TpPlan plan, TpPlan.Slot slot) {
        List<TpPlan.Path> ps = plan.paths();
        int P = ps.size();
        int rowsTotal = 0, nnz = 0;
        for (int p = 0; p < P; p++) {
            TpPlan.Path q = ps.get(p);
            check(plan, q, p);
            rowsTotal += rows(q, slot) + 1;
            nnz += q.nnz();
        }
        int rowBase = P * STRIDE, entBase = rowBase + rowsTotal;
        int[] ints = new int[entBase + 3 * nnz];
        double[] coef = new double[nnz];
        int rp = rowBase, e = 0;
        for (int p = 0; p < P; p++) {
            TpPlan.Path q = ps.get(p);
            int h = p * STRIDE;
            int[] hdr = {q.mode().ordinal(), q.mul1(), q.mul2(), q.mulOut(), q.off1(), q.off2(), q.offOut(), q.offW(), q.d1(), q.d2(), q.d3(), rp, weights(q), plan.channelLast() ? 1 : 0};
            System.arraycopy(hdr, 0, ints, h, hdr.length);
            int nr = rows(q, slot);
            List<List<Integer>> byRow = new ArrayList<>();
            for (int r = 0; r < nr; r++) byRow.add(new ArrayList<>());
            for (int t = 0; t < q.nnz(); t++) byRow.get(key(q, slot, t)).add(t);
            for (int r = 0; r < nr; r++) {
                ints[rp + r] = e;
                for (int t : byRow.get(r)) {
                    ints[entBase + 3 * e] = q.i()[t];
                    ints[entBase + 3 * e + 1] = q.j()[t];
                    ints[entBase + 3 * e + 2] = q.k()[t];
                    coef[e++] = q.c()[t];
                }
            }
            ints[rp + nr] = e;
            rp += nr + 1;
        }
        return new TpTables(P, ints, entBase, coef);
    }

    /** Weights of a path; 0 for an unweighted path (offW < 0). */
    static int weights(TpPlan.Path q) { return q.offW() < 0 ? 0 : q.weightNumel(); }

    private static int rows(TpPlan.Path q, TpPlan.Slot slot) {
        return switch (slot) { case OUT -> q.d3(); case X1 -> q.d1(); case X2 -> q.d2(); case W -> 1; };
    }

    private static int key(TpPlan.Path q, TpPlan.Slot slot, int t) {
        return switch (slot) { case OUT -> q.k()[t]; case X1 -> q.i()[t]; case X2 -> q.j()[t]; case W -> 0; };
    }

    /** Rejects a path whose blocks or CG entries fall outside the plan's widths. */
    private static void check(TpPlan plan, TpPlan.Path q, int p) {
        String at = "tpContract: path " + p + " (" + q.mode() + ")";
        int n = q.nnz();
        if (q.i().length != n || q.j().length != n || q.k().length != n)
            throw new IllegalArgumentException(at + ": CG index arrays have lengths " + q.i().length + "/" + q.j().length + "/" + q.k().length + " for " + n + " coefficients");
        if (q.off1() < 0 || q.off1() + q.mul1() * q.d1() > plan.dim1() || q.off2() < 0 || q.off2() + q.mul2() * q.d2() > plan.dim2()
                || q.offOut() < 0 || q.offOut() + q.mulOut() * q.d3() > plan.dimOut() || q.offW() + weights(q) > plan.weightNumel())
            throw new IllegalArgumentException(at + ": block outside the operand widths (dim1 " + plan.dim1() + ", dim2 " + plan.dim2() + ", dimOut " + plan.dimOut() + ", weights " + plan.weightNumel() + ")");
        boolean ok = switch (q.mode()) {
            case UVW -> true;
            case UVU -> q.mulOut() == q.mul1();
            case UVV -> q.mulOut() == q.mul2();
            case UUW -> q.mul1() == q.mul2();
            case UUU -> q.mul1() == q.mul2() && q.mulOut() == q.mul1();
        };
        if (!ok) throw new IllegalArgumentException(at + ": multiplicities " + q.mul1() + "/" + q.mul2() + "/" + q.mulOut() + " do not fit the mode");
        for (int t = 0; t < n; t++)
            if (q.i()[t] < 0 || q.i()[t] >= q.d1() || q.j()[t] < 0 || q.j()[t] >= q.d2() || q.k()[t] < 0 || q.k()[t] >= q.d3())
                throw new IllegalArgumentException(at + ": CG entry " + t + " (" + q.i()[t] + "," + q.j()[t] + "," + q.k()[t] + ") outside (" + q.d1() + "," + q.d2() + "," + q.d3() + ")");
    }
}
