package org.jnequip.tensor.o3;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real Clebsch–Gordan coefficients (e3nn ≥ 0.5 {@code wigner_3j}) in e3nn's real spherical-harmonics basis.
 *
 * <p>Math: the complex SU(2) coefficient ⟨l1 m1 l2 m2 | l3 m3⟩ from Racah's formula is S·√A with S and A rational;
 * it is formed exactly (BigInteger fractions) and only √(S²A) is rounded. The real tensor is
 * <pre>  C[a,b,c] = Re Σ_{i,k,n} Q1[i,a] Q2[k,b] conj(Q3[n,c]) CG[i,k,n],   C ← C / ‖C‖_F </pre>
 * with the real→complex change of basis Q_l (rows m = −l..l, e3nn/Wikipedia real form, times (−i)^l):
 * m&lt;0: Q[l+m, l+|m|] = 1/√2, Q[l+m, l−|m|] = −i/√2; Q[l,l] = 1;
 * m&gt;0: Q[l+m, l+m] = (−1)^m/√2, Q[l+m, l−m] = i(−1)^m/√2.
 * Values below 1e-14 in magnitude are set to 0. {@code org.jnequip.e3.Wigner3j} is the e3nn-named face; the
 * spherical-harmonics recursion ({@link ShPolynomials}) is built from the (l+1, 1, l) tensors.
 */
public final class ClebschGordan {
    private ClebschGordan() {}

    private static final ConcurrentHashMap<Long, double[]> CACHE = new ConcurrentHashMap<>();
    private static final MathContext MC = new MathContext(40);

    /** True when l3 is in |l1−l2|..l1+l2 (the triangle rule). */
    public static boolean triangle(int l1, int l2, int l3) {
        return l1 >= 0 && l2 >= 0 && l3 >= Math.abs(l1 - l2) && l3 <= l1 + l2;
    }

    /** The real CG tensor, flattened (2l1+1, 2l2+1, 2l3+1) row-major; a fresh copy. */
    public static double[] wigner3j(int l1, int l2, int l3) { return cached(l1, l2, l3).clone(); }

    /** Shared cached array (a memo of this pure function): callers in this package must not modify it. */
    static double[] cached(int l1, int l2, int l3) {
        if (!triangle(l1, l2, l3))
            throw new IllegalArgumentException("wigner3j: (" + l1 + "," + l2 + "," + l3 + ") violates |l1-l2| <= l3 <= l1+l2");
        long key = ((long) l1 << 42) | ((long) l2 << 21) | l3;
        return CACHE.computeIfAbsent(key, k -> compute(l1, l2, l3));
    }

    private static double[] compute(int l1, int l2, int l3) {
        int d1 = 2 * l1 + 1, d2 = 2 * l2 + 1, d3 = 2 * l3 + 1;
        double[] re = new double[d1 * d2 * d3], im = new double[d1 * d2 * d3];
        double[][] q1 = basis(l1), q2 = basis(l2), q3 = basis(l3);   // (2l+1, 2(2l+1)): [row][2*col + re/im]
        for (int m1 = -l1; m1 <= l1; m1++) {
            for (int m2 = -l2; m2 <= l2; m2++) {
                int m3 = m1 + m2;
                if (Math.abs(m3) > l3) continue;
                double cg = su2(l1, m1, l2, m2, l3, m3);
                if (cg == 0) continue;
                int i = l1 + m1, k = l2 + m2, n = l3 + m3;
                for (int a = 0; a < d1; a++) {
                    double ar = q1[i][2 * a], ai = q1[i][2 * a + 1];
                    if (ar == 0 && ai == 0) continue;
                    for (int b = 0; b < d2; b++) {
                        double br = q2[k][2 * b], bi = q2[k][2 * b + 1];
                        if (br == 0 && bi == 0) continue;
                        double abr = ar * br - ai * bi, abi = ar * bi + ai * br;
                        for (int c = 0; c < d3; c++) {
                            double cr = q3[n][2 * c], ci = -q3[n][2 * c + 1];   // conj(Q3)
                            if (cr == 0 && ci == 0) continue;
                            int idx = (a * d2 + b) * d3 + c;
                            re[idx] += (abr * cr - abi * ci) * cg;
                            im[idx] += (abr * ci + abi * cr) * cg;
                        }
                    }
                }
            }
        }
        double norm = 0;
        for (int t = 0; t < re.length; t++) {
            if (Math.abs(im[t]) > 1e-10)
                throw new IllegalStateException("wigner3j(" + l1 + "," + l2 + "," + l3 + "): imaginary part " + im[t]);
            norm += re[t] * re[t];
        }
        norm = Math.sqrt(norm);
        for (int t = 0; t < re.length; t++) {
            re[t] /= norm;
            if (Math.abs(re[t]) < 1e-14) re[t] = 0;
        }
        return re;
    }

