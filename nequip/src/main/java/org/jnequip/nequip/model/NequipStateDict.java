package org.jnequip.nequip.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jnequip.e3.Instruction;
import org.jnequip.e3.Irreps;
import org.jnequip.e3.MulIrrep;
import org.jnequip.e3.TensorProduct;
import org.jnequip.e3.Wigner3j;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;

/**
 * The complete {@code state_dict()} nequip 0.6.2 gives a model of this architecture (builders
 * SimpleIrrepsConfig, EnergyModel, PerSpeciesRescale, ForceOutput or StressForceOutput, RescaleEnergyEtc):
 * the parameters plus every buffer, in nequip's order, with nequip's shapes, values and dtypes.
 * <pre>
 *   model.scale_by, model.shift_by                       RescaleOutput (default_dtype; () or empty (0,))
 *   model.model._empty                                   StressOutput only, empty
 *   model.model.func.radial_basis.basis.bessel_weights
 *   &lt;Linear&gt;.weight, .bias (empty), .output_mask          e3nn Linear; mask[block] = 1 if some input block has its irrep
 *   layer{k}_convnet.equivariant_nonlin.mul.{weight (empty), output_mask (ones over the gated irreps)}
 *   layer{k}_convnet.conv.{linear_1, fc.layer{j}, tp, linear_2, sc}
 *   conv.tp.weight (empty), conv.tp.output_mask           mask[block] = 1 if a path with non-zero weight reaches it
 *   conv.tp._compiled_main_left_right._w3j_{l1}_{l2}_{l3}  Wigner 3j of each uvu path with l1, l2, l3 ≥ 1,
 *                                                          in path order, once each (e3nn codegen specialises l = 0)
 *   per_species_rescale.{shifts, scales}                 default_dtype; empty (0,) when that rescale is off
 * </pre>
 * Parameters and derived buffers are in the model's dtype (nequip builds under model_dtype); the rescale
 * buffers in {@code defaultDtype}, empty buffers in the model's dtype.
 */
public final class NequipStateDict {
    private NequipStateDict() {}

    /** How the model was wrapped: StressForceOutput or ForceOutput, a global scale or none, nequip's default_dtype. */
    public record Wrapping(boolean stressOutput, boolean globalScale, DType defaultDtype) {}

    public static LinkedHashMap<String, Tensor> of(NequipModel m, Wrapping w) {
        NequipConfig c = m.config();
        DType dt = c.dtype();
        Map<String, Tensor> p = m.stateDict();
        String f = NequipModel.P;
        LinkedHashMap<String, Tensor> s = new LinkedHashMap<>();
        s.put("model.scale_by", w.globalScale() ? Tensor.scalar(c.globalScale(), w.defaultDtype()) : empty(dt));
        s.put("model.shift_by", empty(dt));
        if (w.stressOutput()) s.put("model.model._empty", empty(dt));
        s.put(f + "radial_basis.basis.bessel_weights", p.get(f + "radial_basis.basis.bessel_weights"));
        linear(s, p, f + "chemical_embedding.linear", Irreps.parse(c.numTypes() + "x0e"), Irreps.parse(c.numFeatures() + "x0e"), dt);
        Irreps last = null;
        for (ConvNetLayer l : m.layers()) {
            String conv = l.prefix + ".conv";
            s.put(l.prefix + ".equivariant_nonlin.mul.weight", empty(dt));
            s.put(l.prefix + ".equivariant_nonlin.mul.output_mask", Tensor.ones(dt, l.gate.irrepsGated().dim()));
            linear(s, p, conv + ".linear_1", l.irrepsIn, l.irrepsIn, dt);
            for (int j = 0; j + 1 < l.fc.hs().length; j++) s.put(conv + ".fc.layer" + j + ".weight", p.get(conv + ".fc.layer" + j + ".weight"));
            s.put(conv + ".tp.weight", empty(dt));
            s.put(conv + ".tp.output_mask", tpMask(l.tp, dt));
            w3j(s, conv + ".tp._compiled_main_left_right.", l.tp, dt);
            linear(s, p, conv + ".linear_2", l.irrepsMid.simplify(), l.convIrrepsOut, dt);
            if (l.sc != null) {
                s.put(conv + ".sc.weight", p.get(conv + ".sc.weight"));
                s.put(conv + ".sc.output_mask", tpMask(l.sc, dt));
            }
            last = l.irrepsOut;
        }
        Irreps hidden = Irreps.parse(Math.max(1, c.numFeatures() / 2) + "x0e");
        linear(s, p, f + "conv_to_output_hidden.linear", last, hidden, dt);
        linear(s, p, f + "output_hidden_to_scalar.linear", hidden, Irreps.parse("1x0e"), dt);
        s.put(f + "per_species_rescale.shifts", c.perSpeciesShifts() == null ? empty(dt) : p.get(f + "per_species_rescale.shifts").to(w.defaultDtype()));
        s.put(f + "per_species_rescale.scales", c.perSpeciesScales() == null ? empty(dt) : p.get(f + "per_species_rescale.scales").to(w.defaultDtype()));
        return s;
    }

