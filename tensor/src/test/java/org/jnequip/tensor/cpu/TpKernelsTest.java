package org.jnequip.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jnequip.tensor.Backend;
import org.jnequip.tensor.Backends;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.Tensor;
import org.jnequip.tensor.TpPlan;
import org.jnequip.tensor.TpPlan.Mode;
import org.jnequip.tensor.TpPlan.Slot;
import org.junit.jupiter.api.Test;

/** Kernel ladder: the CPU contraction (sparse + SIMD uvu rung) against the dense scalar {@link TpReference}. */
class TpKernelsTest {
    private static final Backend BE = Backends.cpu();

    /** Operands of one random problem, as host arrays (the open slot's entry is unused). */
    private record Problem(TpPlan plan, int z, double[] x1, double[] x2, double[] w, double[] g) {
        static Problem random(Rng rng, TpPlan plan, int z) {
            return new Problem(plan, z, rng.normal(z * plan.dim1()), rng.normal(z * plan.dim2()),
                    rng.normal((plan.sharedWeights() ? 1 : z) * plan.weightNumel()), rng.normal(z * plan.dimOut()));
        }

        double[] kernel(Slot open, DType dt) {
            TpPlan p = plan;
            Tensor a = open == Slot.X1 ? null : Tensor.of(x1, dt, z, p.dim1());
            Tensor b = open == Slot.X2 ? null : Tensor.of(x2, dt, z, p.dim2());
            Tensor c = open == Slot.W ? null : p.sharedWeights() ? Tensor.of(w, dt, p.weightNumel()) : Tensor.of(w, dt, z, p.weightNumel());
            Tensor d = open == Slot.OUT ? null : Tensor.of(g, dt, z, p.dimOut());
            Tensor r = BE.tpContract(p, open, a, b, c, d);
            return r.toDoubleArray();
        }

        double[] reference(Slot open) { return TpReference.contract(plan, open, z, x1, x2, w, g); }

        /** Reference with |operands| and |CG|: a bound on the sum of absolute terms, for rounding tolerances. */
        double[] absBound(Slot open) {
            var abs = new java.util.ArrayList<TpPlan.Path>();
            for (TpPlan.Path p : plan.paths()) {
                double[] c = p.c().clone();
                for (int q = 0; q < c.length; q++) c[q] = Math.abs(c[q]);
                abs.add(new TpPlan.Path(p.mode(), p.mul1(), p.mul2(), p.mulOut(), p.off1(), p.off2(), p.offOut(), p.offW(), p.d1(), p.d2(), p.d3(), p.i(), p.j(), p.k(), c));
            }
            TpPlan ap = new TpPlan(plan.dim1(), plan.dim2(), plan.dimOut(), plan.weightNumel(), plan.sharedWeights(), abs);
            return TpReference.contract(ap, open, z, abs(x1), abs(x2), abs(w), abs(g));
        }

        private static double[] abs(double[] a) {
            double[] r = a.clone();
            for (int i = 0; i < r.length; i++) r[i] = Math.abs(r[i]);
            return r;
        }
    }

    @Test
    void float64MatchesDenseReferenceForEverySlotAndMode() {
        Rng rng = new Rng(1);
        for (Mode m : Mode.values())
            for (boolean shared : new boolean[]{false, true})
                for (int rep = 0; rep < 3; rep++) {
                    Problem pr = Problem.random(rng, TpReference.randomPlan(rng, 4, shared, m, Mode.UVU), 5);
                    for (Slot s : Slot.values()) {
                        double[] got = pr.kernel(s, DType.F64), want = pr.reference(s), bound = pr.absBound(s);
                        assertEquals(want.length, got.length, m + " " + s);
                        for (int e = 0; e < want.length; e++)
                            assertEquals(want[e], got[e], 1e-13 * (1 + bound[e]), m + " shared=" + shared + " slot " + s + " element " + e);
                    }
                }
    }

    @Test
    void mixedPlansAndManySamplesRunInParallel() {
        Rng rng = new Rng(2);
        for (boolean shared : new boolean[]{false, true}) {
            Problem pr = Problem.random(rng, TpReference.randomPlan(rng, 12, shared, Mode.values()), 300);
            for (Slot s : Slot.values()) {
                double[] got = pr.kernel(s, DType.F64), want = pr.reference(s), bound = pr.absBound(s);
                for (int e = 0; e < want.length; e++) assertEquals(want[e], got[e], 1e-13 * (1 + bound[e]), "shared=" + shared + " slot " + s + " element " + e);
                assertArrayEquals(got, pr.kernel(s, DType.F64), "repeatable bit for bit");
            }
        }
    }

