package org.jnequip.kernels;

import static org.jnequip.kernels.Devices.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;
import org.jnequip.tensor.TpPlan;
import org.jnequip.tensor.TpPlan.Slot;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The device's tpContract in the channel-last layout (read natively by the kernels) and its fused
 * tpContractIndexed (one launch per open slot) vs the CPU: every slot, every mode, shared and per-sample
 * weights. The CPU runs the standard layout (it takes channel-last only for uvu plans), so channel-last
 * operands are converted on the host: x1 and out blocks (u, m) at off + m·mul + u instead of off + u·d + m.
 */
class TpIndexedParityTest {
    static final int N1 = 7, NOUT = 5, Z = 23;

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void channelLastContractVsCpu(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        Random r = new Random(91);
        for (boolean shared : new boolean[]{false, true}) {
            TpPlan std = TpReference.randomPlan(r, shared), cl = std.withChannelLast(true);
            Operands o = Operands.random(r, std, Z, Z, Z);
            for (Slot open : Slot.values()) {
                Tensor got = dev.tpContract(cl, open, o.x1(dev, dt, true, open), o.x2(dev, dt, open), o.w(dev, dt, open), o.out(dev, dt, true, open));
                Tensor want = cpuOrSkip(() -> CPU.tpContract(std, open, o.x1(CPU, dt, false, open), o.x2(CPU, dt, open), o.w(CPU, dt, open), o.out(CPU, dt, false, open)));
                assertClose("tp channel-last " + open + (shared ? " shared w" : " per-sample w") + " vs cpu", got, o.toLayout(want, open, true));
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void indexedEverySlotVsCpuComposition(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        Random r = new Random(92);
        int[] idx1 = new int[Z], idxOut = new int[Z];
        for (int z = 0; z < Z; z++) {
            idx1[z] = r.nextInt(N1 - 1);          // row N1-1 of x1 never read
            idxOut[z] = 1 + r.nextInt(NOUT - 1);  // row 0 of out receives nothing
        }
        for (boolean shared : new boolean[]{false, true}) {
            for (boolean channelLast : new boolean[]{false, true}) {
                TpPlan std = TpReference.randomPlan(r, shared), plan = std.withChannelLast(channelLast);
                Operands o = Operands.random(r, std, N1, Z, NOUT);
                for (Slot open : Slot.values()) {
                    long before = dev.counters().get("launches");
                    Tensor got = dev.tpContractIndexed(plan, open, o.x1(dev, dt, channelLast, open), idx1, N1, o.x2(dev, dt, open), o.w(dev, dt, open),
                            o.out(dev, dt, channelLast, open), idxOut, NOUT);
                    long launches = dev.counters().get("launches") - before;
                    Tensor want = cpuOrSkip(() -> CPU.tpContractIndexed(std, open, o.x1(CPU, dt, false, open), idx1, N1, o.x2(CPU, dt, open), o.w(CPU, dt, open),
                            o.out(CPU, dt, false, open), idxOut, NOUT));
                    String what = "tp indexed " + open + (shared ? " shared w" : " per-sample w") + (channelLast ? " channel-last" : "");
                    assertClose(what + " vs cpu", got, o.toLayout(want, open, channelLast));
                    assertEquals(open == Slot.W && shared ? 2 : 1, launches, what + ": launches");
                }
            }
        }
    }

    /** Random operands of a plan in the standard layout, handed out in either layout (null for the open slot). */
    record Operands(TpPlan plan, double[] x1, int n1, double[] x2, int z, double[] w, double[] out, int nOut) {
        static Operands random(Random r, TpPlan plan, int n1, int z, int nOut) {
            int wRows = plan.sharedWeights() ? 1 : z;
            return new Operands(plan, uniform(r, n1 * plan.dim1(), -1, 1), n1, uniform(r, z * plan.dim2(), -1, 1), z,
                    uniform(r, wRows * plan.weightNumel(), -1, 1), uniform(r, nOut * plan.dimOut(), -1, 1), nOut);
        }

        Tensor x1(org.jnequip.tensor.Backend b, DType dt, boolean cl, Slot open) {
            return open == Slot.X1 ? null : b.fromHost(cl ? relayout(x1, n1, true, true) : x1, dt, n1, plan.dim1());
        }

        Tensor x2(org.jnequip.tensor.Backend b, DType dt, Slot open) { return open == Slot.X2 ? null : b.fromHost(x2, dt, z, plan.dim2()); }

        Tensor w(org.jnequip.tensor.Backend b, DType dt, Slot open) {
            if (open == Slot.W) return null;
            return plan.sharedWeights() ? b.fromHost(w, dt, plan.weightNumel()) : b.fromHost(w, dt, z, plan.weightNumel());
        }

        Tensor out(org.jnequip.tensor.Backend b, DType dt, boolean cl, Slot open) {
            return open == Slot.OUT ? null : b.fromHost(cl ? relayout(out, nOut, false, true) : out, dt, nOut, plan.dimOut());
        }

        /** A standard-layout CPU result in the layout under test (only x1 and out results change). */
        Tensor toLayout(Tensor t, Slot open, boolean cl) {
            if (!cl || (open != Slot.X1 && open != Slot.OUT)) return t;
            int rows = t.shape()[0];
            return CPU.fromHost(relayout(t.toDoubleArray(), rows, open == Slot.X1, true), t.dtype(), t.shape());
        }

        /** Rows of x1 (or out) from the standard to the channel-last layout of the plan's blocks (toCl) or back. */
        double[] relayout(double[] a, int rows, boolean isX1, boolean toCl) {
            int dim = isX1 ? plan.dim1() : plan.dimOut();
            int[] stdToCl = new int[dim];
            for (int c = 0; c < dim; c++) stdToCl[c] = c;
            for (TpPlan.Path p : plan.paths()) {
                int off = isX1 ? p.off1() : p.offOut(), mul = isX1 ? p.mul1() : p.mulOut(), d = isX1 ? p.d1() : p.d3();
                for (int u = 0; u < mul; u++) for (int m = 0; m < d; m++) stdToCl[off + u * d + m] = off + m * mul + u;
            }
            double[] o = new double[a.length];
            for (int row = 0; row < rows; row++)
                for (int c = 0; c < dim; c++) {
                    if (toCl) o[row * dim + stdToCl[c]] = a[row * dim + c];
                    else o[row * dim + c] = a[row * dim + stdToCl[c]];
                }
            return o;
        }
    }
}
