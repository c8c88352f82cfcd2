package org.jnequip.e3;

import org.jnequip.tensor.o3.ShPolynomials;

/**
 * Wigner-D matrices of O(3) in e3nn's real basis: the (2l+1)×(2l+1) orthogonal matrix with
 * <pre>  Y^l(R v) = D^l(R) · Y^l(v)   for all v,   D^1(R) = R,   D^l(R1 R2) = D^l(R1) D^l(R2) </pre>
 * where Y^l are {@link SphericalHarmonics}. Computed by projection on the harmonics with a sphere quadrature
 * exact to degree 2l (component normalisation makes the Gram matrix the identity):
 * <pre>  D_ab(R) = Σ_k w_k Y^l_a(R v_k) Y^l_b(v_k) </pre>
 * An O(3) element (R, inversion) acts on irrep (l, p) as p^{[inversion]}·D^l(R). Matrices are row-major.
 */
public final class WignerD {
    private WignerD() {}

    /** D^l(R) for a proper rotation R (3×3 row-major). */
    public static double[] d(int l, double[] R) {
        checkRotation(R, true);
        if (l < 0) throw new IllegalArgumentException("WignerD: l must be >= 0, got " + l);
        int d = 2 * l + 1, dim = (l + 1) * (l + 1);
        SphereQuadrature.Rule q = SphereQuadrature.exactToDegree2l(l);
        double[] out = new double[d * d], y = new double[dim], yr = new double[dim];
        double[] p = q.points();
        for (int k = 0; k < q.size(); k++) {
            double x0 = p[3 * k], x1 = p[3 * k + 1], x2 = p[3 * k + 2];
            ShPolynomials.eval(l, x0, x1, x2, y, 0);
            ShPolynomials.eval(l, R[0] * x0 + R[1] * x1 + R[2] * x2, R[3] * x0 + R[4] * x1 + R[5] * x2,
                    R[6] * x0 + R[7] * x1 + R[8] * x2, yr, 0);
            double w = q.weights()[k];
            for (int a = 0; a < d; a++) {
                double wa = w * yr[l * l + a];
                for (int b = 0; b < d; b++) out[a * d + b] += wa * y[l * l + b];
            }
        }
        return out;
    }

    /** p^{[inversion]}·D^l(R): the matrix of the O(3) element (R, inversion) on irrep ir. */
    public static double[] d(Irrep ir, double[] R, boolean inversion) {
        double[] m = d(ir.l(), R);
        if (inversion && ir.p() == -1) for (int i = 0; i < m.length; i++) m[i] = -m[i];
        return m;
    }

    /** The matrix of an orthogonal Q (det ±1): Q = det·R with R proper, inversion when det &lt; 0. */
    public static double[] fromMatrix(Irrep ir, double[] Q) {
        checkRotation(Q, false);
        double det = Rotations.det(Q);
        double[] R = Q.clone();
        if (det < 0) for (int i = 0; i < 9; i++) R[i] = -R[i];
        return d(ir, R, det < 0);
    }

    static void checkRotation(double[] R, boolean proper) {
        if (R == null || R.length != 9) throw new IllegalArgumentException("WignerD: expected a 3x3 matrix (length 9)");
        double err = 0;
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) s += R[3 * i + k] * R[3 * j + k];
                err = Math.max(err, Math.abs(s - (i == j ? 1 : 0)));
            }
        if (!(err < 1e-6)) throw new IllegalArgumentException("WignerD: matrix is not orthogonal (|R R^T - I| = " + err + ")");
        if (proper && Rotations.det(R) < 0)
            throw new IllegalArgumentException("WignerD: det(R) = -1; pass the rotation -R with inversion=true, or use fromMatrix");
    }
}
