package org.jnequip.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** sum/max/min over every subset of axes, with and without keepDims, against a plain multi-index loop. */
class ReduceTest {

    /** Reference: out[idx with reduced axes set to 0] ⊕= x[idx]. Returns values in the keepDims shape. */
    static double[] reference(ReduceOp op, double[] x, int[] s, boolean[] red) {
        int[] keep = s.clone();
        for (int a = 0; a < s.length; a++) if (red[a]) keep[a] = 1;
        double[] out = new double[Ref.numel(keep)];
        java.util.Arrays.fill(out, op == ReduceOp.SUM ? 0 : op == ReduceOp.MAX ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        for (int i = 0; i < x.length; i++) {
            int[] idx = Ref.unravel(i, s);
            for (int a = 0; a < s.length; a++) if (red[a]) idx[a] = 0;
            int o = Ref.ravel(idx, keep);
            out[o] = switch (op) { case SUM -> out[o] + x[i]; case MAX -> Math.max(out[o], x[i]); case MIN -> Math.min(out[o], x[i]); };
        }
        return out;
    }

    static void checkAllSubsets(int[] s, long seed) {
        Random r = new Random(seed);
        double[] x = Ref.randomF32(r, Ref.numel(s), -1, 1);
        int rank = s.length;
        for (int mask = 0; mask < (1 << rank); mask++) {
            boolean[] red = new boolean[rank];
            int[] axes = new int[Integer.bitCount(mask)];
            int[] dropped = new int[rank - axes.length];
            for (int a = 0, c = 0, d = 0; a < rank; a++) {
                red[a] = (mask >> a & 1) == 1;
                if (red[a]) { axes[c] = c % 2 == 1 ? a - rank : a; c++; }   // mix negative axes in
                else dropped[d++] = s[a];
            }
            int[] keep = s.clone();
            for (int a = 0; a < rank; a++) if (red[a]) keep[a] = 1;
            for (ReduceOp op : ReduceOp.values()) {
                double[] e = reference(op, x, s, red);
                String what = op + " of " + Ref.str(s) + " over " + java.util.Arrays.toString(axes);
                for (DType dt : DType.values()) {
                    Tensor t = Tensor.of(x, dt, s);
                    Tensor k = t.reduce(op, axes, true), nk = t.reduce(op, axes, false);
                    assertArrayEquals(keep, k.shape(), what + " keepDims shape");
                    assertArrayEquals(dropped, nk.shape(), what + " shape");
                    // float32 data accumulate in float64 and round once
                    double rt = dt == DType.F64 ? 1e-15 : 0x1p-24, at = 1e-15;
                    Ref.assertClose(e, k.toDoubleArray(), at, rt, what + " " + dt);
                    Ref.assertClose(e, nk.toDoubleArray(), at, rt, what + " " + dt);
                }
            }
        }
    }

    @Test
    void everyAxisSubsetRank4() { checkAllSubsets(new int[]{2, 3, 4, 5}, 1); }

    @Test
    void sizeOneAxesAndLargeFastPaths() {
        checkAllSubsets(new int[]{3, 1, 4}, 2);
        checkAllSubsets(new int[]{1, 5, 1}, 3);
        checkAllSubsets(new int[]{700, 67}, 4);       // parallel last-axis and first-axis paths
        checkAllSubsets(new int[]{9, 11, 40}, 5);
    }

    @Test
    void fullSumMeanAndEmpty() {
        Tensor x = Tensor.of(new double[]{1, 2, 3, 4, 5, 6}, 2, 3);
        assertEquals(21, x.sum().item());
        assertEquals(0, x.sum().rank());
        assertEquals(3.5, x.mean().item());
        assertArrayEquals(new double[]{2, 5}, x.mean(new int[]{1}, false).toDoubleArray());
        assertArrayEquals(new double[]{6, 15}, x.sum(-1, false).toDoubleArray());
        assertArrayEquals(new double[]{0, 0, 0}, Tensor.zeros(DType.F64, 0, 3).sum(0, false).toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(DType.F64, 0, 3).max(0, false));
        assertThrows(IllegalArgumentException.class, () -> x.sum(new int[]{1, -1}, false));
        assertThrows(IllegalArgumentException.class, () -> x.sum(2, false));
    }
}
