package org.jnequip.kernels;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The recursion table of sh.cu for l > 3, from the (l+1, 1, l) Clebsch–Gordan tensors (component
 * normalisation, homogeneous form, as cpu/ShKernels):
 * <pre>  P^{l+1}_i = (2l+3)/√(l+1) · Σ_{jk} C^{(l+1,1,l)}_{ijk} v_j P^l_k </pre>
 * Entries of step l are idx[3q..3q+2] = (i, j, k) and coef[q] for q in start[l]..start[l+1]; steps l < 3 are
 * empty (the kernel evaluates l <= 3 explicitly).
 */
final class ShSteps {
    private ShSteps() {}

    record Table(int[] idx, int[] start, double[] coef) {
        float[] coefF32() {
            float[] f = new float[coef.length];
            for (int i = 0; i < f.length; i++) f[i] = (float) coef[i];
            return f;
        }
    }

    private static final ConcurrentHashMap<Integer, Table> CACHE = new ConcurrentHashMap<>();

    static Table table(int lmax) { return CACHE.computeIfAbsent(lmax, ShSteps::build); }

    private static Table build(int lmax) {
        int[] start = new int[lmax + 1];
        if (lmax <= 3) return new Table(new int[3], start, new double[1]);
        throw new UnsupportedOperationException("sphericalHarmonics: lmax > 3 on a device needs the CG recursion table (not wired yet)");
    }
}
