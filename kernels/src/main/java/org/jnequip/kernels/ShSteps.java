package org.jnequip.kernels;

import java.util.concurrent.ConcurrentHashMap;
import org.jnequip.tensor.o3.ShPolynomials;

/**
 * The recursion table of sh.cu / sh.cl for l > 3: {@link ShPolynomials#recursionTable} (the CG recursion of
 * the component-normalised homogeneous polynomials), cached per lmax, with one dummy entry when there are no
 * steps (lmax ≤ 3) so that no device buffer is empty. Entries of step l are idx[3q..3q+2] = (i, j, k) and
 * coef[q] for q in start[l]..start[l+1].
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

    /** Memo of the pure function {@link #build}. */
    private static final ConcurrentHashMap<Integer, Table> CACHE = new ConcurrentHashMap<>();

    static Table table(int lmax) { return CACHE.computeIfAbsent(lmax, ShSteps::build); }

    private static Table build(int lmax) {
        ShPolynomials.Table t = ShPolynomials.recursionTable(lmax);
        if (t.coef().length == 0) return new Table(new int[3], t.start(), new double[1]);
        return new Table(t.idx(), t.start(), t.coef());
    }
}
