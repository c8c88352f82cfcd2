package org.jnequip.kernels;

import static org.jnequip.kernels.Devices.*;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.ReduceOp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** sum/max/min over contiguous and non-contiguous axis sets, keepDims, long (chunked) axes, empty axes. */
class ReduceParityTest {

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void axisSets(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        Pair x = randn(dev, new Random(31), dt, 4, 5, 6, 3);
        int[][] axesSets = {{0}, {1}, {3}, {1, 2}, {0, 2}, {0, 3}, {1, 3}, {0, 1, 2, 3}, {}};
        for (ReduceOp op : ReduceOp.values())
            for (int[] axes : axesSets)
                for (boolean keep : new boolean[]{false, true})
                    assertClose("reduce " + op + " " + Arrays.toString(axes) + (keep ? " keep" : ""),
                            dev.reduce(op, x.dev(), axes, keep), CPU.reduce(op, x.cpu(), axes, keep));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void longAxesUseTheChunkedTree(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        Random r = new Random(32);
        Pair x = randn(dev, r, dt, 70_001);                       // three levels: 70001 -> 274 -> 2 -> 1
        for (ReduceOp op : ReduceOp.values()) assertClose("reduce " + op + " 70001", dev.reduce(op, x.dev(), new int[]{0}, false), CPU.reduce(op, x.cpu(), new int[]{0}, false));
        Pair y = randn(dev, r, dt, 1500, 7);                      // long leading axis, as bias gradients
        assertClose("reduce SUM (1500,7) axis 0", dev.reduce(ReduceOp.SUM, y.dev(), new int[]{0}, false), CPU.reduce(ReduceOp.SUM, y.cpu(), new int[]{0}, false));
        Pair m = pair(dev, uniform(r, 900, 0.5, 1.0), dt, 900); // all positive: no cancellation, a sharp sum test
        assertClose("reduce SUM positive 900", m.dev().sum(), m.cpu().sum());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void emptyAxes(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        Pair x = pair(dev, new double[0], dt, 3, 0, 2);
        assertClose("sum over empty axis", dev.reduce(ReduceOp.SUM, x.dev(), new int[]{1}, false), CPU.reduce(ReduceOp.SUM, x.cpu(), new int[]{1}, false));
        assertThrows(IllegalArgumentException.class, () -> dev.reduce(ReduceOp.MAX, x.dev(), new int[]{1}, false));
    }
}
