package org.jnequip.tensor.o3;

import java.util.concurrent.ConcurrentHashMap;

/**
 * e3nn's real spherical harmonics (y-polar basis, l=1 is (x, y, z)) with 'component' normalisation, as
 * HOMOGENEOUS polynomials of the raw input, P^l(v) = |v|^l · Y^l(v/|v|), so Σ_m P^l_m(v)² = (2l+1)·|v|^{2l};
 * P^0 = 1, P^1 = √3·(x, y, z), and P^l(0) = 0 for l ≥ 1. This is what {@code Backend#sphericalHarmonics}
 * computes on every backend: the CPU kernel calls {@link #eval}, device kernels hard-code l ≤ 3 and take the
 * recursion above from {@link #recursionTable}.
 *
 * <p>l ≤ 3 are explicit polynomials (the 'norm' forms of nequip-spec §1 times √(2l+1)). Higher l use the CG
 * recursion, which holds for homogeneous polynomials because both sides have degree l+1:
 * <pre>  P^{l+1}_i = (2l+3)/√(l+1) · Σ_{jk} C^{(l+1,1,l)}_{ijk} v_j P^l_k   (component normalisation) </pre>
 * with C the real Clebsch–Gordan tensor ({@link ClebschGordan}). Output layout per vector:
 * [P^0 | P^1 | ... | P^lmax], (lmax+1)² values.
 */
public final class ShPolynomials {
    private ShPolynomials() {}

    /** The highest degree written as an explicit polynomial; the recursion starts from it. */
    public static final int EXPLICIT_LMAX = 3;

    private static final double S3 = Math.sqrt(3), S5 = Math.sqrt(5), S7 = Math.sqrt(7);
    private static final double S5_6 = Math.sqrt(5.0 / 6.0), S3_8 = Math.sqrt(3.0 / 8.0);

    /** Step l → l+1: flattened (i, j, k) triples and their coefficients (2l+3)/√(l+1)·C_ijk. Never modified. */
    private record Step(int[] idx, double[] coef) {}

    /** Memo of the pure function {@link #build}: one step per degree. */
    private static final ConcurrentHashMap<Integer, Step> STEPS = new ConcurrentHashMap<>();

    /** The recursion steps from..lmax-1 of one evaluation, indexed by l (null below {@code from}). */
    public static final class Recursion {
        private final Step[] steps;

        private Recursion(int from, int lmax) {
            steps = new Step[Math.max(lmax, 0)];
            for (int l = from; l < lmax; l++) steps[l] = STEPS.computeIfAbsent(l, ShPolynomials::build);
        }
    }

    /** The steps that {@link #eval(int, double, double, double, double[], int, Recursion)} needs for lmax. */
    public static Recursion recursion(int lmax) { return new Recursion(EXPLICIT_LMAX, lmax); }

    /** P^0..P^lmax of one vector into out[off .. off+(lmax+1)²). */
    public static void eval(int lmax, double x, double y, double z, double[] out, int off) {
        eval(lmax, x, y, z, out, off, recursion(lmax));
    }

    /** The same with the steps fetched once (the bulk kernel evaluates many vectors with one {@code rec}). */
    public static void eval(int lmax, double x, double y, double z, double[] out, int off, Recursion rec) {
        if (lmax < 0) throw new IllegalArgumentException("sphericalHarmonics: lmax must be >= 0, got " + lmax);
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
        recurse(EXPLICIT_LMAX, lmax, x, y, z, out, off, rec);
    }

    /** Applies the recursion from P^from (already in out) up to P^lmax. */
    private static void recurse(int from, int lmax, double x, double y, double z, double[] out, int off, Recursion rec) {
        if (lmax > rec.steps.length) throw new IllegalArgumentException("sphericalHarmonics: recursion built for lmax " + rec.steps.length + ", not " + lmax);
        for (int l = from; l < lmax; l++) {
            int src = off + l * l, dst = off + (l + 1) * (l + 1);
            for (int i = 0; i < 2 * l + 3; i++) out[dst + i] = 0;
            Step s = rec.steps[l];
            int[] idx = s.idx;
            double[] c = s.coef;
            for (int q = 0; q < c.length; q++) {
                int j = idx[3 * q + 1];
                double vj = j == 0 ? x : j == 1 ? y : z;
                out[dst + idx[3 * q]] += c[q] * vj * out[src + idx[3 * q + 2]];
            }
        }
    }

    /** Reference path for tests: the recursion from P^0 = 1 for every l (no explicit polynomials). */
    static void evalRecursive(int lmax, double x, double y, double z, double[] out, int off) {
        out[off] = 1;
        recurse(0, lmax, x, y, z, out, off, new Recursion(0, lmax));
    }

    /**
     * The steps l = {@value #EXPLICIT_LMAX}..lmax-1 as one flat table for a device kernel: entries q in
     * start[l]..start[l+1] hold (i, j, k) = idx[3q..3q+2] and coef[q]; steps below are empty. Fresh arrays.
     */
    public record Table(int[] idx, int[] start, double[] coef) {}

    public static Table recursionTable(int lmax) {
        if (lmax < 0) throw new IllegalArgumentException("sphericalHarmonics: lmax must be >= 0, got " + lmax);
        Recursion rec = recursion(lmax);
        int total = 0;
        for (int l = EXPLICIT_LMAX; l < lmax; l++) total += rec.steps[l].coef.length;
        int[] idx = new int[3 * total], start = new int[lmax + 1];
        double[] coef = new double[total];
        int q = 0;
        for (int l = 0; l < lmax; l++) {
            start[l] = q;
            if (l < EXPLICIT_LMAX) continue;
            Step s = rec.steps[l];
            System.arraycopy(s.idx, 0, idx, 3 * q, s.idx.length);
            System.arraycopy(s.coef, 0, coef, q, s.coef.length);
            q += s.coef.length;
        }
        start[lmax] = q;
        return new Table(idx, start, coef);
    }

    /** Step l → l+1 from the (l+1, 1, l) Clebsch–Gordan tensor, (2l+3, 3, 2l+1), keeping its nonzeros. */
    private static Step build(int l) {
        double[] w = ClebschGordan.cached(l + 1, 1, l);
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
