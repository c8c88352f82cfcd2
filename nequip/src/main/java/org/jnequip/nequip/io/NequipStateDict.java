package org.jnequip.nequip.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jnequip.autograd.NamedWeight;
import org.jnequip.nequip.model.NequipConfig;
import org.jnequip.nequip.model.NequipModel;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;

/**
 * nequip 0.6.2's state-dict names of a {@link NequipModel}, the one place they are spelled: a mapping over the
 * model's walk ({@link NequipModel#weights()}, {@link NequipModel#state()}) both ways, e.g.
 * <pre>
 *   layer0.fc.layer1.weight                   ↔  model.model.func.layer0_convnet.conv.fc.layer1.weight
 *   layer0.equivariant_nonlin.mul.output_mask ↔  model.model.func.layer0_convnet.equivariant_nonlin.mul.output_mask
 *   chemical_embedding.weight                 ↔  model.model.func.chemical_embedding.linear.weight
 *   radial_basis.bessel_weights               ↔  model.model.func.radial_basis.basis.bessel_weights
 *   per_species_rescale.scales                ↔  model.model.func.per_species_rescale.scales
 *   (the config's global scale)               ↔  model.scale_by
 * </pre>
 * These are the names of a training state dict (the {@code model.} prefix of nequip's trainer); names without
 * it, as in a TorchScript model's tree ({@code model.func.…}, {@code scale_by}), are read as the same keys.
 * Three maps go through here:
 * <ul>
 *   <li>{@link #of}: the model's weights and buffers plus {@code model.scale_by} — what the JNequIP model file
 *       ({@link ModelFile}) and checkpoints store;</li>
 *   <li>{@link #load}: a map keyed by nequip names written into a model in place, with the key named when one
 *       is missing or mis-shaped (nequip's other entries are ignored);</li>
 *   <li>{@link #complete}: everything nequip 0.6.2's {@code state_dict()} holds for the model (builders
 *       SimpleIrrepsConfig, EnergyModel, PerSpeciesRescale, ForceOutput or StressForceOutput, RescaleEnergyEtc),
 *       in its order, shapes and dtypes: {@link NequipModel#state()} under nequip names, plus the wrappers'
 *       entries — for export, and to check an imported file against.</li>
 * </ul>
 */
public final class NequipStateDict {
    private NequipStateDict() {}

    /** The prefix of the energy model's modules, and the global rescale's entries. */
    public static final String FUNC = "model.model.func.", SCALE_BY = "model.scale_by", SHIFT_BY = "model.shift_by";
    private static final String STRESS_EMPTY = "model.model._empty";
    /** Walk prefix → nequip prefix (after {@link #FUNC}): nequip's wrapper modules. */
    private static final String[][] WRAPPERS = {
            {"radial_basis.", "radial_basis.basis."},
            {"chemical_embedding.", "chemical_embedding.linear."},
            {"conv_to_output_hidden.", "conv_to_output_hidden.linear."},
            {"output_hidden_to_scalar.", "output_hidden_to_scalar.linear."},
            {"per_species_rescale.", "per_species_rescale."}};
    /** Inside layer k the gate is the ConvNetLayer's, everything else its InteractionBlock's ({@code conv}). */
    private static final Pattern WALK_GATE = Pattern.compile("layer(\\d+)\\.(equivariant_nonlin\\..+)"), WALK_LAYER = Pattern.compile("layer(\\d+)\\.(.+)"),
            NEQUIP_GATE = Pattern.compile("layer(\\d+)_convnet\\.(equivariant_nonlin\\..+)"), NEQUIP_LAYER = Pattern.compile("layer(\\d+)_convnet\\.conv\\.(.+)");

    private static final String SCALES = nequipName("per_species_rescale.scales"), SHIFTS = nequipName("per_species_rescale.shifts");

    /** How nequip wrapped the model: StressForceOutput or ForceOutput, a global scale or none, its default_dtype. */
    public record Wrapping(boolean stressOutput, boolean globalScale, DType defaultDtype) {}

    /** The nequip name of a walk name ({@code model.model.func.…}). */
    public static String nequipName(String walkName) {
        Matcher m = WALK_GATE.matcher(walkName);
        if (m.matches()) return FUNC + "layer" + m.group(1) + "_convnet." + m.group(2);
        m = WALK_LAYER.matcher(walkName);
        if (m.matches()) return FUNC + "layer" + m.group(1) + "_convnet.conv." + m.group(2);
        for (String[] w : WRAPPERS) if (walkName.startsWith(w[0])) return FUNC + w[1] + walkName.substring(w[0].length());
        throw new IllegalArgumentException("NequipStateDict: '" + walkName + "' is not a weight of a NequIP model");
    }

