package org.jnequip.kernels;

import static org.jnequip.kernels.Devices.*;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;
import org.jnequip.tensor.TpPlan;
import org.jnequip.tensor.TpPlan.Slot;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * tpContract with every slot open, every mode, shared and per-sample weights: device vs the naive float64
 * reference (TpReference) and vs CpuBackend.
 */
class TpParityTest {
    static final int Z = 13;

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void everySlotEveryModeVsReference(String device, DType dt) { everySlot(device, dt, false); }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void everySlotEveryModeVsCpu(String device, DType dt) { everySlot(device, dt, true); }

    private static void everySlot(String device, DType dt, boolean vsCpu) {
        DeviceBackend dev = require(device, dt);
        Random r = new Random(71);
        for (boolean shared : new boolean[]{false, true}) {
            TpPlan plan = TpReference.randomPlan(r, shared);
            int WN = plan.weightNumel();
            double[] x1 = uniform(r, Z * plan.dim1(), -1, 1), x2 = uniform(r, Z * plan.dim2(), -1, 1);
            double[] w = uniform(r, (shared ? 1 : Z) * WN, -1, 1), g = uniform(r, Z * plan.dimOut(), -1, 1);
            int[] ws = shared ? new int[]{WN} : new int[]{Z, WN};
            Pair p1 = pair(dev, x1, dt, Z, plan.dim1()), p2 = pair(dev, x2, dt, Z, plan.dim2()), pw = pair(dev, w, dt, ws), pg = pair(dev, g, dt, Z, plan.dimOut());
            for (Slot open : Slot.values()) {
                Tensor got = dev.tpContract(plan, open, open == Slot.X1 ? null : p1.dev(), open == Slot.X2 ? null : p2.dev(),
                        open == Slot.W ? null : pw.dev(), open == Slot.OUT ? null : pg.dev());
                String what = "tp " + open + (shared ? " shared w" : " per-sample w");
                if (vsCpu) {
                    Tensor cpu = cpuOrSkip(() -> CPU.tpContract(plan, open, open == Slot.X1 ? null : p1.cpu(), open == Slot.X2 ? null : p2.cpu(),
                            open == Slot.W ? null : pw.cpu(), open == Slot.OUT ? null : pg.cpu()));
                    assertClose(what + " vs cpu", got, cpu);
                } else {
                    int[] shape = switch (open) {
                        case X1 -> new int[]{Z, plan.dim1()};
                        case X2 -> new int[]{Z, plan.dim2()};
                        case W -> ws;
                        case OUT -> new int[]{Z, plan.dimOut()};
                    };
                    // inputs were rounded to dt on upload: the reference uses the rounded values
                    double[] ref = dt == DType.F32 ? TpReference.contract(plan, open, Z, round(x1), round(x2), round(w), round(g))
                            : TpReference.contract(plan, open, Z, x1, x2, w, g);
                    assertClose(what + " vs reference", got, CPU.fromHost(ref, dt, shape));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void singleSampleAndBadShapes(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        Random r = new Random(72);
        TpPlan plan = TpReference.randomPlan(r, false);
        Tensor x1 = dev.fromHost(uniform(r, plan.dim1(), -1, 1), dt, 1, plan.dim1());
        Tensor x2 = dev.fromHost(uniform(r, plan.dim2(), -1, 1), dt, 1, plan.dim2());
        Tensor w = dev.fromHost(uniform(r, plan.weightNumel(), -1, 1), dt, 1, plan.weightNumel());
        Tensor bad = dev.zeros(dt, 1, plan.dim1() + 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> dev.tpContract(plan, Slot.OUT, bad, x2, w, null));
        System.out.println("bad shape: " + e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> dev.tpContract(plan, Slot.OUT, x1, x2, w, x1), "open slot must be null");
        Tensor y = dev.tpContract(plan, Slot.OUT, x1, x2, w, null);
        assertClose("tp OUT Z=1 vs cpu", y, cpuOrSkip(() -> CPU.tpContract(plan, Slot.OUT, x1.to(CPU), x2.to(CPU), w.to(CPU), null)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void zeroSamples(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        TpPlan plan = TpReference.randomPlan(new Random(73), true);
        Tensor x1 = dev.zeros(dt, 0, plan.dim1()), x2 = dev.zeros(dt, 0, plan.dim2()), g = dev.zeros(dt, 0, plan.dimOut());
        Tensor w = dev.fromHost(uniform(new Random(74), plan.weightNumel(), -1, 1), dt, plan.weightNumel());
        assertClose("tp OUT Z=0", dev.tpContract(plan, Slot.OUT, x1, x2, w, null), CPU.zeros(dt, 0, plan.dimOut()), 0.0);
        assertClose("tp W shared Z=0", dev.tpContract(plan, Slot.W, x1, x2, null, g), CPU.zeros(dt, plan.weightNumel()), 0.0);
    }

    private static double[] round(double[] v) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) o[i] = (float) v[i];
        return o;
    }
}
