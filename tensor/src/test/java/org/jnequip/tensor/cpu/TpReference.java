package org.jnequip.tensor.cpu;

import java.util.ArrayList;
import java.util.List;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.TpPlan;
import org.jnequip.tensor.TpPlan.Mode;
import org.jnequip.tensor.TpPlan.Path;
import org.jnequip.tensor.TpPlan.Slot;

/**
 * Rung v0 of the tensor-product kernel ladder: dense, scalar, obviously correct. Each path's CG entries are
 * scattered into a dense (d1, d2, d3) array, and every (u, v, w) ∈ mul1 × mul2 × mulOut is tested against the
 * e3nn mode rule (uvw: all; uvu: w = u; uvv: w = v; uuw: u = v; uuu: u = v = w) with its weight index:
 * out[w,k] += C[i,j,k]·x1[u,i]·x2[v,j]·W. Every slot's result is the matching partial derivative of that sum.
 * Also a random plan generator for tests.
 */
public final class TpReference {
    private TpReference() {}

    /** ∂T/∂open on host arrays (float64). x1 (Z·dim1), x2 (Z·dim2), w (Z·wn or wn), g = out (Z·dimOut). */
    public static double[] contract(TpPlan plan, Slot open, int z, double[] x1, double[] x2, double[] w, double[] g) {
        int wn = plan.weightNumel();
        boolean sh = plan.sharedWeights();
        int width = switch (open) { case X1 -> plan.dim1(); case X2 -> plan.dim2(); case OUT -> plan.dimOut(); case W -> wn; };
        double[] res = new double[open == Slot.W && sh ? wn : z * width];
        for (int s = 0; s < z; s++) {
            for (Path p : plan.paths()) {
                double[][][] c = new double[p.d1()][p.d2()][p.d3()];
                for (int q = 0; q < p.nnz(); q++) c[p.i()[q]][p.j()[q]][p.k()[q]] += p.c()[q];
                for (int u = 0; u < p.mul1(); u++)
                    for (int v = 0; v < p.mul2(); v++)
                        for (int ww = 0; ww < p.mulOut(); ww++) {
                            int widx = switch (p.mode()) {
                                case UVW -> (u * p.mul2() + v) * p.mulOut() + ww;
                                case UVU -> ww == u ? u * p.mul2() + v : -1;
                                case UVV -> ww == v ? u * p.mul2() + v : -1;
                                case UUW -> u == v ? u * p.mulOut() + ww : -1;
                                case UUU -> u == v && v == ww ? u : -1;
                            };
                            if (widx < 0) continue;
                            int wi = (sh ? 0 : s * wn) + p.offW() + widx;
                            double wv = p.hasWeight() ? w[wi] : 1.0;
                            for (int i = 0; i < p.d1(); i++)
                                for (int j = 0; j < p.d2(); j++)
                                    for (int k = 0; k < p.d3(); k++) {
                                        if (c[i][j][k] == 0) continue;
                                        int a = s * plan.dim1() + p.off1() + u * p.d1() + i;
                                        int b = s * plan.dim2() + p.off2() + v * p.d2() + j;
                                        int o = s * plan.dimOut() + p.offOut() + ww * p.d3() + k;
                                        double cc = c[i][j][k];
                                        switch (open) {
                                            case OUT -> res[o] += cc * x1[a] * x2[b] * wv;
                                            case X1 -> res[a] += cc * x2[b] * wv * g[o];
                                            case X2 -> res[b] += cc * x1[a] * wv * g[o];
                                            case W -> { if (p.hasWeight()) res[sh ? p.offW() + widx : wi] += cc * x1[a] * x2[b] * g[o]; }
                                        }
                                    }
                        }
            }
        }
        return res;
    }

    /** Random plan over the given modes; blocks are shared between paths and about half the x2 blocks have mul 1. */
    public static TpPlan randomPlan(Rng rng, int nPaths, boolean shared, Mode... modes) { return randomPlan(rng, nPaths, shared, false, modes); }

