package org.jnequip.e3;

import java.util.concurrent.ConcurrentHashMap;
import org.jnequip.autograd.OpProfile;
import org.jnequip.autograd.Var;
import org.jnequip.tensor.Tensor;

/**
 * The autograd op behind {@link SphericalHarmonics#forward}: the polynomial harmonics P^0..P^L of raw vectors
 * ({@code Backend#sphericalHarmonics}, component normalisation, homogeneous of degree l) and e3nn's input
 * normalisation v / max(|v|, 1e-12), both differentiable to any order.
 *
 * <p>Backward. P^l is a harmonic homogeneous polynomial of degree l, so ∂P^l_i/∂v_j is one of degree l−1 that
 * transforms as l ⊗ 1; it lies in the single copy of l−1 inside l ⊗ 1 (Schur):
 * <pre>  ∂P^l_i/∂v_j = c_l Σ_k C^{(l,1,l−1)}_{ijk} P^{l−1}_k(v),   c_l = √l·(2l+1) </pre>
 * c_l follows from Euler's identity Σ_j v_j ∂_j P^l = l·P^l and the recursion
 * P^l = (2l+1)/√l · Σ_jk C^{(l,1,l−1)}_{ijk} v_j P^{l−1}_k (checked numerically in the tests). Hence the
 * vector–Jacobian product for a cotangent g (E, (L+1)²) is
 * <pre>  ḡ_v[e, j] = Σ_k (g·A)[e, j, k] · P^{0..L−1}[e, k],   A[(l,i), (j, (l−1,k))] = c_l C^{(l,1,l−1)}_{ijk} </pre>
 * one matmul with a constant matrix A ((L+1)², 3·L²), a product and a sum. P^{0..L−1} is a slice of this op's
 * own output, so the rule is itself differentiable (the second derivative reuses the same rule one degree
 * lower), as e3nn-jax does with its custom_jvp.
 */
final class ShOp {
    private ShOp() {}

    private static final ConcurrentHashMap<Integer, double[]> GRAD_MATRIX = new ConcurrentHashMap<>();

    /** P^0..P^lmax of the raw (not normalised) vectors: (E, 3) → (E, (lmax+1)²). */
    static Var poly(Var vec, int lmax) {
        int[] s = vec.shape();
        if (s.length != 2 || s[1] != 3)
            throw new IllegalArgumentException("SphericalHarmonics: expected vectors of shape (E, 3), got " + java.util.Arrays.toString(s));
        if (lmax < 0) throw new IllegalArgumentException("SphericalHarmonics: lmax must be >= 0, got " + lmax);
        int timer = OpProfile.start();
        Tensor y = vec.value().backend().sphericalHarmonics(vec.value(), lmax);   // (E, (L+1)²)
        Var[] out = new Var[1];
        out[0] = Var.record(timer, Double.NaN, y, "sphericalHarmonics", (g, n) -> new Var[]{vjp(vec, out[0], g, lmax)}, vec);
        return out[0];
    }

    /** ḡ_v = Σ_k (g·A)[:, j, k] ⊙ P^{0..L−1}[:, k]: (E, 3). */
    private static Var vjp(Var vec, Var y, Var g, int lmax) {
        if (lmax == 0) return vec.zerosLike();
        int e = vec.size(0), prev = lmax * lmax;
        Tensor a = gradMatrix(vec.value().backend(), vec.dtype(), lmax);   // ((L+1)², 3L²)
        Var p = y.slice(1, 0, prev).reshape(e, 1, prev);                  // (E, 1, L²)
        Var t = g.matmul(Var.constant(a)).reshape(e, 3, prev);            // (E, 3, L²)
        return t.mul(p).sum(2, false);                                    // (E, 3)
    }

    /** The same matrix as a tensor of {@code be}, made once per backend, dtype and lmax (no upload per call on a device). */
    private static Tensor gradMatrix(org.jnequip.tensor.Backend be, org.jnequip.tensor.DType dt, int lmax) {
        synchronized (GRAD_TENSORS) {
            return GRAD_TENSORS.computeIfAbsent(be, b -> new java.util.HashMap<>()).computeIfAbsent(dt.name() + lmax,
                    k -> be.constant(gradMatrix(lmax), dt, (lmax + 1) * (lmax + 1), 3 * lmax * lmax));
        }
    }

    private static final java.util.Map<org.jnequip.tensor.Backend, java.util.Map<String, Tensor>> GRAD_TENSORS = new java.util.WeakHashMap<>();

    /** A[(l,i), j·L² + (l−1)² + k] = √l(2l+1)·C^{(l,1,l−1)}[i, j, k], row-major ((L+1)², 3L²); cached. */
    static double[] gradMatrix(int lmax) {
        return GRAD_MATRIX.computeIfAbsent(lmax, L -> {
            int cols = 3 * L * L;
            double[] a = new double[(L + 1) * (L + 1) * cols];
            for (int l = 1; l <= L; l++) {
                double c = Math.sqrt(l) * (2 * l + 1);
                for (Wigner3j.Entry w : Wigner3j.sparse(l, 1, l - 1))
                    a[(l * l + w.i()) * cols + w.j() * L * L + (l - 1) * (l - 1) + w.k()] = c * w.c();
            }
            return a;
        });
    }

    /**
     * v / max(|v|, 1e-12) per row, differentiable to any order: the norm is computed only where |v| &gt; 1e-12
     * (constant masks), so a zero vector gives 0 with derivative 1e12·I (torch's normalize) rather than NaN.
     */
    static Var normalize(Var vec) {
        Var n2 = vec.square().sum(1, true);                                // (E, 1)
        Tensor big = n2.value().gt(n2.value().backend().full(vec.dtype(), 1e-24));
        Var one = vec.constantLike(1.0, 1, 1), eps = vec.constantLike(1e-12, 1, 1);
        Var norm = n2.where(big, one).sqrt().where(big, eps);             // max(|v|, 1e-12)
        return vec.div(norm);
    }
}