    @Test
    void plansEntirelyOnTheSimdRung() {
        Rng rng = new Rng(5);
        for (boolean shared : new boolean[]{false, true})
            for (int rep = 0; rep < 3; rep++) {
                Problem pr = Problem.random(rng, TpReference.randomPlan(rng, 8, shared, true, Mode.UVU), 70);
                assertTrue(TpKernels.Layout.of(pr.plan()).allFast());
                for (DType dt : DType.values())
                    for (Slot s : Slot.values()) {
                        double[] got = pr.kernel(s, dt), want = pr.reference(s), bound = pr.absBound(s);
                        double tol = dt == DType.F64 ? 1e-13 : f32Tol(pr.plan());
                        for (int e = 0; e < want.length; e++) assertEquals(want[e], got[e], tol * (1 + bound[e]), dt + " shared=" + shared + " slot " + s + " element " + e);
                    }
            }
    }

    /** x (Z, dim) with the given blocks (off, mul, d) moved to the channel-last layout (u, m) → off + m·mul + u, or back. */
    static double[] relayout(double[] x, int z, int dim, int[][] blocks, boolean toChannelLast) {
        double[] y = x.clone();
        for (int s = 0; s < z; s++)
            for (int[] b : blocks)
                for (int u = 0; u < b[1]; u++)
                    for (int m = 0; m < b[2]; m++) {
                        int std = s * dim + b[0] + u * b[2] + m, cl = s * dim + b[0] + m * b[1] + u;
                        if (toChannelLast) y[cl] = x[std]; else y[std] = x[cl];
                    }
        return y;
    }

    @Test
    void channelLastPlansMatchTheStandardLayout() {
        Rng rng = new Rng(6);
        for (int rep = 0; rep < 3; rep++) {
            Problem pr = Problem.random(rng, TpReference.widen(TpReference.randomPlan(rng, 8, false, true, Mode.UVU), 13), 50);
            TpPlan p = pr.plan(), cl = p.withChannelLast(true);
            var lay = TpKernels.Layout.of(p);
            Problem pc = new Problem(cl, pr.z(), relayout(pr.x1(), pr.z(), p.dim1(), lay.x1Blocks(), true), pr.x2(), pr.w(),
                    relayout(pr.g(), pr.z(), p.dimOut(), lay.outBlocks(), true));
            for (DType dt : DType.values())
                for (Slot s : Slot.values()) {
                    double[] want = pr.reference(s), bound = pr.absBound(s), got = pc.kernel(s, dt);
                    if (s == Slot.X1) got = relayout(got, pr.z(), p.dim1(), lay.x1Blocks(), false);
                    if (s == Slot.OUT) got = relayout(got, pr.z(), p.dimOut(), lay.outBlocks(), false);
                    double tol = dt == DType.F64 ? 1e-13 : f32Tol(p);
                    for (int e = 0; e < want.length; e++) assertEquals(want[e], got[e], tol * (1 + bound[e]), dt + " channel-last slot " + s + " element " + e);
                }
        }
        TpPlan generic = TpReference.randomPlan(rng, 3, false, Mode.UVW).withChannelLast(true);
        Tensor a = Tensor.zeros(DType.F32, 2, generic.dim1()), b = Tensor.zeros(DType.F32, 2, generic.dim2()), w = Tensor.zeros(DType.F32, 2, generic.weightNumel());
        assertThrows(IllegalArgumentException.class, () -> BE.tpContract(generic, Slot.OUT, a, b, w, null));
    }

    /** Rows of a (n, dim) array picked by idx: (idx.length, dim). */
    static double[] gather(double[] x, int dim, int[] idx) {
        double[] y = new double[idx.length * dim];
        for (int z = 0; z < idx.length; z++) System.arraycopy(x, idx[z] * dim, y, z * dim, dim);
        return y;
    }

    /** Rows of a (idx.length, dim) array summed into (n, dim) by idx. */
    static double[] scatter(double[] x, int dim, int[] idx, int n) {
        double[] y = new double[n * dim];
        for (int z = 0; z < idx.length; z++) for (int c = 0; c < dim; c++) y[idx[z] * dim + c] += x[z * dim + c];
        return y;
    }

