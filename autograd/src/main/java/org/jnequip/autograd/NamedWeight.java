package org.jnequip.autograd;

import java.util.ArrayList;
import java.util.List;

/**
 * One weight of a model as its walk yields it: a dotted path (e3nn / torch {@code named_parameters} style, e.g.
 * {@code layer0.fc.layer1.weight}) and the model's own {@link Var}. Trainable weights are parameters
 * ({@link Var#param}); buffers (a per-species scale, frozen Bessel frequencies) are constants. The Var is the
 * one the layer computes with, so an optimiser that writes its value in place ({@link org.jnequip.tensor.Tensor#assign})
 * updates the model.
 */
public record NamedWeight(String name, Var var) {
    public NamedWeight {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("NamedWeight: empty name");
        if (var == null) throw new IllegalArgumentException("NamedWeight: no value for '" + name + "'");
    }

    /** True for parameters (gradients wanted), false for buffers. */
    public boolean trainable() { return var.requiresGrad(); }

    /** The same weights under {@code prefix + "."} (a layer's weights inside its parent). */
    public static List<NamedWeight> prefixed(String prefix, List<NamedWeight> weights) {
        List<NamedWeight> out = new ArrayList<>(weights.size());
        for (NamedWeight w : weights) out.add(new NamedWeight(prefix + "." + w.name(), w.var()));
        return out;
    }

    /**
     * Writes {@code values} into the weights of a walk by name, in place (converted to each weight's dtype, copied
     * to its backend, reshaped when the element count agrees). A trainable weight must be present; a buffer that is
     * absent keeps its value; names the walk does not know are ignored. A missing or mis-shaped entry is an
     * {@link IllegalArgumentException} naming it.
     */
    public static void load(List<NamedWeight> weights, java.util.Map<String, org.jnequip.tensor.Tensor> values) {
        for (NamedWeight w : weights) {
            org.jnequip.tensor.Tensor t = values.get(w.name()), dst = w.var().value();
            if (t == null) {
                if (w.trainable()) throw new IllegalArgumentException("missing weight '" + w.name() + "' (shape " + java.util.Arrays.toString(dst.shape()) + ")");
                continue;
            }
            if (t.numel() != dst.numel())
                throw new IllegalArgumentException("weight '" + w.name() + "' has shape " + java.util.Arrays.toString(t.shape()) + ", expected " + java.util.Arrays.toString(dst.shape()));
            dst.assign(t.to(dst.dtype()).reshape(dst.shape()));
        }
    }

    /** The trainable Vars of a walk, in its order. */
    public static List<Var> trainableVars(List<NamedWeight> weights) {
        List<Var> out = new ArrayList<>();
        for (NamedWeight w : weights) if (w.trainable()) out.add(w.var());
        return out;
    }
}
