package org.jnequip.tensor.cpu;

import java.util.Arrays;
import org.jnequip.tensor.ReduceOp;
import org.jnequip.tensor.Shape;

/**
 * Reduction leaf loops: out[o] = ⊕_{i ↦ o} x[i] (⊕ = +, max or min) over a set of axes, accumulated in float64
 * for both dtypes. Every path adds the elements of one output in row-major order of the input, so the fast
 * paths give bit-identical results to the general one and to any thread count:
 * <ul>
 *   <li>trailing axes reduced: x viewed as (outer, inner), out[o] = ⊕_i x[o, i], parallel over o;</li>
 *   <li>leading axes reduced: x viewed as (red, inner), out[j] = ⊕_r x[r, j], parallel over column blocks;</li>
 *   <li>anything else: one serial row-major walk with an output offset counter.</li>
 * </ul>
 */
final class Reduce {
    private Reduce() {}

    /** Returns the float64 accumulators in the shape of x with the reduced axes set to 1. */
    static double[] reduce(ReduceOp op, Object x, int[] s, boolean[] red) {
        int r = s.length, nOut = 1, n = Shape.numel(s);
        for (int i = 0; i < r; i++) nOut *= red[i] ? 1 : s[i];
        double init = switch (op) { case SUM -> 0.0; case MAX -> Double.NEGATIVE_INFINITY; case MIN -> Double.POSITIVE_INFINITY; };
        double[] acc = new double[nOut];
        Arrays.fill(acc, init);
        if (n == 0) return acc;
        // size-1 axes do not change the memory order, so they are ignored when classifying
        boolean trailing = true, leading = true, seenRed = false, seenKept = false;
        for (int i = 0; i < r; i++) {
            if (s[i] == 1) continue;
            if (red[i]) { seenRed = true; leading &= !seenKept; }
            else { seenKept = true; trailing &= !seenRed; }
        }
        if (trailing) lastAxis(op, x, nOut, n / Math.max(1, nOut), acc);
        else if (leading) firstAxis(op, x, n / Math.max(1, nOut), nOut, acc);
        else general(op, x, s, red, acc);
        return acc;
    }

    private static double get(Object x, int i) { return x instanceof double[] d ? d[i] : ((float[]) x)[i]; }

    private static double combine(ReduceOp op, double acc, double v) {
        return switch (op) { case SUM -> acc + v; case MAX -> Math.max(acc, v); case MIN -> Math.min(acc, v); };
    }

    /** out[o] = ⊕_i x[o·inner + i]. */
    private static void lastAxis(ReduceOp op, Object x, int outer, int inner, double[] acc) {
        Parallel.forRange(outer, inner, (lo, hi) -> {
            for (int o = lo; o < hi; o++) {
                double s = acc[o];
                int base = o * inner;
                if (x instanceof double[] d) {
                    switch (op) {
                        case SUM -> { for (int i = 0; i < inner; i++) s += d[base + i]; }
                        case MAX -> { for (int i = 0; i < inner; i++) s = Math.max(s, d[base + i]); }
                        case MIN -> { for (int i = 0; i < inner; i++) s = Math.min(s, d[base + i]); }
                    }
                } else {
                    float[] f = (float[]) x;
                    switch (op) {
                        case SUM -> { for (int i = 0; i < inner; i++) s += f[base + i]; }
                        case MAX -> { for (int i = 0; i < inner; i++) s = Math.max(s, f[base + i]); }
                        case MIN -> { for (int i = 0; i < inner; i++) s = Math.min(s, f[base + i]); }
                    }
                }
                acc[o] = s;
            }
        });
    }

    /** out[j] = ⊕_r x[r·inner + j]: rows added in order, each task owning a block of columns. */
    private static void firstAxis(ReduceOp op, Object x, int rows, int inner, double[] acc) {
        Parallel.forRange(inner, rows, (lo, hi) -> {
            for (int r = 0; r < rows; r++) {
                int base = r * inner;
                if (x instanceof double[] d && op == ReduceOp.SUM) {
                    for (int j = lo; j < hi; j++) acc[j] += d[base + j];
                } else if (x instanceof float[] f && op == ReduceOp.SUM) {
                    for (int j = lo; j < hi; j++) acc[j] += f[base + j];
                } else {
                    for (int j = lo; j < hi; j++) acc[j] = combine(op, acc[j], get(x, base + j));
                }
            }
        });
    }

    /** Serial row-major walk; o follows the output offset of input element i. */
    private static void general(ReduceOp op, Object x, int[] s, boolean[] red, double[] acc) {
        int r = s.length, n = Shape.numel(s);
        int[] keep = new int[r];
        for (int i = 0; i < r; i++) keep[i] = red[i] ? 1 : s[i];
        int[] ks = Shape.strides(keep), outStride = new int[r], idx = new int[r];
        for (int i = 0; i < r; i++) outStride[i] = red[i] ? 0 : ks[i];
        int o = 0;
        for (int i = 0; i < n; i++) {
            acc[o] = combine(op, acc[o], get(x, i));
            for (int ax = r - 1; ax >= 0; ax--) {
                idx[ax]++;
                o += outStride[ax];
                if (idx[ax] < s[ax]) break;
                o -= outStride[ax] * idx[ax];
                idx[ax] = 0;
            }
        }
    }
}
