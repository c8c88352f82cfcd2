package org.jnequip.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** concat, slice, reshape, permute/transpose, expand, unsqueeze, cast: element by element via multi-indices. */
class LayoutTest {

    static double[] seq(int n) { double[] x = new double[n]; for (int i = 0; i < n; i++) x[i] = i * 0.5 - 3; return x; }

    @Test
    void permuteEveryAxisOrderRank3() {
        int[] s = {2, 3, 4};
        double[] x = seq(24);
        int[][] perms = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
        for (DType dt : DType.values())
            for (int[] p : perms) {
                Tensor y = Tensor.of(x, dt, s).permute(p);
                int[] os = {s[p[0]], s[p[1]], s[p[2]]};
                assertArrayEquals(os, y.shape());
                for (int i = 0; i < 24; i++) {
                    int[] o = Ref.unravel(i, os), in = new int[3];
                    for (int a = 0; a < 3; a++) in[p[a]] = o[a];
                    assertEquals(x[Ref.ravel(in, s)], y.get(o), "permute " + Ref.str(p));
                }
            }
        Tensor t = Tensor.of(x, 2, 3, 4).transpose();
        assertArrayEquals(new int[]{2, 4, 3}, t.shape());
        assertEquals(x[Ref.ravel(new int[]{1, 2, 3}, s)], t.get(1, 3, 2));
        assertEquals(x[Ref.ravel(new int[]{1, 2, 3}, s)], Tensor.of(x, 2, 3, 4).transpose(0, 2).get(3, 2, 1));
        assertEquals(x[Ref.ravel(new int[]{1, 2, 3}, s)], Tensor.of(x, 2, 3, 4).permute(-1, 0, 1).get(3, 1, 2));
    }

    /** Narrow rows of a transposed block (the backward of Linear's layout permute) take a block-wise copy: same elements. */
    @Test
    void permuteWithNarrowTransposedRows() {
        int[][] shapes = {{4, 3, 17}, {2, 5, 3, 20}, {300, 3, 64}, {7, 15, 16}, {1, 1, 40}};
        int[][] perms = {{0, 2, 1}, {1, 0, 3, 2}, {0, 2, 1}, {0, 2, 1}, {0, 2, 1}};
        for (int c = 0; c < shapes.length; c++) {
            int[] s = shapes[c], p = perms[c];
            int n = 1;
            for (int d : s) n *= d;
            double[] x = seq(n);
            for (DType dt : DType.values()) {
                Tensor y = Tensor.of(x, dt, s).permute(p);
                int[] os = new int[s.length];
                for (int a = 0; a < s.length; a++) os[a] = s[p[a]];
                assertArrayEquals(os, y.shape());
                double[] got = y.toDoubleArray();
                for (int i = 0; i < n; i++) {
                    int[] o = Ref.unravel(i, os), in = new int[s.length];
                    for (int a = 0; a < s.length; a++) in[p[a]] = o[a];
                    assertEquals((float) x[Ref.ravel(in, s)], (float) got[i], Ref.str(s) + " permute " + Ref.str(p) + " " + dt + " element " + i);
                }
            }
        }
    }

