package org.jnequip.kernels;

import static org.jnequip.kernels.Devices.*;

import java.util.Random;
import org.jnequip.tensor.DType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** indexSelect (gather) and indexAdd (scatter-sum: CSR and atomic) with repeated and unused targets. */
class IndexParityTest {

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void gather(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        Random r = new Random(61);
        Pair x = randn(dev, r, dt, 5, 7, 3);
        int[] i0 = {4, 0, 0, 2, 4, 4, 1}, i1 = {6, 6, 0, 3}, i2 = {2, 1, 2};
        assertClose("indexSelect axis 0", dev.indexSelect(x.dev(), 0, i0), CPU.indexSelect(x.cpu(), 0, i0), 0.0);
        assertClose("indexSelect axis 1", dev.indexSelect(x.dev(), 1, i1), CPU.indexSelect(x.cpu(), 1, i1), 0.0);
        assertClose("indexSelect axis 2", dev.indexSelect(x.dev(), 2, i2), CPU.indexSelect(x.cpu(), 2, i2), 0.0);
        assertClose("indexSelect empty", dev.indexSelect(x.dev(), 0, new int[0]), CPU.indexSelect(x.cpu(), 0, new int[0]), 0.0);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void scatterSum(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        Random r = new Random(62);
        int n = 300, size = 9;
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = r.nextInt(size - 2);   // targets size-2 and size-1 stay empty
        idx[0] = 3; idx[1] = 3; idx[2] = 3;
        Pair src = randn(dev, r, dt, n, 4);
        assertClose("indexAdd axis 0 (csr)", dev.indexAdd(src.dev(), 0, idx, size), CPU.indexAdd(src.cpu(), 0, idx, size));
        assertClose("indexAdd axis 0 (atomic)", dev.indexAddAtomic(src.dev(), 0, idx, size), CPU.indexAdd(src.cpu(), 0, idx, size));
        Pair src1 = randn(dev, r, dt, 2, n, 3);
        assertClose("indexAdd axis 1 (csr)", dev.indexAdd(src1.dev(), 1, idx, size), CPU.indexAdd(src1.cpu(), 1, idx, size));
        assertClose("indexAdd axis 1 (atomic)", dev.indexAddAtomic(src1.dev(), 1, idx, size), CPU.indexAdd(src1.cpu(), 1, idx, size));
        // the same index array again (cached upload) with another target count
        assertClose("indexAdd cached index, size 12", dev.indexAdd(src.dev(), 0, idx, 12), CPU.indexAdd(src.cpu(), 0, idx, 12));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void heavyContentionAtomics(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        Random r = new Random(63);
        int n = 20_000;
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = r.nextInt(2);
        Pair src = pair(dev, uniform(r, n, 0, 1), dt, n);
        assertClose("indexAdd 20000 -> 2 (atomic)", dev.indexAddAtomic(src.dev(), 0, idx, 2), CPU.indexAdd(src.cpu(), 0, idx, 2));
        assertClose("indexAdd 20000 -> 2 (csr)", dev.indexAdd(src.dev(), 0, idx, 2), CPU.indexAdd(src.cpu(), 0, idx, 2));
    }
}
