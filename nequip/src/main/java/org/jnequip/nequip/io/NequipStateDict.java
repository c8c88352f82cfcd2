package org.jnequip.nequip.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jnequip.autograd.NamedWeight;
import org.jnequip.nequip.model.NequipModel;
import org.jnequip.tensor.Tensor;

/**
 * nequip 0.6.2's state-dict names of a {@link NequipModel}, the one place they are spelled: a mapping over the
 * model's walk ({@link NequipModel#weights()}) both ways, e.g.
 * <pre>
 *   layer0.fc.layer1.weight         ↔  model.model.func.layer0_convnet.conv.fc.layer1.weight
 *   chemical_embedding.weight       ↔  model.model.func.chemical_embedding.linear.weight
 *   radial_basis.bessel_weights     ↔  model.model.func.radial_basis.basis.bessel_weights
 *   per_species_rescale.scales      ↔  model.model.func.per_species_rescale.scales
 *   (the config's global scale)     ↔  model.scale_by
 * </pre>
 * These are the names of a training state dict (the {@code model.} prefix of nequip's trainer); names without
 * it, as in a TorchScript model's tree ({@code model.func.…}, {@code scale_by}), are read as the same keys. The
 * JNequIP model file ({@link ModelFile}) and checkpoints store weights under these names, so a
 * {@code Map<String, Tensor>} keyed by nequip names goes into a model through {@link #load} and comes out of
 * one through {@link #of}. nequip's other entries (biases and output masks of size 0, Wigner tables, shift_by)
 * are not weights of the model and are ignored.
 */
public final class NequipStateDict {
    private NequipStateDict() {}

    static final String FUNC = "model.model.func.", SCALE_BY = "model.scale_by";
    /** Walk prefix → nequip prefix (after {@link #FUNC}): nequip's wrapper modules. */
    private static final String[][] WRAPPERS = {
            {"radial_basis.", "radial_basis.basis."},
            {"chemical_embedding.", "chemical_embedding.linear."},
            {"conv_to_output_hidden.", "conv_to_output_hidden.linear."},
            {"output_hidden_to_scalar.", "output_hidden_to_scalar.linear."},
            {"per_species_rescale.", "per_species_rescale."}};
    private static final Pattern WALK_LAYER = Pattern.compile("layer(\\d+)\\.(.+)"), NEQUIP_LAYER = Pattern.compile("layer(\\d+)_convnet\\.conv\\.(.+)");

    /** The nequip name of a walk name ({@code model.model.func.…}). */
    public static String nequipName(String walkName) {
        Matcher m = WALK_LAYER.matcher(walkName);
        if (m.matches()) return FUNC + "layer" + m.group(1) + "_convnet.conv." + m.group(2);
        for (String[] w : WRAPPERS) if (walkName.startsWith(w[0])) return FUNC + w[1] + walkName.substring(w[0].length());
        throw new IllegalArgumentException("NequipStateDict: '" + walkName + "' is not a weight of a NequIP model");
    }

    /**
     * The walk name of a nequip name, with or without the training state dict's {@code model.} prefix: a
     * translation, so nequip's extras translate too ({@code …layer0_convnet.conv.linear_1.bias} →
     * {@code layer0.linear_1.bias}, which no walk contains); null for names outside the modules the walk covers
     * (e.g. {@code model.scale_by}).
     */
    public static String walkName(String nequipName) {
        String n = nequipName.startsWith("model.func.") ? "model." + nequipName : nequipName;
        if (!n.startsWith(FUNC)) return null;
        String rest = n.substring(FUNC.length());
        Matcher m = NEQUIP_LAYER.matcher(rest);
        if (m.matches()) return "layer" + m.group(1) + "." + m.group(2);
        for (String[] w : WRAPPERS) if (rest.startsWith(w[1])) return w[0] + rest.substring(w[1].length());
        return null;
    }

    /** The model's walk under nequip names (the same Vars, in the same order). */
    public static List<NamedWeight> named(NequipModel model) {
        List<NamedWeight> out = new ArrayList<>();
        for (NamedWeight w : model.weights()) out.add(new NamedWeight(nequipName(w.name()), w.var()));
        return out;
    }

    /**
     * The state dict: every weight and buffer by nequip name (the model's live tensors: copy to keep them past
     * training) plus {@code model.scale_by} from the config, in nequip's order.
     */
    public static LinkedHashMap<String, Tensor> of(NequipModel model) {
        LinkedHashMap<String, Tensor> s = new LinkedHashMap<>();
        for (NamedWeight w : named(model)) s.put(w.name(), w.var().value());
        s.put(SCALE_BY, Tensor.scalar(model.config().globalScale(), model.config().dtype()));
        return s;
    }

    /**
     * Writes a state dict into the model in place ({@link NamedWeight#load}: every trainable weight must be there
     * with its number of elements; buffers are taken when present; other entries are ignored). Keys may carry
     * the training prefix or not, not both for one weight. {@code model.scale_by} is not read: the global scale
     * is part of the model's config.
     */
    public static void load(NequipModel model, Map<String, Tensor> values) {
        Map<String, Tensor> byName = new LinkedHashMap<>();
        Map<String, String> from = new LinkedHashMap<>();
        for (var e : values.entrySet()) {
            String walk = e.getKey() == null ? null : walkName(e.getKey());
            if (walk == null) continue;
            String canonical = nequipName(walk);
            String before = from.put(canonical, e.getKey());
            if (before != null) throw new IllegalArgumentException("state dict: '" + before + "' and '" + e.getKey() + "' are the same weight");
            byName.put(canonical, e.getValue());
        }
        NamedWeight.load(named(model), byName);
    }
}