    @Test
    void concatAndSliceOnEveryAxis() {
        Random r = new Random(4);
        for (int ax = 0; ax < 3; ax++) {
            int[] s1 = {2, 3, 4}, s2 = s1.clone(), s3 = s1.clone();
            s2[ax] = 1;
            s3[ax] = 5;
            double[] x1 = Ref.random(r, Ref.numel(s1), -1, 1), x2 = Ref.random(r, Ref.numel(s2), -1, 1), x3 = Ref.random(r, Ref.numel(s3), -1, 1);
            for (DType dt : DType.values()) {
                Tensor c = Tensor.concat(List.of(Tensor.of(x1, dt, s1), Tensor.of(x2, dt, s2), Tensor.of(x3, dt, s3)), ax - 3 * (ax % 2));
                int[] cs = s1.clone();
                cs[ax] = s1[ax] + 1 + 5;
                assertArrayEquals(cs, c.shape());
                for (int i = 0; i < Ref.numel(cs); i++) {
                    int[] idx = Ref.unravel(i, cs);
                    int j = idx[ax];
                    double e;
                    if (j < s1[ax]) e = x1[Ref.ravel(idx, s1)];
                    else if (j < s1[ax] + 1) { idx[ax] = j - s1[ax]; e = x2[Ref.ravel(idx, s2)]; }
                    else { idx[ax] = j - s1[ax] - 1; e = x3[Ref.ravel(idx, s3)]; }
                    assertEquals((double) (dt == DType.F32 ? (float) e : e), c.get(Ref.unravel(i, cs)), "concat axis " + ax);
                }
                // slicing the concatenation gives the pieces back
                assertArrayEquals(Tensor.of(x3, dt, s3).toDoubleArray(), c.slice(ax, cs[ax] - 5, cs[ax]).toDoubleArray());
                assertArrayEquals(Tensor.of(x2, dt, s2).toDoubleArray(), c.slice(ax, s1[ax], s1[ax] + 1).toDoubleArray());
                assertArrayEquals(zeroLen(cs, ax), c.slice(ax, 2, 2).shape());
            }
        }
        Tensor x = Tensor.of(seq(6), 2, 3);
        assertSame(x, x.slice(1, 0, 3));
    }

    @Test
    void padIsTheAdjointOfSliceOnEveryAxis() {
        Random r = new Random(5);
        int[] s = {2, 3, 4};
        double[] x = Ref.random(r, Ref.numel(s), -1, 1);
        for (int ax = 0; ax < 3; ax++)
            for (int[] ba : new int[][]{{0, 0}, {2, 0}, {0, 1}, {1, 3}})
                for (DType dt : DType.values()) {
                    Tensor t = Tensor.of(x, dt, s), y = t.pad(ax, ba[0], ba[1]);
                    int[] ps = s.clone();
                    ps[ax] = s[ax] + ba[0] + ba[1];
                    assertArrayEquals(ps, y.shape());
                    for (int i = 0; i < Ref.numel(ps); i++) {
                        int[] idx = Ref.unravel(i, ps);
                        int j = idx[ax] - ba[0];
                        double e = 0;
                        if (j >= 0 && j < s[ax]) { idx[ax] = j; e = x[Ref.ravel(idx, s)]; }
                        assertEquals((double) (dt == DType.F32 ? (float) e : e), y.get(Ref.unravel(i, ps)), "pad axis " + ax + " " + java.util.Arrays.toString(ba));
                    }
                    assertArrayEquals(t.toDoubleArray(), y.slice(ax, ba[0], ba[0] + s[ax]).toDoubleArray());
                }
        Tensor t = Tensor.of(seq(6), 2, 3);
        assertSame(t, t.pad(1, 0, 0));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> t.pad(0, -1, 2));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("pad: negative padding"), e.getMessage());
    }

    static int[] zeroLen(int[] s, int ax) { int[] z = s.clone(); z[ax] = 0; return z; }

    @Test
    void reshapeExpandUnsqueezeCast() {
        double[] x = seq(12);
        Tensor t = Tensor.of(x, 3, 4);
        Tensor r = t.reshape(2, -1, 3);
        assertArrayEquals(new int[]{2, 2, 3}, r.shape());
        assertArrayEquals(x, r.toDoubleArray());
        assertArrayEquals(new int[]{3, 1, 4}, t.unsqueeze(1).shape());
        assertArrayEquals(new int[]{3, 4, 1}, t.unsqueeze(-1).shape());
        Tensor col = Tensor.of(new double[]{1, 2, 3}, 3, 1);
        Tensor e = col.expand(2, 3, 4);
        assertArrayEquals(new int[]{2, 3, 4}, e.shape());
        for (int i = 0; i < 24; i++) {
            int[] idx = Ref.unravel(i, e.shape());
            assertEquals(idx[1] + 1.0, e.get(idx));
        }
        Tensor c = Tensor.of(new double[]{0.1, -2.5}, 2).to(DType.F32);
        assertEquals(DType.F32, c.dtype());
        assertArrayEquals(new double[]{(float) 0.1, -2.5}, c.toDoubleArray());
        assertArrayEquals(new double[]{(float) 0.1, -2.5}, c.to(DType.F64).toDoubleArray());
        assertEquals(DType.F64, c.to(DType.F64).dtype());
    }
}
