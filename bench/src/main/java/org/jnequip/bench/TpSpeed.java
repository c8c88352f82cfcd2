package org.jnequip.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jnequip.e3.Instruction;
import org.jnequip.e3.Irrep;
import org.jnequip.e3.Irreps;
import org.jnequip.e3.MulIrrep;
import org.jnequip.e3.TensorProduct;
import org.jnequip.tensor.Backend;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.Tensor;
import org.jnequip.tensor.TpPlan;
import org.jnequip.tensor.TpPlan.Slot;

/**
 * Throughput of NequIP's convolution tensor product alone, on any backend ({@code jnequip bench-tp}): the uvu
 * TP of features mul×(0e+1o+2e+…+l_max) with edge SH up to l_max and per-edge weights, over E edges, as e3nn
 * runs it (per-edge operands, {@code tpContract}) and fused with the gather and scatter of a graph
 * convolution ({@code tpContractIndexed}, N nodes). Forward is the OUT slot; backward the three others.
 *
 * <p>FLOP count (nominal, of the sparse contraction): per edge, per path, per channel u and per nonzero CG
 * entry, one slot does 3 multiplications and 1 addition, i.e. 4 flops; a slot costs 4·E·Σ_paths mul·nnz, the
 * forward one slot and the backward three. GFLOP/s = nominal flops / median wall time, each call followed by
 * {@link Backend#synchronize}.
 */
public final class TpSpeed {
    private TpSpeed() {}

    /** NequIP's conv TP for features mul×(0e+1o+…) and SH up to lmax (per-edge weights, one output block per path). */
    public static TensorProduct conv(int mul, int lmax) {
        Irreps feat = Irreps.of(range(mul, lmax)), sh = Irreps.sphericalHarmonics(lmax, -1);
        List<MulIrrep> mid = new ArrayList<>();
        List<Instruction> ins = new ArrayList<>();
        for (int i = 0; i < feat.size(); i++)
            for (int j = 0; j < sh.size(); j++)
                for (Irrep ir : feat.get(i).ir().times(sh.get(j).ir())) {
                    if (ir.l() > lmax) continue;
                    ins.add(Instruction.of(i, j, mid.size(), "uvu", true));
                    mid.add(new MulIrrep(mul, ir));
                }
        return new TensorProduct(feat, sh, Irreps.of(mid), ins, TensorProduct.Options.DEFAULT.withSharedWeights(false));
    }

    private static List<MulIrrep> range(int mul, int lmax) {
        List<MulIrrep> l = new ArrayList<>();
        for (int k = 0; k <= lmax; k++) l.add(new MulIrrep(mul, new Irrep(k, k % 2 == 0 ? 1 : -1)));
        return l;
    }

    /** Nominal flops of one slot over z samples (see class comment). */
    public static double slotFlops(TpPlan plan, int z) {
        double s = 0;
        for (TpPlan.Path p : plan.paths()) s += (double) p.mul1() * p.nnz();
        return 4.0 * z * s;
    }

    /** Median seconds of forward and backward, per-edge (e3nn's form) and fused; GFLOP/s of each. */
    public record Result(int mul, int lmax, int paths, double mflopForward, double[] seconds, String[] names) {
        public double gflops(int k) { return mflopForward * (names[k].endsWith("backward") ? 3 : 1) / seconds[k] / 1e3; }

        public String json() {
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "{\"mul\": %d, \"lmax\": %d, \"paths\": %d", mul, lmax, paths));
            for (int k = 0; k < names.length; k++)
                s.append(String.format(Locale.ROOT, ", \"%s_ms\": %.5g, \"%s_gflops\": %.4g", names[k], seconds[k] * 1e3, names[k], gflops(k)));
            return s.append('}').toString();
        }
    }

    /** Times the four forms on {@code be}; edges random between {@code nodes} nodes (about edges/nodes per node). */
    public static Result run(Backend be, DType dt, int mul, int lmax, int edges, int nodes, int warmup, int calls, long seed) {
        TensorProduct tp = conv(mul, lmax);
        TpPlan plan = tp.plan();
        Rng rng = new Rng(seed);
        Tensor x1 = rng.normal(dt, edges, plan.dim1()).to(be), x2 = rng.normal(dt, edges, plan.dim2()).to(be);
        Tensor w = rng.normal(dt, edges, plan.weightNumel()).to(be), g = rng.normal(dt, edges, plan.dimOut()).to(be);
        Tensor xn = rng.normal(dt, nodes, plan.dim1()).to(be), gn = rng.normal(dt, nodes, plan.dimOut()).to(be);
        int[] src = new int[edges], dst = new int[edges];
        for (int e = 0; e < edges; e++) { src[e] = (int) (rng.nextDouble() * nodes); dst[e] = (int) (rng.nextDouble() * nodes); }
        String[] names = {"forward", "backward", "fused_forward", "fused_backward"};
        Runnable[] forms = {
            () -> be.tpContract(plan, Slot.OUT, x1, x2, w, null),
            () -> { be.tpContract(plan, Slot.X1, null, x2, w, g); be.tpContract(plan, Slot.X2, x1, null, w, g); be.tpContract(plan, Slot.W, x1, x2, null, g); },
            () -> be.tpContractIndexed(plan, Slot.OUT, xn, src, nodes, x2, w, null, dst, nodes),
            () -> {
                be.tpContractIndexed(plan, Slot.X1, null, src, nodes, x2, w, gn, dst, nodes);
                be.tpContractIndexed(plan, Slot.X2, xn, src, nodes, null, w, gn, dst, nodes);
                be.tpContractIndexed(plan, Slot.W, xn, src, nodes, x2, null, gn, dst, nodes);
            }};
        double[] sec = new double[forms.length];
        for (int k = 0; k < forms.length; k++) {
            Runnable f = forms[k];
            sec[k] = SpeedHarness.median(warmup, calls, () -> { f.run(); be.synchronize(); });
        }
        return new Result(mul, lmax, plan.paths().size(), slotFlops(plan, edges) / 1e6, sec, names);
    }

    /** One table row per (mul, l_max), then its JSON line. */
    public static void print(Result r, PrintStream out) {
        out.printf(Locale.ROOT, "mul %d, l_max %d (%d uvu paths), %.1f MFLOP per slot:", r.mul(), r.lmax(), r.paths(), r.mflopForward());
        for (int k = 0; k < r.names().length; k++) out.printf(Locale.ROOT, "  %s %.3f ms (%.1f GFLOP/s)", r.names()[k], r.seconds()[k] * 1e3, r.gflops(k));
        out.println();
        out.println(r.json());
    }
}
