package org.jnequip.tensor.cpu;

import org.jnequip.tensor.TpPlan.Mode;
import org.jnequip.tensor.TpPlan.Path;
import org.jnequip.tensor.TpPlan.Slot;

/**
 * Sparse CG contraction of one sample and one path, any connection mode, scalar loops on float64 rows
 * (rung v1 of the kernel ladder; {@link TpUvu} is the fast rung for NequIP's uvu paths).
 *
 * <p>A path is a sum over "pairs" (a, b) of x1 and x2 multiplicity indices, each feeding one or several
 * (o, widx) = (output multiplicity, weight index):
 * <pre>
 *   uvw: pairs (u, v)  → (w, (u·mul2 + v)·mulOut + w) for all w
 *   uvu: pairs (u, v)  → (u, u·mul2 + v)
 *   uvv: pairs (u, v)  → (v, u·mul2 + v)
 *   uuw: pairs (u, u)  → (w, u·mulOut + w) for all w
 *   uuu: pairs (u, u)  → (u, u)
 * </pre>
 * and each (pair, o) contributes Σ_(i,j,k,c) c · x1[a,i] · x2[b,j] · W[widx] · out[o,k] to the multilinear form
 * T. The open slot receives ∂T/∂slot (W ≡ 1 for a path without weights).
 */
final class TpGeneric {
    private TpGeneric() {}

    /**
     * Adds this path's ∂T/∂open into {@code res} (the row of the open operand, normal layout).
     * {@code w}/{@code wo}: weight row and its offset (ignored for unweighted paths); {@code g}: the out row.
     * For open = W, {@code res[ro + offW + widx]} receives the weight gradient. {@code t} is scratch of length ≥ d3.
     */
    static void path(Path p, Slot open, double[] x1, double[] x2, double[] w, int wo, double[] g, double[] res, int ro, double[] t) {
        boolean uu = p.mode() == Mode.UUW || p.mode() == Mode.UUU;
        boolean manyOut = p.mode() == Mode.UVW || p.mode() == Mode.UUW;
        int nb = uu ? 1 : p.mul2(), nOut = manyOut ? p.mulOut() : 1;
        int d1 = p.d1(), d2 = p.d2(), d3 = p.d3(), nnz = p.nnz();
        int[] pi = p.i(), pj = p.j(), pk = p.k();
        double[] pc = p.c();
        boolean weighted = p.hasWeight();
        for (int a = 0; a < p.mul1(); a++) {
            for (int bb = 0; bb < nb; bb++) {
                int b = uu ? a : bb;
                int oFirst, wBase;                         // widx(o) = wBase + (o - oFirst)
                switch (p.mode()) {
                    case UVW -> { oFirst = 0; wBase = (a * p.mul2() + b) * p.mulOut(); }
                    case UVU -> { oFirst = a; wBase = a * p.mul2() + b; }
                    case UVV -> { oFirst = b; wBase = a * p.mul2() + b; }
                    case UUW -> { oFirst = 0; wBase = a * p.mulOut(); }
                    default -> { oFirst = a; wBase = a; }
                }
                int x1o = p.off1() + a * d1, x2o = p.off2() + b * d2;
                if (open == Slot.OUT || open == Slot.W) {
                    java.util.Arrays.fill(t, 0, d3, 0.0);                           // t[k] = Σ c·x1[a,i]·x2[b,j]
                    for (int q = 0; q < nnz; q++) t[pk[q]] += pc[q] * x1[x1o + pi[q]] * x2[x2o + pj[q]];
                    for (int n = 0; n < nOut; n++) {
                        int o = oFirst + n, widx = wBase + n, oo = p.offOut() + o * d3;
                        if (open == Slot.OUT) {
                            double wv = weighted ? w[wo + p.offW() + widx] : 1.0;
                            for (int k = 0; k < d3; k++) res[ro + oo + k] += wv * t[k];
                        } else if (weighted) {
                            double s = 0;
                            for (int k = 0; k < d3; k++) s += g[oo + k] * t[k];
                            res[ro + p.offW() + widx] += s;
                        }
                    }
                } else {
                    java.util.Arrays.fill(t, 0, d3, 0.0);                           // t[k] = Σ_o W·out[o,k]
                    for (int n = 0; n < nOut; n++) {
                        double wv = weighted ? w[wo + p.offW() + wBase + n] : 1.0;
                        int oo = p.offOut() + (oFirst + n) * d3;
                        for (int k = 0; k < d3; k++) t[k] += wv * g[oo + k];
                    }
                    if (open == Slot.X1) {
                        for (int q = 0; q < nnz; q++) res[ro + x1o + pi[q]] += pc[q] * x2[x2o + pj[q]] * t[pk[q]];
                    } else {
                        for (int q = 0; q < nnz; q++) res[ro + x2o + pj[q]] += pc[q] * x1[x1o + pi[q]] * t[pk[q]];
                    }
                }
            }
        }
    }

    /** Rough multiply-add count of one sample of this path (for the parallel split). */
    static long cost(Path p) {
        boolean uu = p.mode() == Mode.UUW || p.mode() == Mode.UUU;
        boolean manyOut = p.mode() == Mode.UVW || p.mode() == Mode.UUW;
        long pairs = (long) p.mul1() * (uu ? 1 : p.mul2());
        return pairs * (p.nnz() + (long) (manyOut ? p.mulOut() : 1) * p.d3());
    }
}