    @Test
    void indexedContractionIsGatherContractScatter() {
        Rng rng = new Rng(7);
        // uvu plans (channel-last or not: the float32 SIMD and float64 fused paths) and plans of every mode (float64
        // fused through the generic rung; float32 composed by the backend's default)
        // uvu multiplicities 11·(1..3) and 32·(1..3): every channel blocking of the float32 kernels (4, 2, 1 vectors, a
        // scalar tail) and their fused x2/w forms (exactly 2 or 4 vectors)
        for (int variant = 0; variant < 5; variant++)
            for (int rep = 0; rep < 2; rep++) {
                boolean cl = variant == 0 || variant == 3;
                TpPlan p = variant != 2 ? TpReference.widen(TpReference.randomPlan(rng, 8, false, true, Mode.UVU), variant < 2 ? 11 : 32)
                        : TpReference.randomPlan(rng, 8, false, Mode.values());
                TpPlan pk = p.withChannelLast(cl);
                var lay = TpKernels.Layout.of(p);
                int z = 90, n1 = 11, nOut = 7;
                int[] idx1 = new int[z], idxOut = new int[z];
                for (int e = 0; e < z; e++) { idx1[e] = (int) (rng.nextDouble() * n1); idxOut[e] = (int) (rng.nextDouble() * nOut); }
                double[] x1 = rng.normal(n1 * p.dim1()), x2 = rng.normal(z * p.dim2()), w = rng.normal(z * p.weightNumel()), g = rng.normal(nOut * p.dimOut());
                double[] x1k = cl ? relayout(x1, n1, p.dim1(), lay.x1Blocks(), true) : x1, gk = cl ? relayout(g, nOut, p.dimOut(), lay.outBlocks(), true) : g;
                Problem gathered = new Problem(p, z, gather(x1, p.dim1(), idx1), x2, w, gather(g, p.dimOut(), idxOut));
                for (DType dt : DType.values())
                    for (Slot s : Slot.values()) {
                        Tensor a = s == Slot.X1 ? null : Tensor.of(x1k, dt, n1, p.dim1()), b = s == Slot.X2 ? null : Tensor.of(x2, dt, z, p.dim2());
                        Tensor c = s == Slot.W ? null : Tensor.of(w, dt, z, p.weightNumel()), d = s == Slot.OUT ? null : Tensor.of(gk, dt, nOut, p.dimOut());
                        double[] got = BE.tpContractIndexed(pk, s, a, idx1, n1, b, c, d, idxOut, nOut).toDoubleArray();
                        if (cl && s == Slot.X1) got = relayout(got, n1, p.dim1(), lay.x1Blocks(), false);
                        if (cl && s == Slot.OUT) got = relayout(got, nOut, p.dimOut(), lay.outBlocks(), false);
                        double[] want = scatterFor(s, gathered.reference(s), p, idx1, idxOut, n1, nOut), bound = scatterFor(s, gathered.absBound(s), p, idx1, idxOut, n1, nOut);
                        // float32: the scatter adds up to z terms on top of one sample's error
                        double tol = dt == DType.F64 ? 1e-13 : f32Tol(p) + z * 0x1p-24;
                        for (int e = 0; e < got.length; e++) assertEquals(want[e], got[e], tol * (1 + bound[e]), dt + " cl=" + cl + " slot " + s + " element " + e);
                    }
            }
    }

