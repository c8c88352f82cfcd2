package org.jnequip.e3;

import java.util.List;
import org.jnequip.autograd.NamedWeight;
import org.jnequip.autograd.Var;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;

/**
 * NequIP's radial Bessel basis (nequip.nn.radial_basis.BesselBasis):
 * <pre>  B_n(r) = (2 / r_max) · sin(w_n · r / r_max) / r,   n = 1 .. num_basis </pre>
 * with frequencies w_n ({@code bessel_weights}), initialised to n·π and trainable or not
 * ({@code BesselBasis_trainable}; frozen ones are a buffer). Composed of differentiable Var ops, so derivatives
 * of any order in r (forces, force training) and in w exist. r must be nonzero (edges never have length 0).
 *
 * {@snippet :
 * BesselBasis basis = new BesselBasis(8, 4.0, true, Init.of(rng, DType.F64));   // owns w = π·(1..8)
 * Var b = basis.forward(lengths);                                               // (E) → (E, 8)
 * }
 */
public final class BesselBasis {
    private final double rMax;
    private final Var weight;                 // (numBasis)

    /** The basis with its own frequencies n·π, stored by {@code init} (no random draw). */
    public BesselBasis(int numBasis, double rMax, boolean trainable, Init init) {
        if (!(rMax > 0)) throw new IllegalArgumentException("BesselBasis: r_max must be positive, got " + rMax);
        this.rMax = rMax;
        this.weight = init.values(initialWeights(numBasis, DType.F64).toDoubleArray(), trainable, numBasis);
    }

    /** The frequencies w (numBasis): a parameter when trainable, else a buffer. */
    public Var weight() { return weight; }

    /** The walk of this basis: {@code bessel_weights} (nequip's name). */
    public List<NamedWeight> weights() { return List.of(new NamedWeight("bessel_weights", weight)); }

    /** r (E) → (E, numBasis) with the basis' own frequencies. */
    public Var forward(Var r) { return forward(r, weight, rMax); }

    /** w_n = n·π, n = 1..numBasis (nequip's default initialisation). */
    public static Tensor initialWeights(int numBasis, DType dtype) {
        if (numBasis <= 0) throw new IllegalArgumentException("BesselBasis: numBasis must be positive, got " + numBasis);
        double[] w = new double[numBasis];
        for (int n = 0; n < numBasis; n++) w[n] = Math.PI * (n + 1);
        return Tensor.of(w, dtype, numBasis);
    }

    /** r (E), w (numBasis) → (E, numBasis). */
    public static Var forward(Var r, Var w, double rMax) {
        if (r.rank() != 1) throw new IllegalArgumentException("BesselBasis: expected edge lengths of shape (E), got " + java.util.Arrays.toString(r.shape()));
        if (w.rank() != 1) throw new IllegalArgumentException("BesselBasis: expected weights of shape (numBasis), got " + java.util.Arrays.toString(w.shape()));
        if (!(rMax > 0)) throw new IllegalArgumentException("BesselBasis: r_max must be positive, got " + rMax);
        int e = r.size(0), nb = w.size(0);
        Var rc = r.reshape(e, 1);                                            // (E, 1)
        Var arg = rc.mul(w.reshape(1, nb)).mul(1.0 / rMax);                 // (E, numBasis)
        return arg.sin().div(rc).mul(2.0 / rMax);
    }
}
