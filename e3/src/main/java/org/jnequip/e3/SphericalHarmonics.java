package org.jnequip.e3;

import java.util.Locale;
import org.jnequip.tensor.o3.ShPolynomials;

/**
 * Real spherical harmonics in e3nn's basis (y-polar; l=1 is (x, y, z)), double precision, for tests and users.
 * With {@code normalize} the input is first divided by max(|v|, 1e-12) (e3nn/torch {@code normalize});
 * without it the harmonics are homogeneous polynomials of degree l. Normalisations:
 * <ul>
 *   <li>'component': Σ_m Y^l_m(v̂)² = 2l+1 (NequIP's choice),</li>
 *   <li>'norm': Σ_m Y^l_m(v̂)² = 1,</li>
 *   <li>'integral': ∫_{S²} Y^l_m² dΩ = 1, i.e. component / √(4π).</li>
 * </ul>
 * The bulk path for tensors is {@code Backend#sphericalHarmonics} (component, unnormalised input).
 *
 * {@snippet :
 * double[] y1 = SphericalHarmonics.values(1, new double[]{0, 0, 2});   // √3·(0, 0, 1)
 * }
 */
public final class SphericalHarmonics {
    private SphericalHarmonics() {}

    /** Y^l, component normalisation, normalised input. v is (n, 3) flattened; result (n, 2l+1). */
    public static double[] values(int l, double[] v) { return values(l, v, true, "component"); }

    /** Y^l of (n, 3) vectors; result (n, 2l+1). */
    public static double[] values(int l, double[] v, boolean normalize, String normalization) {
        double[] all = all(l, v, normalize, normalization);
        int n = v.length / 3, dim = (l + 1) * (l + 1), d = 2 * l + 1;
        double[] out = new double[n * d];
        for (int e = 0; e < n; e++) System.arraycopy(all, e * dim + l * l, out, e * d, d);
        return out;
    }

    /** Y^0 .. Y^lmax concatenated: (n, (lmax+1)²). */
    public static double[] all(int lmax, double[] v, boolean normalize, String normalization) {
        if (lmax < 0) throw new IllegalArgumentException("SphericalHarmonics: lmax must be >= 0, got " + lmax);
        if (v.length % 3 != 0) throw new IllegalArgumentException("SphericalHarmonics: input length " + v.length + " is not a multiple of 3");
        String norm = normalization.toLowerCase(Locale.ROOT);
        if (!norm.equals("component") && !norm.equals("norm") && !norm.equals("integral"))
            throw new IllegalArgumentException("SphericalHarmonics: normalization must be component, norm or integral, got '" + normalization + "'");
        int n = v.length / 3, dim = (lmax + 1) * (lmax + 1);
        double[] out = new double[n * dim];
        for (int e = 0; e < n; e++) {
            double x = v[3 * e], y = v[3 * e + 1], z = v[3 * e + 2];
            if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(z))
                throw new IllegalArgumentException("SphericalHarmonics: non-finite vector at row " + e);
            if (normalize) {
                double r = Math.max(Math.sqrt(x * x + y * y + z * z), 1e-12);
                x /= r; y /= r; z /= r;
            }
            ShPolynomials.eval(lmax, x, y, z, out, e * dim);
            for (int l = 0; l <= lmax; l++) {
                double s = norm.equals("component") ? 1 : norm.equals("norm") ? 1 / Math.sqrt(2 * l + 1) : 1 / Math.sqrt(4 * Math.PI);
                if (s != 1) for (int m = l * l; m < (l + 1) * (l + 1); m++) out[e * dim + m] *= s;
            }
        }
        return out;
    }

    /**
     * Spherical harmonics of edge vectors as an autograd op, 'component' normalisation (|Y^l|² = 2l+1 on the
     * sphere), e3nn's basis; with {@code normalize} the input is first divided by max(|v|, 1e-12) (NequIP).
     * Derivatives of any order are available (see {@link ShOp}).
     *
     * @param vec (E, 3)
     * @return (E, (lmax+1)²): Y^0 ⊕ Y^1 ⊕ … ⊕ Y^lmax
     */
    public static org.jnequip.autograd.Var forward(org.jnequip.autograd.Var vec, int lmax, boolean normalize) {
        return ShOp.poly(normalize ? ShOp.normalize(vec) : vec, lmax);
    }

    /** Harmonics for the listed degrees, concatenated in that order: (E, Σ(2l+1)). */
    public static org.jnequip.autograd.Var forward(org.jnequip.autograd.Var vec, int[] ls, boolean normalize) {
        int lmax = 0;
        boolean contiguous = true;
        for (int k = 0; k < ls.length; k++) { lmax = Math.max(lmax, ls[k]); contiguous &= ls[k] == k; }
        org.jnequip.autograd.Var all = forward(vec, lmax, normalize);
        if (contiguous) return all;
        java.util.List<org.jnequip.autograd.Var> parts = new java.util.ArrayList<>();
        for (int l : ls) parts.add(all.slice(1, l * l, (l + 1) * (l + 1)));
        return org.jnequip.autograd.Var.concat(parts, 1);
    }

    /**
     * Harmonics for an irreps such as 0e+1o+2e (every copy of every irrep, e3nn {@code ls}). Parities must be
     * all (−1)^l (polar vectors) or all +1 (pseudovectors, NequIP with parity=false), as in e3nn.
     */
    public static org.jnequip.autograd.Var forward(org.jnequip.autograd.Var vec, Irreps irreps, boolean normalize) {
        boolean polar = true, even = true;
        for (MulIrrep m : irreps) {
            polar &= m.ir().p() == (m.ir().l() % 2 == 0 ? 1 : -1);
            even &= m.ir().p() == 1;
        }
        if (!polar && !even) throw new IllegalArgumentException("SphericalHarmonics: irreps " + irreps + " must have parity (-1)^l throughout or +1 throughout");
        return forward(vec, irreps.ls(), normalize);
    }
}
