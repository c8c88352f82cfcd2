package org.jnequip.kernels;

import static org.jnequip.kernels.Devices.require;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.jnequip.autograd.NamedWeight;
import org.jnequip.autograd.Var;
import org.jnequip.nequip.train.Amsgrad;
import org.jnequip.nequip.train.Ema;
import org.jnequip.tensor.Backend;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * AMSGrad and the EMA on weights that live on the device: the weights are updated in place (the same tensors
 * before and after), with the same bits as on the CPU (each op is one IEEE operation in the same order on both),
 * nothing is read back during the steps, and a checkpoint taken on the device and restored continues exactly
 * like the uninterrupted run.
 */
class DeviceOptimizerTest {

    /** Two weights (7, 5) and (13) from {@code seed}, on {@code be}. */
    static List<NamedWeight> params(Backend be, DType dt, long seed) {
        Rng r = new Rng(seed);
        return List.of(new NamedWeight("a.weight", Var.param(r.normal(dt, 7, 5).to(be))), new NamedWeight("b.bias", Var.param(r.normal(dt, 13).to(be))));
    }

    static List<Tensor> grads(Backend be, DType dt, long seed) {
        List<Tensor> g = new ArrayList<>();
        for (NamedWeight w : params(be, dt, seed)) g.add(w.var().value());
        return g;
    }

    static void assertSameValues(List<NamedWeight> want, List<NamedWeight> got, String what) {
        for (int i = 0; i < want.size(); i++)
            assertArrayEquals(want.get(i).var().value().toDoubleArray(), got.get(i).var().value().toDoubleArray(), what + " " + want.get(i).name() + ": device and host differ");
    }

    /** The EMA's average as it appears in the weights while swapped in. */
    static List<double[]> averaged(Ema ema, List<NamedWeight> p) {
        List<double[]> out = new ArrayList<>();
        try (Ema.Swap s = ema.swapIn()) {
            for (NamedWeight w : p) out.add(w.var().value().toDoubleArray());
        }
        return out;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void amsgradAndEmaOnTheDeviceEqualTheHostBitForBit(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        Backend cpu = Devices.CPU;
        for (boolean ams : new boolean[]{true, false}) {
            List<NamedWeight> ph = params(cpu, dt, 1), pd = params(dev, dt, 1);
            List<Tensor> storage = pd.stream().map(w -> w.var().value()).toList();
            Amsgrad host = new Amsgrad(ph, 0.9, 0.999, 1e-8, 0.01, ams), onDev = new Amsgrad(pd, 0.9, 0.999, 1e-8, 0.01, ams);
            Ema eh = new Ema(ph, 0.99, true), ed = new Ema(pd, 0.99, true);
            List<NamedWeight> pr = null;
            Amsgrad resumed = null;
            Ema eResumed = null;
            for (int step = 0; step < 4; step++) {
                host.step(grads(cpu, dt, 100 + step), 1e-2);
                eh.update();
                List<Tensor> g = grads(dev, dt, 100 + step);
                long downloads = dev.counters().get("downloads");
                onDev.step(g, 1e-2);
                ed.update();
                assertEquals(downloads, dev.counters().get("downloads"), "an optimiser step and an EMA update on the device read nothing back");
                for (int i = 0; i < pd.size(); i++) assertSame(storage.get(i), pd.get(i).var().value(), "the weights are updated in place");
                assertSameValues(ph, pd, "amsgrad=" + ams + " step " + step);
                List<double[]> ah = averaged(eh, ph), ad = averaged(ed, pd);
                for (int i = 0; i < ah.size(); i++) assertArrayEquals(ah.get(i), ad.get(i), "ema step " + step);
                assertSameValues(ph, pd, "after the EMA swap, step " + step);
                if (resumed != null) {
                    resumed.step(grads(dev, dt, 100 + step), 1e-2);
                    eResumed.update();
                    assertSameValues(ph, pr, "resumed step " + step);
                    List<double[]> ar = averaged(eResumed, pr);
                    for (int i = 0; i < ah.size(); i++) assertArrayEquals(ah.get(i), ar.get(i), "resumed ema step " + step);
                } else if (step == 1) {                       // checkpoint from the device, restore into fresh device weights, continue
                    for (var e : host.stateTensors().entrySet())
                        assertArrayEquals(e.getValue().toDoubleArray(), onDev.stateTensors().get(e.getKey()).toDoubleArray(), "optimiser state " + e.getKey());
                    for (var e : eh.stateTensors().entrySet())
                        assertArrayEquals(e.getValue().toDoubleArray(), ed.stateTensors().get(e.getKey()).toDoubleArray(), "ema state " + e.getKey());
                    pr = params(dev, dt, 1);
                    for (int i = 0; i < pr.size(); i++) pr.get(i).var().value().assign(pd.get(i).var().value());
                    resumed = new Amsgrad(pr, 0.9, 0.999, 1e-8, 0.01, ams);
                    resumed.restore(onDev.stateTensors(), onDev.stepCount());
                    eResumed = new Ema(pr, 0.99, true);
                    eResumed.restore(ed.stateTensors(), ed.numUpdates());
                }
            }
        }
    }
}
