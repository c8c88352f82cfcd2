package org.jnequip.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.TpPlan;
import org.jnequip.tensor.TpPlan.Mode;
import org.jnequip.tensor.TpPlan.Path;
import org.jnequip.tensor.TpPlan.Slot;
import org.junit.jupiter.api.Test;

/**
 * The one-program kernels of a channel-last plan ({@link TpUvuF.Flat} for the forward and X1, {@link TpUvuF.FlatX2W})
 * against the same kernels run path by path: the same bits, with several paths summing into one output block (the
 * order of those sums matters), paths without weights, and multiplicities of 1–5 vectors and ragged ones. (When they
 * came in, the float32 forces of five models, ragged multiplicities among them, were checked equal bit for bit to
 * the build before.)
 */
class TpFlatTest {
    private static final int[] IN = {1, 3, 3, 5}, SH = {1, 3, 5}, OUT = {1, 3, 3, 5, 1};   // block dimensions

    /** A uvu plan of random sparse paths, every block of multiplicity mul (x2 blocks: 1). */
    static TpPlan plan(Rng rng, int mul, int nPaths) { return plan(rng, mul, nPaths, false); }

    static TpPlan plan(Rng rng, int mul, int nPaths, boolean allWeighted) {
        int[] o1 = offsets(IN, mul), o2 = offsets(SH, 1), oo = offsets(OUT, mul);
        List<Path> paths = new ArrayList<>();
        int offW = 0;
        for (int n = 0; n < nPaths; n++) {
            int b1 = (int) (rng.nextDouble() * IN.length), b2 = (int) (rng.nextDouble() * SH.length), bo = n % OUT.length;
            int d1 = IN[b1], d2 = SH[b2], d3 = OUT[bo];
            List<int[]> e = new ArrayList<>();
            for (int i = 0; i < d1; i++) for (int j = 0; j < d2; j++) for (int k = 0; k < d3; k++) if (rng.nextDouble() < 0.3) e.add(new int[]{i, j, k});
            if (e.isEmpty()) e.add(new int[]{0, 0, 0});
            int[] is = new int[e.size()], js = new int[e.size()], ks = new int[e.size()];
            double[] c = rng.normal(e.size());
            for (int q = 0; q < e.size(); q++) { is[q] = e.get(q)[0]; js[q] = e.get(q)[1]; ks[q] = e.get(q)[2]; }
            boolean weighted = rng.nextDouble() < 0.75 || allWeighted;
            paths.add(new Path(Mode.UVU, mul, 1, mul, o1[b1], o2[b2], oo[bo], weighted ? offW : -1, d1, d2, d3, is, js, ks, c));
            if (weighted) offW += mul;
        }
        return new TpPlan(o1[IN.length], o2[SH.length], oo[OUT.length], offW, false, paths).withChannelLast(true);
    }

    private static int[] offsets(int[] dims, int mul) {
        int[] o = new int[dims.length + 1];
        for (int b = 0; b < dims.length; b++) o[b + 1] = o[b] + mul * dims[b];
        return o;
    }

    private static float[] floats(Rng rng, int n) {
        double[] d = rng.normal(n);
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = (float) d[i];
        return f;
    }

