package org.jnequip.e3;

import org.jnequip.autograd.Var;
import org.jnequip.tensor.Tensor;

/**
 * NequIP's polynomial envelope (nequip.nn.cutoffs.PolynomialCutoff), with x = r / r_max:
 * <pre>  u(x) = 1 − (p+1)(p+2)/2 · x^p + p(p+2) · x^{p+1} − p(p+1)/2 · x^{p+2}   for x &lt; 1,   0 otherwise </pre>
 * u(0) = 1 and u, u', u'' vanish at x = 1 (for p = 6: 1 − 28x⁶ + 48x⁷ − 21x⁸). The x &lt; 1 test is a constant
 * mask, so the result is differentiable to any order.
 *
 * {@snippet :
 * Var u = PolynomialCutoff.forward(lengths, 4.0, 6);   // (E)
 * }
 */
public final class PolynomialCutoff {
    private PolynomialCutoff() {}

    /** r (E) → (E). */
    public static Var forward(Var r, double rMax, double p) {
        if (!(rMax > 0)) throw new IllegalArgumentException("PolynomialCutoff: r_max must be positive, got " + rMax);
        if (!(p >= 2)) throw new IllegalArgumentException("PolynomialCutoff: p must be >= 2, got " + p);
        Var x = r.mul(1.0 / rMax);
        Var xp = x.pow(p);
        Var poly = xp.mul(-(p + 1) * (p + 2) / 2)
                .add(xp.mul(x).mul(p * (p + 2)))
                .add(xp.mul(x.square()).mul(-p * (p + 1) / 2))
                .add(1.0);
        Tensor inside = x.value().lt(x.value().backend().full(x.dtype(), 1.0));
        return poly.where(inside, r.constantLike(0.0));
    }
}
