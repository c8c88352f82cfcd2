package org.jnequip.kernels;

import static org.jnequip.kernels.Devices.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** permute, expand, concat, slice, pad: exact copies, so the tolerance is 0. */
class LayoutParityTest {

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void permuteAndExpand(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        Random r = new Random(51);
        Pair x = randn(dev, r, dt, 2, 3, 4, 5);
        for (int[] p : new int[][]{{3, 2, 1, 0}, {0, 2, 1, 3}, {1, 0, 3, 2}, {2, 3, 0, 1}})
            assertClose("permute " + java.util.Arrays.toString(p), dev.permute(x.dev(), p), CPU.permute(x.cpu(), p), 0.0);
        Pair y = randn(dev, r, dt, 3, 1);
        assertClose("expand (3,1)->(2,3,4)", dev.expand(y.dev(), new int[]{2, 3, 4}), CPU.expand(y.cpu(), new int[]{2, 3, 4}), 0.0);
        Pair s = randn(dev, r, dt);
        assertClose("expand scalar->(2,2)", dev.expand(s.dev(), new int[]{2, 2}), CPU.expand(s.cpu(), new int[]{2, 2}), 0.0);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void concatAndSlice(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        Random r = new Random(52);
        for (int axis = 0; axis < 3; axis++) {
            int[] s1 = {2, 3, 4}, s2 = {2, 3, 4}, s3 = {2, 3, 4};
            s2[axis] = 1;
            s3[axis] = 5;
            Pair a = randn(dev, r, dt, s1), b = randn(dev, r, dt, s2), c = randn(dev, r, dt, s3);
            assertClose("concat axis " + axis, dev.concat(List.of(a.dev(), b.dev(), c.dev()), axis), CPU.concat(List.of(a.cpu(), b.cpu(), c.cpu()), axis), 0.0);
        }
        Pair x = randn(dev, r, dt, 4, 6, 5);
        for (int axis = 0; axis < 3; axis++)
            assertClose("slice axis " + axis, dev.slice(x.dev(), axis, 1, 3), CPU.slice(x.cpu(), axis, 1, 3), 0.0);
        assertClose("slice empty", dev.slice(x.dev(), 1, 2, 2), CPU.slice(x.cpu(), 1, 2, 2), 0.0);
        for (int axis = 0; axis < 3; axis++)
            assertClose("pad axis " + axis, dev.pad(x.dev(), axis, 2, 1), CPU.pad(x.cpu(), axis, 2, 1), 0.0);
        for (int[] ba : new int[][]{{0, 3}, {4, 0}, {0, 0}})
            assertClose("pad axis 1 by " + ba[0] + "/" + ba[1], dev.pad(x.dev(), 1, ba[0], ba[1]), CPU.pad(x.cpu(), 1, ba[0], ba[1]), 0.0);
    }

    /** More sources than one concat launch takes (groups of eight), with empty sources among them. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void concatManySources(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        Random r = new Random(53);
        for (int axis = 0; axis < 2; axis++) {
            List<Tensor> ds = new ArrayList<>(), cs = new ArrayList<>();
            for (int k = 0; k < 19; k++) {
                int[] s = {3, 4};
                s[axis] = k % 5 == 3 ? 0 : 1 + k % 4;
                Pair p = randn(dev, r, dt, s);
                ds.add(p.dev());
                cs.add(p.cpu());
            }
            long before = dev.kernelCounts().getOrDefault("concat8" + DeviceBackend.sfx(dt), 0L);
            assertClose("concat of 19, axis " + axis, dev.concat(ds, axis), CPU.concat(cs, axis), 0.0);
            assertEquals(3, dev.kernelCounts().get("concat8" + DeviceBackend.sfx(dt)) - before, "launches for 19 sources");
        }
    }

    /** Split: pieces with gaps, an overlap, an empty one and more than one launch holds (eight per launch). */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void split(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        Random r = new Random(54);
        Pair x = randn(dev, r, dt, 3, 12, 2);
        int[] starts = {0, 1, 4, 4, 2, 7, 9, 0, 11, 3, 5}, ends = {1, 4, 4, 7, 6, 9, 12, 12, 12, 5, 10};
        for (int axis = 0; axis < 3; axis++) {
            int len = x.cpu().shape()[axis];
            int[] s = new int[starts.length], e = new int[starts.length];
            for (int k = 0; k < s.length; k++) { s[k] = Math.min(starts[k], len); e[k] = Math.min(ends[k], len); }
            long before = dev.kernelCounts().getOrDefault("split8" + DeviceBackend.sfx(dt), 0L);
            Tensor[] d = dev.split(x.dev(), axis, s, e), c = CPU.split(x.cpu(), axis, s, e);
            long launches = dev.kernelCounts().getOrDefault("split8" + DeviceBackend.sfx(dt), 0L) - before;
            for (int k = 0; k < s.length; k++) assertClose("split axis " + axis + " piece " + k, d[k], c[k], 0.0);
            if (axis == 1) assertEquals(2, launches, "launches for 9 copied pieces (one empty, one whole)");
        }
    }
}
