package org.jnequip.e3;

import java.util.ArrayList;
import java.util.List;
import org.jnequip.tensor.TpPlan.Mode;

/**
 * e3nn's {@code FullyConnectedTensorProduct}: every path (i1, i2, iOut) with irrep_out ∈ irrep1 ⊗ irrep2,
 * created in loop order i1, i2, iOut, mode uvw with weights, so
 * <pre>
 *   out[iOut][w, k] = Σ_(paths → iOut) α · Σ_(u,v) W[u,v,w] Σ_(i,j) C[i,j,k] x1[i1][u,i] x2[i2][v,j]
 * </pre>
 * and, with component/element normalisation, α = √((2lOut+1) / Σ_(paths → iOut) mul1·mul2).
 * NequIP's self-connection is FCTP(features, one-hot species → conv irreps).
 */
public class FullyConnectedTensorProduct extends TensorProduct {
    public FullyConnectedTensorProduct(Irreps in1, Irreps in2, Irreps out) { this(in1, in2, out, Options.DEFAULT); }

    public FullyConnectedTensorProduct(Irreps in1, Irreps in2, Irreps out, Options options) { this(in1, in2, out, options, null); }

    /** Internal weights (e3nn's default) drawn from {@code init}. */
    public FullyConnectedTensorProduct(Irreps in1, Irreps in2, Irreps out, Options options, Init init) {
        super(in1, in2, out, instructions(in1, in2, out), options, init);
    }

    /** The fully connected instruction list (user path weight 1). */
    public static List<Instruction> instructions(Irreps in1, Irreps in2, Irreps out) {
        List<Instruction> ins = new ArrayList<>();
        for (int a = 0; a < in1.size(); a++)
            for (int b = 0; b < in2.size(); b++)
                for (int c = 0; c < out.size(); c++)
                    if (in1.get(a).ir().times(in2.get(b).ir()).contains(out.get(c).ir())) ins.add(Instruction.of(a, b, c, Mode.UVW, true));
        return ins;
    }
}
