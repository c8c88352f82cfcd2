package org.jnequip.e3;

import org.jnequip.autograd.Var;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;

/**
 * NequIP's radial Bessel basis (nequip.nn.radial_basis.BesselBasis):
 * <pre>  B_n(r) = (2 / r_max) · sin(w_n · r / r_max) / r,   n = 1 .. num_basis </pre>
 * with trainable frequencies w_n, initialised to n·π. Composed of differentiable Var ops, so derivatives of
 * any order in r (forces, force training) and in w exist. r must be nonzero (edges never have length 0).
 *
 * {@snippet :
 * Var w = Var.param(BesselBasis.initialWeights(8, DType.F64));    // (8) = π·(1..8)
 * Var b = BesselBasis.forward(lengths, w, 4.0);                     // (E) → (E, 8)
 * }
 */
public final class BesselBasis {
    private BesselBasis() {}

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