    @Test
    void flatProgramIsBitIdenticalToThePathByPathKernels() {
        int L = Simd.F.length();
        Rng rng = new Rng(23);
        for (int mul : new int[]{L, 2 * L, 3 * L, 4 * L, 5 * L, L + 3, 2 * L + 5, 5}) {
            int z = 7;
            TpPlan p = plan(rng, mul, 12);
            List<Path> ps = p.paths();
            TpUvuF.Groups[] gs = ps.stream().map(TpUvuF.Groups::of).toArray(TpUvuF.Groups[]::new);
            float[] x1 = floats(rng, z * p.dim1()), x2 = floats(rng, z * p.dim2()), w = floats(rng, z * p.weightNumel()), g = floats(rng, z * p.dimOut());
            int maxNnz = ps.stream().mapToInt(Path::nnz).max().orElse(1);
            float[] ch = new float[maxNnz];
            float[] outPaths = new float[z * p.dimOut()], outFlat = new float[z * p.dimOut()];
            float[] gx1Paths = new float[z * p.dim1()], gx1Flat = new float[z * p.dim1()];
            TpUvuF.Flat fo = TpUvuF.flat(p, Slot.OUT), fx = TpUvuF.flat(p, Slot.X1);
            assertNotNull(fo, "mul " + mul);
            assertTrue(fo.rowY().length > ps.size(), "several rows per path on average");
            assertNotNull(fx, "mul " + mul);
            float[] fch = new float[fo.c().length];
            for (int s = 0; s < z; s++) {
                for (int n = 0; n < ps.size(); n++) {
                    TpUvuF.forward(ps.get(n), gs[n], x1, s * p.dim1(), x2, s * p.dim2(), w, s * p.weightNumel(), outPaths, s * p.dimOut(), ch);
                    TpUvuF.gradX1(ps.get(n), gs[n], g, s * p.dimOut(), x2, s * p.dim2(), w, s * p.weightNumel(), gx1Paths, s * p.dim1(), ch);
                }
                fo.run(fch, x2, s * p.dim2(), x1, s * p.dim1(), w, s * p.weightNumel(), outFlat, s * p.dimOut());
                fx.run(fch, x2, s * p.dim2(), g, s * p.dimOut(), w, s * p.weightNumel(), gx1Flat, s * p.dim1());
            }
            assertTrue(maxAbs(outPaths) > 0.1 && maxAbs(gx1Paths) > 0.1, "mul " + mul + ": results should not vanish");
            assertArrayEquals(outPaths, outFlat, "mul " + mul + ": forward");
            assertArrayEquals(gx1Paths, gx1Flat, "mul " + mul + ": X1");
        }
    }

    /**
     * {@link TpUvuF.Flat#runTarget} (one result row summed over several samples in registers) against the samples run
     * one by one into the same row: equal up to float32 rounding (the weights enter by a fused multiply-add), for 4
     * and 8 vectors of channels, rows without weights and samples that share x rows; other multiplicities are refused.
     */
    @Test
    void targetProgramSumsItsSamples() {
        assumeTrue(Simd.ENABLED, "the target program runs on the SIMD rung only");
        int L = Simd.F.length();
        Rng rng = new Rng(31);
        for (int mul : new int[]{4 * L, 8 * L}) {
            TpPlan p = plan(rng, mul, 12);
            assertTrue(p.paths().stream().anyMatch(q -> !q.hasWeight()), "mul " + mul + ": a path without weights");
            int ns = 7, nx = 4;
            float[] x1 = floats(rng, nx * p.dim1()), x2 = floats(rng, ns * p.dim2()), w = floats(rng, ns * p.weightNumel()), g = floats(rng, nx * p.dimOut());
            for (Slot open : new Slot[]{Slot.OUT, Slot.X1}) {
                TpUvuF.Flat f = TpUvuF.flat(p, open);
                assertTrue(f.byTarget(), "mul " + mul);
                boolean fwd = open == Slot.OUT;
                int width = fwd ? p.dimOut() : p.dim1(), xw = fwd ? p.dim1() : p.dimOut(), nc = f.c().length;
                float[] x = fwd ? x1 : g, one = new float[nc], ch = new float[ns * nc];
                int[] xb = new int[ns], wb = new int[ns];
                float[] bySample = new float[width + 2], together = new float[width + 2];
                double[] size = new double[width];
                for (int k = 0; k < ns; k++) {
                    xb[k] = (k * 3 % nx) * xw;                        // samples share x rows
                    wb[k] = k * p.weightNumel();
                    f.hats(ch, k * nc, x2, k * p.dim2());
                    float[] row = new float[width];
                    f.run(one, x2, k * p.dim2(), x, xb[k], w, wb[k], row, 0);
                    f.run(one, x2, k * p.dim2(), x, xb[k], w, wb[k], bySample, 2);
                    for (int i = 0; i < width; i++) size[i] += Math.abs(row[i]);
                }
                f.runTarget(ns, ch, x, xb, w, wb, together, 2);
                assertTrue(maxAbs(together) > 0.1, "mul " + mul + " " + open + ": results should not vanish");
                assertEquals(0f, together[0], "mul " + mul + " " + open + ": nothing before the offset");
                for (int i = 0; i < width; i++)
                    assertEquals(bySample[i + 2], together[i + 2], 1e-5 * (1 + size[i]), "mul " + mul + " " + open + " element " + i);
            }
        }
        for (int mul : new int[]{L, 2 * L, 3 * L, 5 * L, 4 * L + 3}) {
            TpUvuF.Flat f = TpUvuF.flat(plan(rng, mul, 4), Slot.OUT);
            assertFalse(f.byTarget(), "mul " + mul + ": sample by sample");
            assertThrows(IllegalStateException.class, () -> f.runTarget(1, new float[f.c().length], new float[0], new int[1], new float[0], new int[1], new float[0], 0));
        }
    }