    /** x2MulOne: every x2 block has mul 1 (with only uvu paths, the whole plan runs on the SIMD rung). */
    public static TpPlan randomPlan(Rng rng, int nPaths, boolean shared, boolean x2MulOne, Mode... modes) {
        List<int[]> b1 = new ArrayList<>(), b2 = new ArrayList<>(), bo = new ArrayList<>();   // {mul, d}
        List<int[]> spec = new ArrayList<>();   // {mode, i1, i2, io, weighted}
        for (int n = 0; n < nPaths; n++) {
            Mode m = modes[(int) (rng.nextDouble() * modes.length)];
            int i1 = pick(rng, b1, 1 + (int) (rng.nextDouble() * 3), -1);
            int mul1 = b1.get(i1)[0];
            boolean uu = m == Mode.UUW || m == Mode.UUU;
            int i2 = pick(rng, b2, uu ? mul1 : x2MulOne || rng.nextDouble() < 0.5 ? 1 : 2, uu ? mul1 : x2MulOne ? 1 : -1);
            int mul2 = b2.get(i2)[0];
            int needOut = switch (m) { case UVU, UUU -> mul1; case UVV -> mul2; default -> -1; };
            int io = pick(rng, bo, needOut > 0 ? needOut : 1 + (int) (rng.nextDouble() * 3), needOut);
            boolean weighted = m == Mode.UVW || rng.nextDouble() < 0.8;
            spec.add(new int[]{m.ordinal(), i1, i2, io, weighted ? 1 : 0});
        }
        int[] o1 = offsets(b1), o2 = offsets(b2), oo = offsets(bo);
        List<Path> paths = new ArrayList<>();
        int offW = 0;
        for (int[] s : spec) {
            Mode m = Mode.values()[s[0]];
            int[] a = b1.get(s[1]), b = b2.get(s[2]), c = bo.get(s[3]);
            int nnz = 1 + (int) (rng.nextDouble() * a[1] * b[1] * c[1]);
            int[] ii = new int[nnz], jj = new int[nnz], kk = new int[nnz];
            double[] cc = rng.normal(nnz);
            for (int q = 0; q < nnz; q++) {
                ii[q] = (int) (rng.nextDouble() * a[1]);
                jj[q] = (int) (rng.nextDouble() * b[1]);
                kk[q] = (int) (rng.nextDouble() * c[1]);
            }
            Path p = new Path(m, a[0], b[0], c[0], o1[s[1]], o2[s[2]], oo[s[3]], s[4] == 1 ? offW : -1, a[1], b[1], c[1], ii, jj, kk, cc);
            offW += p.weightNumel();
            paths.add(p);
        }
        return new TpPlan(o1[b1.size()], o2[b2.size()], oo[bo.size()], offW, shared, paths);
    }

    /** Index of an existing block with multiplicity {@code need} (any if need < 0), sometimes a new one. */
    private static int pick(Rng rng, List<int[]> blocks, int mul, int need) {
        List<Integer> ok = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) if (need < 0 || blocks.get(i)[0] == need) ok.add(i);
        if (!ok.isEmpty() && rng.nextDouble() < 0.6) return ok.get((int) (rng.nextDouble() * ok.size()));
        blocks.add(new int[]{mul, 2 * (int) (rng.nextDouble() * 3) + 1});
        return blocks.size() - 1;
    }

    private static int[] offsets(List<int[]> blocks) {
        int[] o = new int[blocks.size() + 1];
        for (int i = 0; i < blocks.size(); i++) o[i + 1] = o[i] + blocks.get(i)[0] * blocks.get(i)[1];
        return o;
    }

    /**
     * The plan of an all-'uvu', mul2 = 1 plan with every x1/out multiplicity multiplied by {@code factor}
     * (blocks re-laid out in offset order, weights in path order): wide enough channels for the SIMD loops.
     */
    public static TpPlan widen(TpPlan plan, int factor) {
        java.util.TreeMap<Integer, int[]> b1 = new java.util.TreeMap<>(), bo = new java.util.TreeMap<>();
        for (Path p : plan.paths()) {
            if (p.mode() != Mode.UVU || p.mul2() != 1) throw new IllegalArgumentException("widen: uvu paths with mul2 = 1 only");
            b1.put(p.off1(), new int[]{p.mul1(), p.d1()});
            bo.put(p.offOut(), new int[]{p.mulOut(), p.d3()});
        }
        java.util.Map<Integer, Integer> n1 = new java.util.HashMap<>(), no = new java.util.HashMap<>();
        int d1 = 0, dOut = 0;
        for (var e : b1.entrySet()) { n1.put(e.getKey(), d1); d1 += e.getValue()[0] * factor * e.getValue()[1]; }
        for (var e : bo.entrySet()) { no.put(e.getKey(), dOut); dOut += e.getValue()[0] * factor * e.getValue()[1]; }
        List<Path> paths = new ArrayList<>();
        int offW = 0;
        for (Path p : plan.paths()) {
            int m = p.mul1() * factor;
            paths.add(new Path(Mode.UVU, m, 1, m, n1.get(p.off1()), p.off2(), no.get(p.offOut()), p.hasWeight() ? offW : -1, p.d1(), p.d2(), p.d3(), p.i(), p.j(), p.k(), p.c()));
            if (p.hasWeight()) offW += m;
        }
        return new TpPlan(d1, plan.dim2(), dOut, offW, plan.sharedWeights(), paths);
    }
}
