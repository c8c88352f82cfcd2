package org.jnequip.nequip.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jnequip.autograd.NamedWeight;
import org.jnequip.tensor.DType;

/**
 * Collects a walk of the model ({@link NequipModel#weights()}, {@link NequipModel#state()}): each module's
 * weights under its dotted prefix, followed, when the walk asks for them, by the entries e3nn derives from the
 * module's structure (the layer's {@code buffers(dtype)}: output masks, size-0 biases, Wigner 3j tables).
 */
final class Walk {
    private final DType derived;                     // dtype of the derived entries, null: weights only
    private final List<NamedWeight> out = new ArrayList<>();

    Walk(DType derived) { this.derived = derived; }

    /** A module's weights and (null: none) its derived entries, under {@code prefix}. */
    void add(String prefix, List<NamedWeight> weights, Function<DType, List<NamedWeight>> buffers) {
        out.addAll(NamedWeight.prefixed(prefix, weights));
        if (derived != null && buffers != null) out.addAll(NamedWeight.prefixed(prefix, buffers.apply(derived)));
    }

    void add(NamedWeight w) { out.add(w); }

    List<NamedWeight> list() { return out; }
}