    /**
     * The walk name of a nequip name, with or without the training state dict's {@code model.} prefix: a
     * translation, so names no walk holds translate too ({@code …layer0_convnet.conv.linear_1.bias} →
     * {@code layer0.linear_1.bias}); null for names outside the modules the walk covers (e.g. {@code model.scale_by}).
     */
    public static String walkName(String nequipName) {
        String n = nequipName.startsWith("model.func.") ? "model." + nequipName : nequipName;
        if (!n.startsWith(FUNC)) return null;
        String rest = n.substring(FUNC.length());
        Matcher m = NEQUIP_GATE.matcher(rest);
        if (m.matches()) return "layer" + m.group(1) + "." + m.group(2);
        m = NEQUIP_LAYER.matcher(rest);
        if (m.matches()) return "layer" + m.group(1) + "." + m.group(2);
        for (String[] w : WRAPPERS) if (rest.startsWith(w[1])) return w[0] + rest.substring(w[1].length());
        return null;
    }

    /** The model's weights ({@link NequipModel#weights()}) under nequip names: the same Vars, in the same order. */
    public static List<NamedWeight> named(NequipModel model) { return renamed(model.weights()); }

    private static List<NamedWeight> renamed(List<NamedWeight> walk) {
        List<NamedWeight> out = new ArrayList<>(walk.size());
        for (NamedWeight w : walk) out.add(new NamedWeight(nequipName(w.name()), w.var()));
        return out;
    }

    /**
     * What a JNequIP model file stores: every weight and buffer by nequip name (the model's live tensors: copy to
     * keep them past training) plus {@code model.scale_by} from the config, in nequip's order.
     */
    public static LinkedHashMap<String, Tensor> of(NequipModel model) {
        LinkedHashMap<String, Tensor> s = new LinkedHashMap<>();
        for (NamedWeight w : named(model)) s.put(w.name(), w.var().value());
        s.put(SCALE_BY, Tensor.scalar(model.config().globalScale(), model.config().dtype()));
        return s;
    }

    /**
     * Writes a state dict into the model in place ({@link NamedWeight#load}: every trainable weight must be there
     * with its number of elements; buffers are taken when present, except size-0 ones (nequip's form of a
     * per-species rescale that is off), which leave the config's values; other entries, {@link #complete}'s derived ones
     * among them, are ignored). Keys may carry the training prefix or not, not both for one weight.
     * {@code model.scale_by} is not read: the global scale is part of the model's config.
     */
    public static void load(NequipModel model, Map<String, Tensor> values) {
        List<NamedWeight> walk = named(model);
        Map<String, Boolean> trainable = new LinkedHashMap<>();
        for (NamedWeight w : walk) trainable.put(w.name(), w.trainable());
        Map<String, Tensor> byName = new LinkedHashMap<>();
        Map<String, String> from = new LinkedHashMap<>();
        for (var e : values.entrySet()) {
            String walkName = e.getKey() == null ? null : walkName(e.getKey());
            if (walkName == null) continue;
            String canonical = nequipName(walkName);
            String before = from.put(canonical, e.getKey());
            if (before != null) throw new IllegalArgumentException("state dict: '" + before + "' and '" + e.getKey() + "' are the same weight");
            if (Boolean.FALSE.equals(trainable.get(canonical)) && e.getValue().numel() == 0) continue;
            byName.put(canonical, e.getValue());
        }
        NamedWeight.load(walk, byName);
    }

    /**
     * The complete state dict nequip 0.6.2 gives this model: {@code model.scale_by} (() in {@code defaultDtype},
     * or size 0 without a global scale), {@code model.shift_by} (size 0), {@code model.model._empty} (StressOutput
     * only, size 0), then {@link NequipModel#state()} under nequip names — the per-species rescale in
     * {@code defaultDtype}, or size 0 where the config has none. Weights are the model's live tensors; the derived
     * entries and size-0 ones are in the model's dtype.
     */
    public static LinkedHashMap<String, Tensor> complete(NequipModel model, Wrapping w) {
        NequipConfig c = model.config();
        DType dt = c.dtype();
        LinkedHashMap<String, Tensor> s = new LinkedHashMap<>();
        s.put(SCALE_BY, w.globalScale() ? Tensor.scalar(c.globalScale(), w.defaultDtype()) : empty(dt));
        s.put(SHIFT_BY, empty(dt));
        if (w.stressOutput()) s.put(STRESS_EMPTY, empty(dt));
        for (NamedWeight e : renamed(model.state())) {
            Tensor t = e.var().value();
            if (e.name().equals(SCALES)) t = c.perSpeciesScales() == null ? empty(dt) : t.to(w.defaultDtype());
            if (e.name().equals(SHIFTS)) t = c.perSpeciesShifts() == null ? empty(dt) : t.to(w.defaultDtype());
            s.put(e.name(), t);
        }
        return s;
    }

    private static Tensor empty(DType dt) { return Tensor.zeros(dt, 0); }
}
