package org.jnequip.kernels;

import static org.jnequip.kernels.Devices.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** zeros, full, fromHost/toHost, cast, reshape sharing, Tensor.to, empty tensors, oneHot, bad input. */
class StorageParityTest {

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void roundTripsAndFills(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        double[] v = uniform(new Random(21), 30, -5, 5);
        Pair p = pair(dev, v, dt, 5, 6);
        assertArrayEquals(p.cpu().toDoubleArray(), p.dev().toDoubleArray(), 0.0, "fromHost/toHost rounds like the CPU");
        assertClose("zeros", dev.zeros(dt, 3, 4), CPU.zeros(dt, 3, 4));
        assertClose("full", dev.full(dt, -0.3, 2, 7), CPU.full(dt, -0.3, 2, 7));
        assertClose("full scalar", dev.full(dt, 2.5), CPU.full(dt, 2.5));
        Tensor r = p.dev().reshape(3, 10);
        assertArrayEquals(new int[]{3, 10}, r.shape());
        assertArrayEquals(p.cpu().toDoubleArray(), r.toDoubleArray(), 0.0, "reshape keeps data");
        Tensor back = p.dev().to(CPU).to(dev);
        assertEquals(v.length, back.numel());
        assertClose("to(cpu).to(device)", back, p.cpu());
        Tensor empty = dev.zeros(dt, 0, 4);
        assertEquals(0, empty.toDoubleArray().length);
        assertEquals(0, dev.unary(org.jnequip.tensor.UnaryOp.EXP, empty).numel());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.jnequip.kernels.Devices#names")
    void castsBothWays(String device) {
        DeviceBackend dev = require(device, DType.F64);
        double[] v = uniform(new Random(22), 17, -1e3, 1e3);
        Pair p64 = pair(dev, v, DType.F64, 17);
        assertClose("cast f64->f32", dev.cast(p64.dev(), DType.F32), CPU.cast(p64.cpu(), DType.F32), 0.0);
        Pair p32 = pair(dev, v, DType.F32, 17);
        assertClose("cast f32->f64", dev.cast(p32.dev(), DType.F64), CPU.cast(p32.cpu(), DType.F64), 0.0);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void oneHot(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        int[] idx = {2, 0, 2, 4, 1};
        assertClose("oneHot", dev.oneHot(idx, 5, dt), CPU.oneHot(idx, 5, dt), 0.0);
        assertThrows(IndexOutOfBoundsException.class, () -> dev.oneHot(new int[]{5}, 5, dt));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.jnequip.kernels.Devices#names")
    void rejectsForeignTensorsAndDtypeMixes(String device) {
        DeviceBackend dev = require(device);
        Tensor c = CPU.zeros(DType.F32, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> dev.unary(org.jnequip.tensor.UnaryOp.EXP, c));
        System.out.println("foreign tensor: " + e.getMessage());
        if (dev.supportsF64()) {
            Tensor a = dev.zeros(DType.F32, 3), b = dev.zeros(DType.F64, 3);
            assertThrows(IllegalArgumentException.class, () -> dev.binary(org.jnequip.tensor.BinaryOp.ADD, a, b));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.jnequip.kernels.Devices#names")
    void poolReusesFreedBuffers(String device) throws InterruptedException {
        DeviceBackend dev = require(device);
        long before = dev.pool.reusedCount();
        for (int round = 0; round < 20 && dev.pool.reusedCount() == before; round++) {
            for (int i = 0; i < 50; i++) dev.zeros(DType.F32, 1000 + round);   // dropped at once
            System.gc();
            Thread.sleep(20);
            dev.zeros(DType.F32, 1000 + round);
        }
        System.out.println("pool: " + dev.poolStats());
        org.junit.jupiter.api.Assertions.assertTrue(dev.pool.reusedCount() > before, "no buffer was reused: " + dev.poolStats());
    }
}
