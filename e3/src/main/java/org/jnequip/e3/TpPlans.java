package org.jnequip.e3;

import java.util.ArrayList;
import java.util.List;
import org.jnequip.tensor.TpPlan;

/**
 * Builds the backend {@link TpPlan} of a tensor product: per instruction, the block offsets of x1, x2 and out,
 * the weight offset (−1 without weights) and the sparse Wigner-3j entries C^(l1,l2,lOut)[i,j,k] each multiplied
 * by the instruction's final path weight α. Paths with α = 0 or an empty block keep their place (and weights)
 * but carry no CG entries.
 */
final class TpPlans {
    private TpPlans() {}

    static TpPlan build(Irreps in1, Irreps in2, Irreps out, List<Instruction> ins, int[] weightOffsets, int weightNumel, boolean shared) {
        List<TpPlan.Path> paths = new ArrayList<>();
        for (int n = 0; n < ins.size(); n++) {
            Instruction in = ins.get(n);
            MulIrrep a = in1.get(in.iIn1()), b = in2.get(in.iIn2()), c = out.get(in.iOut());
            List<Wigner3j.Entry> cg = in.pathWeight() == 0 || a.mul() == 0 || b.mul() == 0 || c.mul() == 0
                    ? List.of() : Wigner3j.sparse(a.ir().l(), b.ir().l(), c.ir().l());
            int nnz = cg.size();
            int[] i = new int[nnz], j = new int[nnz], k = new int[nnz];
            double[] v = new double[nnz];
            for (int q = 0; q < nnz; q++) {
                Wigner3j.Entry e = cg.get(q);
                i[q] = e.i();
                j[q] = e.j();
                k[q] = e.k();
                v[q] = e.c() * in.pathWeight();
            }
            paths.add(new TpPlan.Path(in.connectionMode(), a.mul(), b.mul(), c.mul(), in1.offset(in.iIn1()), in2.offset(in.iIn2()), out.offset(in.iOut()),
                    weightOffsets[n], a.ir().dim(), b.ir().dim(), c.ir().dim(), i, j, k, v));
        }
        return new TpPlan(in1.dim(), in2.dim(), out.dim(), weightNumel, shared, List.copyOf(paths));
    }
}
