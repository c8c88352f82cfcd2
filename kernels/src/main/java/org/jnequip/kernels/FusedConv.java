package org.jnequip.kernels;

import org.jnequip.tensor.Backend;
import org.jnequip.tensor.Tensor;
import org.jnequip.tensor.TpPlan;

/**
 * NequIP's convolution as one fused primitive: the tensor product of each edge's source-node features with
 * its edge attributes and weights, summed into the destination node, without materialising the (E, dimOut)
 * messages. For edges e = (src[e] → dst[e]):
 * <pre>
 *   out[n]  = Σ_{e: dst[e]=n} TP(x[src[e]], sh[e], w[e])            forward,  out (N, dimOut)
 *   gx[m]   = Σ_{e: src[e]=m} TP_x1(g[dst[e]], sh[e], w[e])         backward, gx (N, dim1)
 *   gsh[e]  = TP_x2(x[src[e]], g[dst[e]], w[e])                     gsh (E, dim2)
 *   gw[e]   = TP_w(x[src[e]], sh[e], g[dst[e]])                     gw (E, WN), or (WN) summed for shared weights
 * </pre>
 * where TP is {@link Backend#tpContract} with {@link TpPlan.Slot#OUT} open and TP_x1 / TP_x2 / TP_w the same
 * contraction with that slot open. {@link #referenceForward} and {@link #referenceBackward} give the unfused
 * composition (indexSelect, tpContract, indexAdd) on any backend, the parity reference for the fused kernels.
 */
public interface FusedConv {
    Tensor convForward(TpPlan plan, Tensor x, Tensor sh, Tensor w, int[] src, int[] dst, int numNodes);

    /** {gx, gsh, gw} for the upstream gradient {@code gradOut} (N, dimOut). */
    Tensor[] convBackward(TpPlan plan, Tensor x, Tensor sh, Tensor w, int[] src, int[] dst, Tensor gradOut);

    /** Unfused forward: indexAdd(tpContract(OUT, indexSelect(x, src), sh, w), dst, N). */
    static Tensor referenceForward(Backend b, TpPlan plan, Tensor x, Tensor sh, Tensor w, int[] src, int[] dst, int numNodes) {
        Tensor msg = b.tpContract(plan, TpPlan.Slot.OUT, b.indexSelect(x, 0, src), sh, w, null);   // (E, dimOut)
        return b.indexAdd(msg, 0, dst, numNodes);
    }

    /** Unfused backward through gathered operands. */
    static Tensor[] referenceBackward(Backend b, TpPlan plan, Tensor x, Tensor sh, Tensor w, int[] src, int[] dst, Tensor gradOut) {
        Tensor gm = b.indexSelect(gradOut, 0, dst);   // (E, dimOut)
        Tensor xs = b.indexSelect(x, 0, src);         // (E, dim1)
        Tensor gx = b.indexAdd(b.tpContract(plan, TpPlan.Slot.X1, null, sh, w, gm), 0, src, x.shape()[0]);
        Tensor gsh = b.tpContract(plan, TpPlan.Slot.X2, xs, null, w, gm);
        Tensor gw = b.tpContract(plan, TpPlan.Slot.W, xs, sh, null, gm);
        return new Tensor[]{gx, gsh, gw};
    }
}
