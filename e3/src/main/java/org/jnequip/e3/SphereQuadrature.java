package org.jnequip.e3;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Product quadrature on the unit sphere that is exact for polynomials of degree ≤ 2l: Gauss–Legendre in
 * t = cos θ (l+1 nodes) times 2l+1 equally spaced azimuths. Points (K, 3) row-major, weights (K) summing to 1,
 * so Σ_k w_k f(v_k) = (1/4π) ∫ f dΩ.
 */
final class SphereQuadrature {
    private SphereQuadrature() {}

    record Rule(double[] points, double[] weights) {
        int size() { return weights.length; }
    }

    private static final ConcurrentHashMap<Integer, Rule> CACHE = new ConcurrentHashMap<>();

    static Rule exactToDegree2l(int l) { return CACHE.computeIfAbsent(l, SphereQuadrature::build); }

    private static Rule build(int l) {
        int nt = l + 1, nphi = 2 * l + 1;
        double[][] gl = gaussLegendre(nt);
        double[] pts = new double[3 * nt * nphi], w = new double[nt * nphi];
        int k = 0;
        for (int a = 0; a < nt; a++) {
            double t = gl[0][a], s = Math.sqrt(Math.max(0, 1 - t * t));
            for (int b = 0; b < nphi; b++, k++) {
                double phi = 2 * Math.PI * b / nphi;
                pts[3 * k] = s * Math.cos(phi);
                pts[3 * k + 1] = s * Math.sin(phi);
                pts[3 * k + 2] = t;
                w[k] = gl[1][a] / (2.0 * nphi);
            }
        }
        return new Rule(pts, w);
    }

    /** Nodes [0] and weights [1] of n-point Gauss–Legendre on [−1, 1] (Newton on P_n; weights sum to 2). */
    static double[][] gaussLegendre(int n) {
        double[] x = new double[n], w = new double[n];
        for (int i = 0; i < n; i++) {
            double r = Math.cos(Math.PI * (i + 0.75) / (n + 0.5)), dp = 0;
            for (int it = 0; it < 100; it++) {
                double p0 = 1, p1 = r;   // P_0, P_1 → P_n by (k+1) P_{k+1} = (2k+1) r P_k − k P_{k−1}
                for (int k = 1; k < n; k++) {
                    double p2 = ((2 * k + 1) * r * p1 - k * p0) / (k + 1);
                    p0 = p1;
                    p1 = p2;
                }
                dp = n * (r * p1 - p0) / (r * r - 1);
                double dx = p1 / dp;
                r -= dx;
                if (Math.abs(dx) < 1e-16) break;
            }
            x[i] = r;
            w[i] = 2 / ((1 - r * r) * dp * dp);
        }
        return new double[][]{x, w};
    }
}
