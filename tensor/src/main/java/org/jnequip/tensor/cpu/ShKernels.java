package org.jnequip.tensor.cpu;

/**
 * Spherical-harmonics leaf kernels: e3nn's real SH (y-polar basis, l=1 is (x, y, z)) with 'component'
 * normalisation, evaluated as HOMOGENEOUS polynomials of the raw input, P^l(v) = |v|^l · Y^l(v/|v|), so
 * Σ_m P^l_m(v)² = (2l+1)·|v|^{2l}; P^0 = 1, P^1 = √3·(x, y, z), and P^l(0) = 0 for l ≥ 1.
 *
 * <p>l ≤ 3 are explicit polynomials (the 'norm' forms of nequip-spec §1 times √(2l+1)). Higher l use the CG
 * recursion, which holds for homogeneous polynomials because both sides have degree l+1:
 * <pre>  P^{l+1}_i = (2l+3)/√(l+1) · Σ_{jk} C^{(l+1,1,l)}_{ijk} v_j P^l_k   (component normalisation) </pre>
 * Output layout per vector: [P^0 | P^1 | ... | P^lmax], i.e. (n, (lmax+1)²) row-major. Float32 input is
 * evaluated in double and rounded once on store.
 */
public final class ShKernels {
    private ShKernels() {}

    private static final double S3 = Math.sqrt(3), S5 = Math.sqrt(5), S7 = Math.sqrt(7), S15 = Math.sqrt(15);
    private static final double S5_6 = Math.sqrt(5.0 / 6.0), S3_8 = Math.sqrt(3.0 / 8.0);
    /** steps[l] = sparse (l+1,1,l) recursion step l → l+1: flattened (i, j, k) triples and their coefficients. */
    private static volatile Step[] steps = new Step[0];

    private record Step(int[] idx, double[] c) {}

    /** Fills out (n, (lmax+1)²) from vec (n, 3); both float[] or both double[]. Multithreaded over n. */
    public static void forward(int lmax, int n, Object vec, Object out) {
        if (lmax < 0) throw new IllegalArgumentException("sphericalHarmonics: lmax must be >= 0, got " + lmax);
        int dim = (lmax + 1) * (lmax + 1);
        Step[] rec = steps(lmax);
        long cost = 4L * dim;
        if (vec instanceof double[] v && out instanceof double[] y) {
            Parallel.forRange(n, cost, (lo, hi) -> {
                for (int e = lo; e < hi; e++) eval(lmax, v[3 * e], v[3 * e + 1], v[3 * e + 2], y, e * dim, rec);
            });
        } else if (vec instanceof float[] v && out instanceof float[] y) {
            Parallel.forRange(n, cost, (lo, hi) -> {
                double[] t = new double[dim];
                for (int e = lo; e < hi; e++) {
                    eval(lmax, v[3 * e], v[3 * e + 1], v[3 * e + 2], t, 0, rec);
                    for (int m = 0; m < dim; m++) y[e * dim + m] = (float) t[m];
                }
            });
        } else {
            throw new IllegalArgumentException("sphericalHarmonics: vec and out must both be float[] or both double[]");
        }
    }

    /** P^0..P^lmax of one vector into out[off .. off+(lmax+1)²). */
    public static void eval(int lmax, double x, double y, double z, double[] out, int off) {
        eval(lmax, x, y, z, out, off, steps(lmax));
    }

    private static void eval(int lmax, double x, double y, double z, double[] out, int off, Step[] rec) {
        out[off] = 1;
        if (lmax == 0) return;
        out[off + 1] = S3 * x;
        out[off + 2] = S3 * y;
        out[off + 3] = S3 * z;
        if (lmax == 1) return;
        double x2 = x * x, y2 = y * y, z2 = z * z, x2z2 = x2 + z2;
        // 'norm' l=2
        double n20 = S3 * x * z, n21 = S3 * x * y, n22 = y2 - 0.5 * x2z2, n23 = S3 * y * z, n24 = 0.5 * S3 * (z2 - x2);
        out[off + 4] = S5 * n20;
        out[off + 5] = S5 * n21;
        out[off + 6] = S5 * n22;
        out[off + 7] = S5 * n23;
        out[off + 8] = S5 * n24;
        if (lmax == 2) return;
        double t = 4 * y2 - x2z2;
        out[off + 9] = S7 * S5_6 * (n20 * z + n24 * x);
        out[off + 10] = S7 * S5 * n20 * y;
        out[off + 11] = S7 * S3_8 * t * x;
        out[off + 12] = S7 * 0.5 * y * (2 * y2 - 3 * x2z2);
        out[off + 13] = S7 * S3_8 * t * z;
        out[off + 14] = S7 * S5 * n24 * y;
        out[off + 15] = S7 * S5_6 * (n24 * z - n20 * x);
        recurse(3, lmax, x, y, z, out, off, rec);
    }

    /** Applies the recursion from P^from (already in out) up to P^lmax. */
    private static void recurse(int from, int lmax, double x, double y, double z, double[] out, int off, Step[] rec) {
        for (int l = from; l < lmax; l++) {
            int src = off + l * l, dst = off + (l + 1) * (l + 1);
            for (int i = 0; i < 2 * l + 3; i++) out[dst + i] = 0;
            int[] idx = rec[l].idx;
            double[] c = rec[l].c;
            for (int q = 0; q < c.length; q++) {
                int j = idx[3 * q + 1];
                double vj = j == 0 ? x : j == 1 ? y : z;
                out[dst + idx[3 * q]] += c[q] * vj * out[src + idx[3 * q + 2]];
            }
        }
    }

    /** Reference path for tests: recursion from P^0 = 1 for every l (no explicit polynomials). */
    static void evalRecursive(int lmax, double x, double y, double z, double[] out, int off) {
        out[off] = 1;
        recurse(0, lmax, x, y, z, out, off, steps(lmax));
    }

    /** Recursion steps 0..lmax-1, built once per new lmax from {@link Cg}. */
    private static Step[] steps(int lmax) {
        Step[] s = steps;
        if (s.length >= lmax) return s;
        synchronized (ShKernels.class) {
            s = steps;
            if (s.length >= lmax) return s;
            Step[] grown = java.util.Arrays.copyOf(s, lmax);
            for (int l = s.length; l < lmax; l++) grown[l] = step(l);
            steps = grown;
            return grown;
        }
    }

    private static Step step(int l) {
        double[] w = Cg.cached(l + 1, 1, l);   // (2l+3, 3, 2l+1)
        double f = (2 * l + 3) / Math.sqrt(l + 1);
        int d = 2 * l + 1, nz = 0;
        for (double v : w) if (v != 0) nz++;
        int[] idx = new int[3 * nz];
        double[] c = new double[nz];
        int q = 0;
        for (int t = 0; t < w.length; t++) {
            if (w[t] == 0) continue;
            idx[3 * q] = t / (3 * d);
            idx[3 * q + 1] = (t / d) % 3;
            idx[3 * q + 2] = t % d;
            c[q++] = f * w[t];
        }
        return new Step(idx, c);
    }
}
