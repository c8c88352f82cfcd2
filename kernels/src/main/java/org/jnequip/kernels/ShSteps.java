package org.jnequip.kernels;

import java.util.concurrent.ConcurrentHashMap;
import org.jnequip.tensor.cpu.Cg;

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
        java.util.List<double[]> cgs = new java.util.ArrayList<>();
        int total = 0;
        for (int l = 3; l < lmax; l++) {
            double[] w = Cg.wigner3j(l + 1, 1, l);   // (2l+3, 3, 2l+1)
            cgs.add(w);
            for (double v : w) if (v != 0) total++;
        }
        int[] idx = new int[3 * total];
        double[] coef = new double[total];
        int q = 0;
        for (int l = 0; l < lmax; l++) {
            start[l] = q;
            if (l < 3) continue;
            double[] w = cgs.get(l - 3);
            double f = (2 * l + 3) / Math.sqrt(l + 1);
            int d = 2 * l + 1;
            for (int t = 0; t < w.length; t++) {
                if (w[t] == 0) continue;
                idx[3 * q] = t / (3 * d);
                idx[3 * q + 1] = (t / d) % 3;
                idx[3 * q + 2] = t % d;
                coef[q++] = f * w[t];
            }
        }
        start[lmax] = q;
        return new Table(idx, start, coef);
    }
}
