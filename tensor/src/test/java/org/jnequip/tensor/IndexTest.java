package org.jnequip.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** indexSelect (gather) and indexAdd (scatter-sum) on axes 0 and 1 with repeated indices, and oneHot. */
class IndexTest {

    static void check(int[] s, int axis, int[] index, int size, Random r) {
        double[] x = Ref.randomF32(r, Ref.numel(s), -1, 1);
        // gather: out[..., i, ...] = x[..., index[i], ...]
        int[] gs = s.clone();
        gs[axis] = index.length;
        double[] g = new double[Ref.numel(gs)];
        for (int i = 0; i < g.length; i++) {
            int[] idx = Ref.unravel(i, gs);
            idx[axis] = index[idx[axis]];
            g[i] = x[Ref.ravel(idx, s)];
        }
        // scatter-sum of a source with index.length along axis
        int[] ss = s.clone();
        ss[axis] = index.length;
        double[] src = Ref.randomF32(r, Ref.numel(ss), -1, 1);
        int[] os = s.clone();
        os[axis] = size;
        double[] sc = new double[Ref.numel(os)], tol32 = new double[sc.length], cnt = new double[sc.length];
        for (int i = 0; i < src.length; i++) {
            int[] idx = Ref.unravel(i, ss);
            idx[axis] = index[idx[axis]];
            int o = Ref.ravel(idx, os);
            sc[o] += src[i];
            tol32[o] += Math.abs(src[i]);
            cnt[o]++;
        }
        for (int o = 0; o < sc.length; o++) tol32[o] *= cnt[o] * 0x1p-24;   // float32 sums: γ_count·Σ|src|
        String what = Ref.str(s) + " axis " + axis + " index length " + index.length;
        for (DType dt : DType.values()) {
            Tensor y = Tensor.of(x, dt, s).indexSelect(axis, index);
            assertArrayEquals(gs, y.shape(), what);
            Ref.assertClose(g, y.toDoubleArray(), 0, 0, "indexSelect " + what + " " + dt);
            Tensor z = Tensor.of(src, dt, ss).indexAdd(axis, index, size);
            assertArrayEquals(os, z.shape(), what);
            if (dt == DType.F64) Ref.assertClose(sc, z.toDoubleArray(), 1e-15, 1e-15, "indexAdd " + what + " f64");
            else Ref.assertWithin(sc, z.toDoubleArray(), tol32, "indexAdd " + what + " f32");
        }
    }

    @Test
    void gatherAndScatterOnAxes0And1WithRepeats() {
        Random r = new Random(21);
        check(new int[]{5, 3}, 0, new int[]{4, 0, 0, 2, 4, 4, 1}, 5, r);
        check(new int[]{4, 6, 2}, 1, new int[]{5, 5, 0, 3}, 6, r);
        check(new int[]{3, 4}, 1, new int[]{3, 3, 3, 3, 3, 3, 3, 3, 0}, 4, r);
        check(new int[]{4, 3}, 0, new int[]{}, 4, r);                      // empty index: zeros / empty gather
        int n = 2000, e = 9000;
        int[] big = new int[e];
        for (int i = 0; i < e; i++) big[i] = r.nextInt(n);
        check(new int[]{n, 16}, 0, big, n, r);                               // parallel paths
        check(new int[]{3, n, 4}, 1, big, n, r);
        int[] cols = new int[90];                                           // column gathers as Gate runs them (inner 1), parallel over rows
        for (int i = 0; i < cols.length; i++) cols[i] = r.nextInt(40);
        check(new int[]{900, 40}, 1, cols, 40, r);
        check(new int[]{600, 40, 3}, 1, cols, 40, r);
    }

    /**
     * Column scatters (inner 1) with the same number of sources per target (a permutation; each column repeated 3
     * times) take vector gathers; uneven counts the CSR loop. Both give exactly the float sums 0 + x_first + … in
     * source order (so −0 becomes +0), in both dtypes, with lengths that leave a scalar tail.
     */
    @Test
    void columnScattersSumSourcesInOrderExactly() {
        Random r = new Random(8);
        int rows = 37, size = 53;
        int[] perm = new int[size], triple = new int[3 * size], uneven = new int[70];
        for (int t = 0; t < size; t++) perm[t] = t;
        for (int t = size - 1; t > 0; t--) { int u = r.nextInt(t + 1), v = perm[t]; perm[t] = perm[u]; perm[u] = v; }
        for (int i = 0; i < triple.length; i++) triple[i] = perm[i % size];
        for (int i = 0; i < uneven.length; i++) uneven[i] = r.nextInt(size);
        for (int[] index : new int[][]{perm, triple, uneven}) {
            int n = index.length;
            double[] src = Ref.randomF32(r, rows * n, -1, 1);
            for (int i = 0; i < 10; i++) src[i] = -0.0;                 // 0 + (−0) = +0: a sum that starts from its first term would keep −0
            for (DType dt : DType.values()) {
                double[] got = Tensor.of(src, dt, rows, n).indexAdd(1, index, size).toDoubleArray();
                for (int o = 0; o < rows; o++)
                    for (int t = 0; t < size; t++) {
                        float f = 0f;
                        double d = 0.0;
                        for (int i = 0; i < n; i++) if (index[i] == t) { f += (float) src[o * n + i]; d += src[o * n + i]; }
                        double want = dt == DType.F32 ? f : d;
                        assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got[o * size + t]),
                                dt + " n " + n + " row " + o + " target " + t + ": " + want + " vs " + got[o * size + t]);
                    }
            }
        }
    }

    @Test
    void oneHotAndBadIndices() {
        Tensor h = Tensor.oneHot(new int[]{2, 0, 2}, 3, DType.F32);
        assertArrayEquals(new int[]{3, 3}, h.shape());
        assertArrayEquals(new double[]{0, 0, 1, 1, 0, 0, 0, 0, 1}, h.toDoubleArray());
        assertArrayEquals(new double[]{0, 1}, Tensor.oneHot(new int[]{1}, 2, DType.F64).toDoubleArray());
        assertThrows(IndexOutOfBoundsException.class, () -> Tensor.oneHot(new int[]{3}, 3, DType.F64));
        Tensor x = Tensor.zeros(DType.F64, 3, 2);
        assertThrows(IndexOutOfBoundsException.class, () -> x.indexSelect(0, new int[]{3}));
        assertThrows(IndexOutOfBoundsException.class, () -> x.indexAdd(0, new int[]{0, 1, -1}, 2));
        assertThrows(IllegalArgumentException.class, () -> x.indexAdd(0, new int[]{0, 1}, 2));
    }
}
