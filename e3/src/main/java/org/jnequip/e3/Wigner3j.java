package org.jnequip.e3;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.jnequip.tensor.o3.ClebschGordan;

/**
 * e3nn's {@code wigner_3j(l1, l2, l3)} (e3nn ≥ 0.5 real basis and signs): the real Clebsch–Gordan tensor
 * C of shape (2l1+1, 2l2+1, 2l3+1), Frobenius norm 1, invariant under O(3):
 * <pre>  C[i,j,k] = Σ_{i'j'k'} D^{l1}_{ii'}(R) D^{l2}_{jj'}(R) D^{l3}_{kk'}(R) C[i',j',k'] </pre>
 * and Σ_{ij} C[i,j,k] C[i,j,k'] = δ_{kk'}/(2l3+1). Built from Racah's formula with exact rationals
 * ({@link ClebschGordan}, in the tensor API, shared with the spherical-harmonics polynomials) and cached.
 *
 * {@snippet :
 * double[] c = Wigner3j.get(1, 1, 2);   // (3, 3, 5) flattened; c[0*15 + 0*5 + 2] = -1/sqrt(30)
 * }
 */
public final class Wigner3j {
    private Wigner3j() {}

    /** One nonzero coefficient C[i, j, k] = c. */
    public record Entry(int i, int j, int k, double c) {}

    private static final ConcurrentHashMap<List<Integer>, List<Entry>> SPARSE = new ConcurrentHashMap<>();

    /** Flattened (2l1+1, 2l2+1, 2l3+1) row-major; a fresh copy. IllegalArgumentException off the triangle. */
    public static double[] get(int l1, int l2, int l3) { return ClebschGordan.wigner3j(l1, l2, l3); }

    /** Same for irreps (the parities do not enter the coefficients). */
    public static double[] get(Irrep a, Irrep b, Irrep c) { return get(a.l(), b.l(), c.l()); }

    /** The entries with |c| &gt; 1e-14 in row-major order (values below are already exactly zero). */
    public static List<Entry> sparse(int l1, int l2, int l3) {
        return SPARSE.computeIfAbsent(List.of(l1, l2, l3), key -> {
            double[] w = ClebschGordan.wigner3j(l1, l2, l3);
            int d2 = 2 * l2 + 1, d3 = 2 * l3 + 1;
            List<Entry> out = new ArrayList<>();
            for (int t = 0; t < w.length; t++)
                if (Math.abs(w[t]) > 1e-14) out.add(new Entry(t / (d2 * d3), (t / d3) % d2, t % d3, w[t]));
            return List.copyOf(out);
        });
    }
}
