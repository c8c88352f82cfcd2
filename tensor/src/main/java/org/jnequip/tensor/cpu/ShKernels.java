package org.jnequip.tensor.cpu;

import org.jnequip.tensor.o3.ShPolynomials;

/**
 * The CPU spherical-harmonics kernel: {@link ShPolynomials} (e3nn's real SH as homogeneous polynomials,
 * component normalisation) of every row of vec (n, 3) into out (n, (lmax+1)²), multithreaded over n.
 * Float32 input is evaluated in double and rounded once on store.
 */
final class ShKernels {
    private ShKernels() {}

    /** Fills out (n, (lmax+1)²) from vec (n, 3); both float[] or both double[]. */
    static void forward(int lmax, int n, Object vec, Object out) {
        if (lmax < 0) throw new IllegalArgumentException("sphericalHarmonics: lmax must be >= 0, got " + lmax);
        int dim = (lmax + 1) * (lmax + 1);
        ShPolynomials.Recursion rec = ShPolynomials.recursion(lmax);
        long cost = 4L * dim;
        if (vec instanceof double[] v && out instanceof double[] y) {
            Parallel.forRange(n, cost, (lo, hi) -> {
                for (int e = lo; e < hi; e++) ShPolynomials.eval(lmax, v[3 * e], v[3 * e + 1], v[3 * e + 2], y, e * dim, rec);
            });
        } else if (vec instanceof float[] v && out instanceof float[] y) {
            Parallel.forRange(n, cost, (lo, hi) -> {
                double[] t = new double[dim];
                for (int e = lo; e < hi; e++) {
                    ShPolynomials.eval(lmax, v[3 * e], v[3 * e + 1], v[3 * e + 2], t, 0, rec);
                    for (int m = 0; m < dim; m++) y[e * dim + m] = (float) t[m];
                }
            });
        } else {
            throw new IllegalArgumentException("sphericalHarmonics: vec and out must both be float[] or both double[]");
        }
    }
}
