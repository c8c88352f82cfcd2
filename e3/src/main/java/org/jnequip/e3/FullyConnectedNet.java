package org.jnequip.e3;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jnequip.autograd.NamedWeight;
import org.jnequip.autograd.Var;

/**
 * e3nn's {@code nn.FullyConnectedNet(hs, act)}: an MLP without biases whose weights start as N(0, 1) and are
 * normalised in the forward pass,
 * <pre>  x ← act(x · W_i / √h_i)   (hidden layers, act normalised: {@link Activation})
 *   y = x · W_last / √h_last          (no activation on the last layer) </pre>
 * W_i has shape (hs[i], hs[i+1]) (e3nn's {@code layer{i}.weight}). The factors 1/√h_i and an activation's
 * normalisation go into the next product's scale (no op on either side of the tape; same value up to rounding). NequIP's radial network is
 * FullyConnectedNet([num_basis, invariant_neurons, ..., weight_numel], silu). Built with an {@link Init} the
 * net owns its weights ({@code layer{i}.weight}); built without, they are passed to {@link #forward(Var, List)}.
 *
 * {@snippet :
 * FullyConnectedNet fc = new FullyConnectedNet(new int[]{8, 16, 16, 96}, "silu", Init.of(rng, DType.F64));
 * Var w = fc.forward(edgeEmbedding);            // (E, 8) → (E, 96); weights (8,16), (16,16), (16,96)
 * }
 */
public final class FullyConnectedNet {
    private final int[] hs;
    private final Activation act;
    private final List<Var> weights;          // layer i: (hs[i], hs[i+1]); empty when weights are passed in

    /** act may be null for a purely linear network; weights are passed to {@link #forward(Var, List)}. */
    public FullyConnectedNet(int[] hs, String act) { this(hs, act, null); }

    /** The net with its own weights, drawn from {@code init} layer by layer (null: none). */
    public FullyConnectedNet(int[] hs, String act, Init init) {
        if (hs.length < 2) throw new IllegalArgumentException("FullyConnectedNet: need at least an input and an output size, got " + Arrays.toString(hs));
        for (int h : hs) if (h <= 0) throw new IllegalArgumentException("FullyConnectedNet: sizes must be positive, got " + Arrays.toString(hs));
        this.hs = hs.clone();
        this.act = act == null ? null : Activation.of(act);
        List<Var> w = new ArrayList<>();
        if (init != null) for (int i = 0; i + 1 < hs.length; i++) w.add(init.normal(weightShape(i)));
        this.weights = List.copyOf(w);
    }

    public int[] hs() { return hs.clone(); }
    public int numLayers() { return hs.length - 1; }
    public Activation activation() { return act; }

    /** Shape of layer i's weight: (hs[i], hs[i+1]). */
    public int[] weightShape(int i) { return new int[]{hs[i], hs[i + 1]}; }

    /** The walk of this net: {@code layer{i}.weight} (e3nn's names), or nothing without own weights. */
    public List<NamedWeight> weights() {
        List<NamedWeight> out = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) out.add(new NamedWeight("layer" + i + ".weight", weights.get(i)));
        return out;
    }

    /** x (N, hs[0]) → (N, hs[last]) with the net's own weights. */
    public Var forward(Var x) {
        if (weights.isEmpty()) throw new IllegalStateException("FullyConnectedNet" + Arrays.toString(hs) + ": built without weights; pass them to forward(x, weights)");
        return forward(x, weights);
    }

    /** x (N, hs[0]) and one weight per layer → (N, hs[last]). */
    public Var forward(Var x, List<Var> weights) {
        if (x.rank() != 2 || x.size(1) != hs[0])
            throw new IllegalArgumentException("FullyConnectedNet" + Arrays.toString(hs) + ": expected input (N, " + hs[0] + "), got " + Arrays.toString(x.shape()));
        if (weights.size() != numLayers())
            throw new IllegalArgumentException("FullyConnectedNet" + Arrays.toString(hs) + ": expected " + numLayers() + " weights, got " + weights.size());
        Var h = x;
        double carry = 1.0;                   // an activation's factor, folded into the next layer's weights
        for (int i = 0; i < numLayers(); i++) {
            Var w = weights.get(i);
            if (!Arrays.equals(w.shape(), weightShape(i)))
                throw new IllegalArgumentException("FullyConnectedNet" + Arrays.toString(hs) + ": layer" + i + ".weight must have shape " + Arrays.toString(weightShape(i)) + ", got " + Arrays.toString(w.shape()));
            h = h.matmul(w, false, false, carry / Math.sqrt(hs[i]));        // (N, hs[i+1])
            carry = 1.0;
            if (i < numLayers() - 1 && act != null) {
                Var raw = act.raw(h);
                if (raw != null) { h = raw; carry = act.factor(); }
                else h = act.apply(h);
            }
        }
        return h;
    }

    @Override
    public String toString() { return "FullyConnectedNet" + Arrays.toString(hs) + (act == null ? "" : " " + act); }
}
