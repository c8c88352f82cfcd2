package org.jnequip.e3;

import java.util.ArrayList;
import java.util.List;
import org.jnequip.autograd.Var;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.Tensor;
import org.jnequip.tensor.TpPlan.Mode;

/**
 * Small tensor products for tests, one or more per connection mode, plus a dense reference forward written
 * straight from e3nn's per-mode einsum definitions with the dense {@link Wigner3j} tensors.
 */
final class TpCases {
    private TpCases() {}

    record Case(String name, TensorProduct tp) {
        @Override public String toString() { return name; }
    }

    /** Every valid (i1, i2, iOut) for the mode; every third instruction is unweighted where e3nn allows it. */
    static TensorProduct build(String s1, String s2, String so, Mode mode, boolean shared) {
        Irreps in1 = Irreps.parse(s1), in2 = Irreps.parse(s2), out = Irreps.parse(so);
        List<Instruction> ins = new ArrayList<>();
        for (int a = 0; a < in1.size(); a++)
            for (int b = 0; b < in2.size(); b++)
                for (int c = 0; c < out.size(); c++) {
                    int m1 = in1.get(a).mul(), m2 = in2.get(b).mul(), mo = out.get(c).mul();
                    boolean fits = switch (mode) {
                        case UVW -> true;
                        case UVU -> m1 == mo;
                        case UVV -> m2 == mo;
                        case UUW -> m1 == m2;
                        case UUU -> m1 == m2 && m1 == mo;
                    };
                    if (!fits || !in1.get(a).ir().times(in2.get(b).ir()).contains(out.get(c).ir())) continue;
                    boolean weighted = mode == Mode.UVW || mode == Mode.UUW && mo != 1 || ins.size() % 3 != 2;
                    ins.add(Instruction.of(a, b, c, mode, weighted));
                }
        return new TensorProduct(in1, in2, out, ins, TensorProduct.Options.DEFAULT.withSharedWeights(shared).withInternalWeights(false));
    }

    /** One case per mode (two for uvu: the SIMD rung with mul2 = 1 and the generic one), shared or per-sample weights. */
    static List<Case> all(boolean shared) {
        String sw = shared ? " shared" : " per-sample";
        return List.of(
                new Case("uvw" + sw, build("2x0e+1x1o+1x2e", "1x0e+2x1o", "2x0e+1x1o+2x1e+1x2e", Mode.UVW, shared)),
                new Case("uvu mul2=1" + sw, build("2x0e+2x1o+1x2e", "1x0e+1x1o+1x2e", "2x0e+2x1o+2x1e+1x2e+1x3o", Mode.UVU, shared)),
                new Case("uvu mul2=2" + sw, build("2x0e+1x1o", "2x0e+2x1o", "2x0e+1x1o+2x1o+1x1e", Mode.UVU, shared)),
                new Case("uvv" + sw, build("2x0e+1x1o", "3x0e+2x1o", "3x0e+2x1o+2x1e+3x1o", Mode.UVV, shared)),
                new Case("uuw" + sw, build("2x0e+2x1o", "2x0e+2x1o", "1x0e+3x1o+2x1e", Mode.UUW, shared)),
                new Case("uuu" + sw, build("2x0e+2x1o+1x2e", "2x0e+2x1o+1x1e", "2x0e+2x1o+2x1e+1x2e+2x2e", Mode.UUU, shared)));
    }

    static Tensor weights(Rng rng, TensorProduct tp, int z) {
        return tp.sharedWeights() ? rng.normal(org.jnequip.tensor.DType.F64, tp.weightNumel()) : rng.normal(org.jnequip.tensor.DType.F64, z, tp.weightNumel());
    }

    static Var forward(TensorProduct tp, Tensor x1, Tensor x2, Tensor w) {
        return tp.forward(Var.constant(x1), Var.constant(x2), Var.constant(w));
    }

    /** e3nn's definition, one instruction at a time, dense CG: (Z, out.dim) as a flat array. */
    static double[] dense(TensorProduct tp, double[] x1, double[] x2, double[] w, int z) {
        Irreps in1 = tp.irrepsIn1(), in2 = tp.irrepsIn2(), out = tp.irrepsOut();
        double[] res = new double[z * out.dim()];
        for (int s = 0; s < z; s++)
            for (int n = 0; n < tp.instructions().size(); n++) {
                Instruction in = tp.instructions().get(n);
                MulIrrep a = in1.get(in.iIn1()), b = in2.get(in.iIn2()), c = out.get(in.iOut());
                int d1 = a.ir().dim(), d2 = b.ir().dim(), d3 = c.ir().dim();
                double[] cg = Wigner3j.get(a.ir().l(), b.ir().l(), c.ir().l());
                int wOff = (tp.sharedWeights() ? 0 : s * tp.weightNumel()) + tp.weightOffset(n);
                for (int u = 0; u < a.mul(); u++)
                    for (int v = 0; v < b.mul(); v++)
                        for (int o = 0; o < c.mul(); o++) {
                            double wv;
                            switch (in.connectionMode()) {
                                case UVW -> wv = w[wOff + (u * b.mul() + v) * c.mul() + o];
                                case UVU -> { if (o != u) continue; wv = in.hasWeight() ? w[wOff + u * b.mul() + v] : 1; }
                                case UVV -> { if (o != v) continue; wv = in.hasWeight() ? w[wOff + u * b.mul() + v] : 1; }
                                case UUW -> { if (u != v) continue; wv = in.hasWeight() ? w[wOff + u * c.mul() + o] : 1; }
                                default -> { if (u != v || u != o) continue; wv = in.hasWeight() ? w[wOff + u] : 1; }
                            }
                            for (int i = 0; i < d1; i++)
                                for (int j = 0; j < d2; j++)
                                    for (int k = 0; k < d3; k++)
                                        res[s * out.dim() + out.offset(in.iOut()) + o * d3 + k] += in.pathWeight() * wv * cg[(i * d2 + j) * d3 + k]
                                                * x1[s * in1.dim() + in1.offset(in.iIn1()) + u * d1 + i] * x2[s * in2.dim() + in2.offset(in.iIn2()) + v * d2 + j];
                        }
            }
        return res;
    }
}