    /** e3nn Linear's weight, empty bias and output mask. */
    private static void linear(Map<String, Tensor> s, Map<String, Tensor> p, String name, Irreps in, Irreps out, DType dt) {
        s.put(name + ".weight", p.get(name + ".weight"));
        s.put(name + ".bias", empty(dt));
        double[] mask = new double[out.dim()];
        for (int o = 0; o < out.size(); o++) {
            MulIrrep mo = out.get(o);
            boolean reached = false;
            for (MulIrrep mi : in) reached |= mi.ir().equals(mo.ir()) && mi.mul() > 0;
            if (reached) Arrays.fill(mask, out.offset(o), out.offset(o) + mo.dim(), 1.0);
        }
        s.put(name + ".output_mask", Tensor.of(mask, dt, mask.length));
    }

    /** e3nn TensorProduct's output_mask: 1 over each output block some path with a non-zero weight and no empty dimension reaches. */
    static Tensor tpMask(TensorProduct tp, DType dt) {
        Irreps out = tp.irrepsOut();
        double[] mask = new double[out.dim()];
        List<Instruction> ins = tp.instructions();
        for (int n = 0; n < ins.size(); n++) {
            if (ins.get(n).pathWeight() == 0 || Arrays.stream(tp.pathShape(n)).anyMatch(d -> d == 0)) continue;
            int o = ins.get(n).iOut();
            Arrays.fill(mask, out.offset(o), out.offset(o) + out.get(o).dim(), 1.0);
        }
        return Tensor.of(mask, dt, mask.length);
    }

    /** The Wigner 3j buffers e3nn's codegen keeps for a uvu tensor product: paths with all l ≥ 1, first use order. */
    private static void w3j(Map<String, Tensor> s, String prefix, TensorProduct tp, DType dt) {
        for (Instruction ins : tp.instructions()) {
            MulIrrep a = tp.irrepsIn1().get(ins.iIn1()), b = tp.irrepsIn2().get(ins.iIn2()), o = tp.irrepsOut().get(ins.iOut());
            if (a.dim() == 0 || b.dim() == 0 || o.dim() == 0) continue;
            int l1 = a.ir().l(), l2 = b.ir().l(), l3 = o.ir().l();
            if (l1 == 0 || l2 == 0 || l3 == 0) continue;
            String name = prefix + "_w3j_" + l1 + "_" + l2 + "_" + l3;
            if (!s.containsKey(name)) s.put(name, Tensor.of(Wigner3j.get(l1, l2, l3), DType.F64, 2 * l1 + 1, 2 * l2 + 1, 2 * l3 + 1).to(dt));
        }
    }

    private static Tensor empty(DType dt) { return Tensor.zeros(dt, 0); }
}
