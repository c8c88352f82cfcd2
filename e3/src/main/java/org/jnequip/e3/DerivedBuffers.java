package org.jnequip.e3;

import java.util.Arrays;
import org.jnequip.autograd.NamedWeight;
import org.jnequip.autograd.Var;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;

/**
 * The entries e3nn keeps in a module's {@code state_dict()} beside its weights that follow from the module's
 * structure alone — nothing computes with them here, a model file of e3nn's has them:
 * <pre>
 *   weight, bias              size-0 tensors where the module has none of its own
 *   output_mask (out.dim)     1 over each output block the module can reach, 0 elsewhere
 *   _w3j_{l1}_{l2}_{l3}       a Wigner 3j table that e3nn's code generator keeps for a path
 * </pre>
 * Constants on the CPU in the dtype asked for. The layers list theirs with {@code buffers(dtype)}.
 */
final class DerivedBuffers {
    private DerivedBuffers() {}

    /** A size-0 entry (e3nn's placeholder for an absent weight or bias). */
    static NamedWeight empty(String name, DType dtype) { return new NamedWeight(name, Var.constant(Tensor.zeros(dtype, 0))); }

    /** {@code output_mask}: ones over the blocks of {@code out} marked reached. */
    static NamedWeight outputMask(Irreps out, boolean[] reached, DType dtype) {
        double[] mask = new double[out.dim()];
        for (int o = 0; o < out.size(); o++) if (reached[o]) Arrays.fill(mask, out.offset(o), out.offset(o) + out.get(o).dim(), 1.0);
        return new NamedWeight("output_mask", Var.constant(Tensor.of(mask, dtype, mask.length)));
    }

    /** {@code _w3j_{l1}_{l2}_{l3}} under {@code prefix}: the (2l1+1, 2l2+1, 2l3+1) table. */
    static NamedWeight w3j(String prefix, int l1, int l2, int l3, DType dtype) {
        Tensor t = Tensor.of(Wigner3j.get(l1, l2, l3), DType.F64, 2 * l1 + 1, 2 * l2 + 1, 2 * l3 + 1).to(dtype);
        return new NamedWeight(prefix + "_w3j_" + l1 + "_" + l2 + "_" + l3, Var.constant(t));
    }
}