    @Test
    void flatX2AndWGradientsAreBitIdenticalToThePathByPathKernel() {
        assumeTrue(Simd.ENABLED, "the flat program runs on the SIMD rung only");
        int L = Simd.F.length();
        Rng rng = new Rng(29);
        for (int vectors : new int[]{2, 4}) {
            int mul = vectors * L, z = 6;
            TpPlan p = plan(rng, mul, 12, true);
            List<Path> ps = p.paths();
            TpUvuF.Groups[] gs = ps.stream().map(TpUvuF.Groups::of).toArray(TpUvuF.Groups[]::new);
            float[] x1 = floats(rng, z * p.dim1()), x2 = floats(rng, z * p.dim2()), w = floats(rng, z * p.weightNumel()), g = floats(rng, z * p.dimOut());
            float[] ch = new float[ps.stream().mapToInt(Path::nnz).max().orElse(1)];
            float[] gx2Paths = new float[z * p.dim2()], gx2Flat = new float[z * p.dim2()];
            float[] gwPaths = new float[z * p.weightNumel()], gwFlat = new float[z * p.weightNumel()];
            TpUvuF.FlatX2W f = TpUvuF.flatX2W(p);
            assertNotNull(f, "mul " + mul);
            float[] fch = new float[f.c().length], lanesPaths = new float[p.dim2() * L], lanesFlat = new float[p.dim2() * L];
            for (int s = 0; s < z; s++) {
                for (int n = 0; n < ps.size(); n++)
                    assertTrue(TpUvuF.gradX2W(ps.get(n), gs[n], x1, s * p.dim1(), x2, s * p.dim2(), g, s * p.dimOut(), w, s * p.weightNumel(),
                            lanesPaths, gwPaths, s * p.weightNumel(), ch));
                TpUvuF.flushLanes(lanesPaths, p.dim2(), gx2Paths, s * p.dim2());
                f.run(fch, x2, s * p.dim2(), x1, s * p.dim1(), g, s * p.dimOut(), w, s * p.weightNumel(), lanesFlat, gwFlat, s * p.weightNumel());
                TpUvuF.flushLanes(lanesFlat, p.dim2(), gx2Flat, s * p.dim2());
            }
            assertTrue(maxAbs(gx2Paths) > 0.1 && maxAbs(gwPaths) > 0.1, "mul " + mul + ": results should not vanish");
            assertArrayEquals(gx2Paths, gx2Flat, "mul " + mul + ": X2");
            assertArrayEquals(gwPaths, gwFlat, "mul " + mul + ": W");
        }
        assertNull(TpUvuF.flatX2W(plan(rng, 3 * L, 6, true)), "3 vectors: the two separate kernels");
        TpPlan some = plan(rng, 2 * L, 12, false);
        assertTrue(some.paths().stream().anyMatch(q -> !q.hasWeight()), "the seed should give a path without weights");
        assertNull(TpUvuF.flatX2W(some), "a path without weights");
    }

    @Test
    void plansWithMixedMultiplicitiesStayPathByPath() {
        int L = Simd.F.length();
        Rng rng = new Rng(5);
        TpPlan a = plan(rng, L, 3), b = plan(rng, 2 * L, 3);
        List<Path> mixed = new ArrayList<>(a.paths());
        Path q = b.paths().get(0);
        mixed.add(new Path(q.mode(), q.mul1(), q.mul2(), q.mulOut(), a.dim1(), q.off2(), a.dimOut(), -1, q.d1(), q.d2(), q.d3(), q.i(), q.j(), q.k(), q.c()));
        TpPlan m = new TpPlan(a.dim1() + q.mul1() * q.d1(), a.dim2(), a.dimOut() + q.mulOut() * q.d3(), a.weightNumel(), false, mixed).withChannelLast(true);
        assertNull(TpUvuF.flat(m, Slot.X1), "paths of different multiplicities");
        assertNull(TpUvuF.flat(m, Slot.OUT), "paths of different multiplicities");
    }

    private static float maxAbs(float[] a) {
        float m = 0;
        for (float v : a) m = Math.max(m, Math.abs(v));
        return m;
    }
}
