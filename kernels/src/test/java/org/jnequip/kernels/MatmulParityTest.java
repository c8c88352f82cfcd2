package org.jnequip.kernels;

import static org.jnequip.kernels.Devices.*;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.jnequip.tensor.DType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** 2-D and batched matmul with every transpose combination, 2-D operands broadcast over a batch, odd sizes. */
class MatmulParityTest {

    private static int[] stored(int[] batch, int rows, int cols, boolean trans) {
        int[] s = java.util.Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = trans ? cols : rows;
        s[batch.length + 1] = trans ? rows : cols;
        return s;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void allTransposesAndBatches(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        Random r = new Random(41);
        int m = 19, k = 37, n = 21;
        int[][][] batches = {{{}, {}}, {{3}, {3}}, {{2, 2}, {2, 2}}, {{3}, {}}, {{}, {4}}};
        for (int[][] b : batches)
            for (boolean ta : new boolean[]{false, true})
                for (boolean tb : new boolean[]{false, true}) {
                    Pair a = randn(dev, r, dt, stored(b[0], m, k, ta)), c = randn(dev, r, dt, stored(b[1], k, n, tb));
                    assertClose("matmul " + java.util.Arrays.toString(a.cpu().shape()) + (ta ? "T" : "") + " x " + java.util.Arrays.toString(c.cpu().shape()) + (tb ? "T" : ""),
                            dev.matmul(a.dev(), c.dev(), ta, tb), CPU.matmul(a.cpu(), c.cpu(), ta, tb));
                }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void edgeSizes(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        Random r = new Random(42);
        int[][] mkn = {{1, 1, 1}, {16, 16, 16}, {17, 1, 33}, {1, 300, 1}, {64, 8, 40}};
        for (int[] s : mkn) {
            Pair a = randn(dev, r, dt, s[0], s[1]), b = randn(dev, r, dt, s[1], s[2]);
            assertClose("matmul " + s[0] + "x" + s[1] + "x" + s[2], dev.matmul(a.dev(), b.dev(), false, false), CPU.matmul(a.cpu(), b.cpu(), false, false));
        }
        Pair a = randn(dev, r, dt, 3, 4), b = randn(dev, r, dt, 5, 2);
        assertThrows(IllegalArgumentException.class, () -> dev.matmul(a.dev(), b.dev(), false, false));
    }

    /** The scale folded into the kernel against the CPU's scaled operand, for every transpose and a shared operand. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void scaled(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        Random r = new Random(43);
        int m = 19, k = 7, n = 21;
        for (int[][] b : new int[][][]{{{}, {}}, {{3}, {}}, {{2}, {2}}})
            for (boolean ta : new boolean[]{false, true})
                for (boolean tb : new boolean[]{false, true}) {
                    Pair a = randn(dev, r, dt, stored(b[0], m, k, ta)), c = randn(dev, r, dt, stored(b[1], k, n, tb));
                    assertClose("0.3 · matmul " + java.util.Arrays.toString(a.cpu().shape()) + (ta ? "T" : "") + " x " + java.util.Arrays.toString(c.cpu().shape()) + (tb ? "T" : ""),
                            dev.matmul(a.dev(), c.dev(), ta, tb, 0.3), CPU.matmul(a.cpu(), c.cpu(), ta, tb, 0.3));
                }
    }
}
