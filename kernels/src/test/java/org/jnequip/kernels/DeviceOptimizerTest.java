package org.jnequip.kernels;

import static org.jnequip.kernels.Devices.require;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jnequip.nequip.train.Amsgrad;
import org.jnequip.nequip.train.Ema;
import org.jnequip.tensor.Backend;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * AMSGrad and the EMA with their state on the device: the same numbers as the host loops bit for bit (each device
 * op is one IEEE operation in the host order), no download during the steps, and a checkpoint taken on the device
 * and restored continues exactly like the uninterrupted run.
 */
class DeviceOptimizerTest {

    static Map<String, Tensor> params(Backend be, DType dt, long seed) {
        Rng r = new Rng(seed);
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("a.weight", r.normal(dt, 7, 5).to(be));
        m.put("b.bias", r.normal(dt, 13).to(be));
        return m;
    }

    static Map<String, Tensor> on(Backend be, Map<String, Tensor> x) {
        Map<String, Tensor> y = new LinkedHashMap<>();
        x.forEach((k, t) -> y.put(k, t.to(be)));
        return y;
    }

    static void assertSameValues(Map<String, Tensor> want, Map<String, Tensor> got, String what) {
        assertEquals(want.keySet(), got.keySet(), what);
        want.forEach((k, t) -> {
            assertArrayEquals(t.shape(), got.get(k).shape(), what + " " + k);
            assertArrayEquals(t.toDoubleArray(), got.get(k).toDoubleArray(), what + " " + k + ": device and host differ");
        });
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void amsgradAndEmaOnTheDeviceEqualTheHostBitForBit(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        Backend cpu = Devices.CPU;
        for (boolean ams : new boolean[]{true, false}) {
            Amsgrad host = new Amsgrad(0.9, 0.999, 1e-8, 0.01, ams), onDev = new Amsgrad(0.9, 0.999, 1e-8, 0.01, ams);
            Map<String, Tensor> ph = params(cpu, dt, 1), pd = on(dev, ph);
            Ema eh = new Ema(ph, 0.99, true), ed = new Ema(pd, 0.99, true);
            Amsgrad resumed = null;
            Ema eResumed = null;
            Map<String, Tensor> pr = null;
            for (int step = 0; step < 4; step++) {
                Map<String, Tensor> g = params(cpu, dt, 100 + step);
                Map<String, Tensor> nh = host.step(ph, g, 1e-2);
                long downloads = dev.counters().get("downloads");
                Map<String, Tensor> nd = onDev.step(pd, on(dev, g), 1e-2);
                eh.update(nh);
                ed.update(nd);
                assertEquals(downloads, dev.counters().get("downloads"), "an optimiser step and an EMA update on the device read nothing back");
                nd.values().forEach(t -> assertSame(dev, t.backend(), "updated parameters stay on the device"));
                assertSameValues(nh, nd, "amsgrad=" + ams + " step " + step);
                assertSameValues(eh.weights(), ed.weights(), "ema step " + step);
                if (resumed != null) {
                    pr = resumed.step(pr, on(dev, g), 1e-2);
                    eResumed.update(pr);
                    assertSameValues(nh, pr, "resumed step " + step);
                    assertSameValues(eh.weights(), eResumed.weights(), "resumed ema step " + step);
                } else if (step == 1) {                       // checkpoint from the device, restore, continue there
                    assertSameValues(host.stateTensors(), onDev.stateTensors(), "optimiser state");
                    assertSameValues(eh.stateTensors(), ed.stateTensors(), "ema state");
                    resumed = new Amsgrad(0.9, 0.999, 1e-8, 0.01, ams);
                    resumed.restore(onDev.stateTensors(), onDev.stepCount());
                    eResumed = new Ema(nd, 0.99, true);
                    eResumed.restore(ed.stateTensors(), ed.numUpdates());
                    pr = nd;
                }
                ph = nh;
                pd = nd;
            }
        }
    }
}
