package org.jnequip.tensor.cpu;

import org.jnequip.tensor.Tensor;
import org.jnequip.tensor.TpPlan;

/** Sparse CG tensor-product leaf kernels (filled in by the e3 work; see Backend#tpContract). */
final class TpKernels {
    private TpKernels() {}

    static Tensor contract(CpuBackend be, TpPlan plan, TpPlan.Slot open, Tensor x1, Tensor x2, Tensor w, Tensor out) {
        throw new UnsupportedOperationException("tensor product kernel not implemented yet");
    }
}