    @Test
    void fusedX2AndWGradientsAreBitIdenticalToTheSeparateCalls() {
        Rng rng = new Rng(17);
        // uvu plans channel-last and not (float32 SIMD and float64 kernels), plans of every mode (float64 generic
        // rung; float32 falls back to the two calls), with paths without weights among them
        // (variants 3 and 4: multiplicities 32·(1..3), which the float32 fused kernels walk once for both results)
        for (int variant = 0; variant < 5; variant++) {
            boolean cl = variant == 0 || variant == 3;
            TpPlan p = variant != 2 ? TpReference.widen(TpReference.randomPlan(rng, 8, false, true, Mode.UVU), variant < 2 ? 11 : 32)
                    : TpReference.randomPlan(rng, 8, false, Mode.values());
            TpPlan pk = p.withChannelLast(cl);
            int z = 3000, n1 = 40, nOut = 37;
            int[] idx1 = new int[z], idxOut = new int[z];
            for (int e = 0; e < z; e++) { idx1[e] = (int) (rng.nextDouble() * n1); idxOut[e] = (int) (rng.nextDouble() * nOut); }
            double[] x1 = rng.normal(n1 * p.dim1()), x2 = rng.normal(z * p.dim2()), w = rng.normal(z * p.weightNumel()), g = rng.normal(nOut * p.dimOut());
            for (DType dt : DType.values()) {
                Tensor a = Tensor.of(x1, dt, n1, p.dim1()), b = Tensor.of(x2, dt, z, p.dim2()), c = Tensor.of(w, dt, z, p.weightNumel()), d = Tensor.of(g, dt, nOut, p.dimOut());
                String what = dt + " variant " + variant;
                double[] gx2 = BE.tpContractIndexed(pk, Slot.X2, a, idx1, n1, null, c, d, idxOut, nOut).toDoubleArray();
                double[] gw = BE.tpContractIndexed(pk, Slot.W, a, idx1, n1, b, null, d, idxOut, nOut).toDoubleArray();
                assertTrue(maxAbs(gx2) > 0.1 && maxAbs(gw) > 0.1, what + ": gradients should not vanish");
                boolean fusedKernel = TpKernels.contractIndexedX2W((CpuBackend) BE, pk, a, idx1, n1, b, c, d, idxOut, nOut) != null;
                assertEquals(dt == DType.F64 || variant != 2, fusedKernel, what + ": which plans the fused kernels take");
                double[] fx2 = ParallelDeterminismTest.serialAndParallel(() -> BE.tpContractIndexedX2W(pk, a, idx1, n1, b, c, d, idxOut, nOut)[0], what + " fused x2");
                double[] fw = ParallelDeterminismTest.serialAndParallel(() -> BE.tpContractIndexedX2W(pk, a, idx1, n1, b, c, d, idxOut, nOut)[1], what + " fused w");
                assertArrayEquals(gx2, fx2, what + ": fused x2 gradient vs tpContractIndexed(X2)");
                assertArrayEquals(gw, fw, what + ": fused w gradient vs tpContractIndexed(W)");
                Tensor[] r = BE.tpContractIndexedX2W(pk, a, idx1, n1, b, c, d, idxOut, nOut);
                assertArrayEquals(new int[]{z, p.dim2()}, r[0].shape(), what);
                assertArrayEquals(new int[]{z, p.weightNumel()}, r[1].shape(), what);
            }
        }
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    private static double[] scatterFor(Slot s, double[] perSample, TpPlan p, int[] idx1, int[] idxOut, int n1, int nOut) {
        return switch (s) {
            case X1 -> scatter(perSample, p.dim1(), idx1, n1);
            case OUT -> scatter(perSample, p.dimOut(), idxOut, nOut);
            default -> perSample;
        };
    }

    @Test
    void float32DiffersFromFloat64OnlyByRounding() {
        Rng rng = new Rng(3);
        for (boolean shared : new boolean[]{false, true}) {
            Problem pr = Problem.random(rng, TpReference.randomPlan(rng, 10, shared, Mode.values()), 40);
            for (Slot s : Slot.values()) {
                double[] f32 = pr.kernel(s, DType.F32), f64 = pr.kernel(s, DType.F64), bound = pr.absBound(s);
                double worst = 0;
                for (int e = 0; e < f64.length; e++) {
                    assertEquals(f64[e], f32[e], f32Tol(pr.plan()) * bound[e] + 1e-30, "slot " + s + " element " + e);
                    worst = Math.max(worst, Math.abs(f64[e] - f32[e]));
                }
                assertTrue(worst > 0, "float32 path should actually round (slot " + s + ")");
            }
        }
    }

    /**
     * Relative (to Σ|terms|) error bound of the float32 path. Plans with a generic path compute in float64 from
     * float32 operands: three rounded operands per term and one rounded result, 4u. All-SIMD-rung plans compute
     * in float32: a term picks up ≤ 6 roundings (3 operands, 3 products) and recursive summation of n terms
     * γ_n ≈ n·u, with n ≤ Σ_paths nnz·mul1·mul2 terms into one output.
     */
    private static double f32Tol(TpPlan plan) {
        double u = 0x1p-24;
        if (!TpKernels.Layout.of(plan).allFast()) return 4 * u;
        long n = 0;
        for (TpPlan.Path p : plan.paths()) n += (long) p.nnz() * p.mul1() * p.mul2();
        return (n + 6) * u;
    }

    @Test
    void badInputsAreRejectedWithTheOperandNamed() {
        Rng rng = new Rng(4);
        TpPlan p = TpReference.randomPlan(rng, 3, false, Mode.UVU);
        Tensor a = Tensor.zeros(DType.F64, 2, p.dim1()), b = Tensor.zeros(DType.F64, 2, p.dim2()), w = Tensor.zeros(DType.F64, 2, p.weightNumel());
        var e = assertThrows(IllegalArgumentException.class, () -> BE.tpContract(p, Slot.OUT, a, Tensor.zeros(DType.F64, 3, p.dim2()), w, null));
        assertTrue(e.getMessage().contains("X2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BE.tpContract(p, Slot.OUT, a, b, w, Tensor.zeros(DType.F64, 2, p.dimOut())));
        assertTrue(e.getMessage().contains("open slot"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BE.tpContract(p, Slot.OUT, a, b.to(DType.F32), w, null));
        assertTrue(e.getMessage().contains("dtype"), e.getMessage());
        TpPlan.Path q = p.paths().get(0);
        TpPlan bad = new TpPlan(p.dim1(), p.dim2(), p.dimOut(), p.weightNumel(), false, java.util.List.of(new TpPlan.Path(q.mode(), q.mul1(), q.mul2(), q.mulOut(),
                q.off1(), q.off2(), q.offOut(), q.offW(), q.d1(), q.d2(), q.d3(), q.i(), q.j(), new int[q.nnz()], new double[q.nnz() + 1])));
        e = assertThrows(IllegalArgumentException.class, () -> BE.tpContract(bad, Slot.OUT, a, b, w, null));
        assertTrue(e.getMessage().contains("path 0"), e.getMessage());
    }
}
