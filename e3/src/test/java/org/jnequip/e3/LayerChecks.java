package org.jnequip.e3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.function.Function;
import org.jnequip.autograd.Var;
import org.jnequip.tensor.Tensor;

/** Shared assertions for the layer tests: max-abs comparison with a location, and the O(3) action on rows. */
final class LayerChecks {
    private LayerChecks() {}

    /** max |want − got|; throws naming {@code what} and the worst element when it exceeds tol. */
    static double close(double[] want, double[] got, double tol, String what) {
        if (want.length != got.length) throw new AssertionError(what + ": length " + got.length + ", want " + want.length);
        double worst = 0;
        int at = -1;
        for (int i = 0; i < want.length; i++) {
            double d = Math.abs(want[i] - got[i]);
            if (!(d <= worst) || Double.isNaN(d)) { worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d; at = i; }
        }
        if (!(worst <= tol))
            throw new AssertionError(String.format("%s: element %d want %.17g got %.17g (|diff| %.3g > %.1g)", what, at, want[at], got[at], worst, tol));
        return worst;
    }

    static double close(Tensor want, Var got, double tol, String what) {
        assertArrayEquals(want.shape(), got.shape(), what + ": shape");
        return close(want.toDoubleArray(), got.value().toDoubleArray(), tol, what);
    }

    /** Rows of x (N, dim) multiplied by the representation matrix D (dim, dim): x·Dᵀ. */
    static Tensor act(double[] d, Tensor x) {
        int dim = x.size(1);
        return x.matmul(Tensor.of(d, dim, dim), false, true);
    }

    /** max |f(x·D_inᵀ) − f(x)·D_outᵀ| (f evaluated without recording). */
    static double equivarianceError(Function<Var, Var> f, Tensor x, double[] dIn, double[] dOut) {
        Tensor lhs = f.apply(Var.constant(act(dIn, x))).value();
        Tensor rhs = act(dOut, f.apply(Var.constant(x)).value());
        double worst = 0;
        double[] a = lhs.toDoubleArray(), b = rhs.toDoubleArray();
        for (int i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
        return worst;
    }

    /** An O(3) element as (3×3 rotation, inversion flag) from a seeded rng: the k-th test element. */
    static double[] rotation(long seed) { return Rotations.random(new org.jnequip.tensor.Rng(seed)); }
}