    /** Q_l as rows of interleaved (re, im) pairs: q[row][2*col], q[row][2*col+1]. */
    static double[][] basis(int l) {
        int d = 2 * l + 1;
        double[][] q = new double[d][2 * d];
        double s = 1 / Math.sqrt(2);
        for (int m = -l; m < 0; m++) {
            q[l + m][2 * (l - m)] = s;              // 1/√2 at column l+|m|
            q[l + m][2 * (l + m) + 1] = -s;         // −i/√2 at column l−|m|
        }
        q[l][2 * l] = 1;
        for (int m = 1; m <= l; m++) {
            double sg = (m % 2 == 0) ? 1 : -1;
            q[l + m][2 * (l + m)] = sg * s;         // (−1)^m/√2 at column l+m
            q[l + m][2 * (l - m) + 1] = sg * s;     // i(−1)^m/√2 at column l−m
        }
        // multiply by (−i)^l: (−i)^l = 1, −i, −1, i for l mod 4 = 0..3
        double pr = new double[]{1, 0, -1, 0}[l % 4], pi = new double[]{0, -1, 0, 1}[l % 4];
        for (double[] row : q) {
            for (int c = 0; c < d; c++) {
                double xr = row[2 * c], xi = row[2 * c + 1];
                row[2 * c] = pr * xr - pi * xi;
                row[2 * c + 1] = pr * xi + pi * xr;
            }
        }
        return q;
    }

    /**
     * Complex CG ⟨j1 m1 j2 m2 | j3 m3⟩ (Condon–Shortley), Racah's formula:
     * √[(2j3+1)(j3+j1−j2)!(j3−j1+j2)!(j1+j2−j3)!/(j1+j2+j3+1)! · (j3+m3)!(j3−m3)!(j1±m1)!(j2±m2)!]
     * · Σ_k (−1)^k / [k!(j1+j2−j3−k)!(j1−m1−k)!(j2+m2−k)!(j3−j2+m1+k)!(j3−j1−m2+k)!].
     */
    static double su2(int j1, int m1, int j2, int m2, int j3, int m3) {
        if (m3 != m1 + m2 || !triangle(j1, j2, j3)) return 0;
        int kmin = Math.max(0, Math.max(j2 - j3 - m1, j1 - j3 + m2));
        int kmax = Math.min(j1 + j2 - j3, Math.min(j1 - m1, j2 + m2));
        BigInteger sNum = BigInteger.ZERO, sDen = BigInteger.ONE;
        for (int k = kmin; k <= kmax; k++) {
            BigInteger den = f(k).multiply(f(j1 + j2 - j3 - k)).multiply(f(j1 - m1 - k)).multiply(f(j2 + m2 - k))
                    .multiply(f(j3 - j2 + m1 + k)).multiply(f(j3 - j1 - m2 + k));
            BigInteger num = (k % 2 == 0) ? BigInteger.ONE : BigInteger.ONE.negate();
            // sNum/sDen + num/den
            sNum = sNum.multiply(den).add(num.multiply(sDen));
            sDen = sDen.multiply(den);
            BigInteger g = sNum.gcd(sDen);
            if (g.signum() != 0 && !g.equals(BigInteger.ONE)) { sNum = sNum.divide(g); sDen = sDen.divide(g); }
        }
        if (sNum.signum() == 0) return 0;
        BigInteger aNum = BigInteger.valueOf(2L * j3 + 1).multiply(f(j3 + j1 - j2)).multiply(f(j3 - j1 + j2))
                .multiply(f(j1 + j2 - j3)).multiply(f(j3 + m3)).multiply(f(j3 - m3)).multiply(f(j1 - m1))
                .multiply(f(j1 + m1)).multiply(f(j2 - m2)).multiply(f(j2 + m2));
        BigInteger aDen = f(j1 + j2 + j3 + 1);
        // value² = S²·A, exact; one rounding in the division, one in the sqrt
        BigInteger num = sNum.multiply(sNum).multiply(aNum), den = sDen.multiply(sDen).multiply(aDen);
        double sq = new BigDecimal(num).divide(new BigDecimal(den), MC).doubleValue();
        return sNum.signum() * Math.sqrt(sq);
    }

    private static BigInteger f(int n) {
        BigInteger r = BigInteger.ONE;
        for (int i = 2; i <= n; i++) r = r.multiply(BigInteger.valueOf(i));
        return r;
    }
}
