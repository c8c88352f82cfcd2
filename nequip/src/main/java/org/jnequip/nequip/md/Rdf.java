package org.jnequip.nequip.md;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jnequip.nequip.data.Elements;
import org.jnequip.nequip.data.Structure;

/**
 * Radial distribution functions of periodic frames, total and per element pair, averaged over frames:
 * <pre>
 *   g_ab(r) = V · n_ab(r) / (N_a (N_b − δ_ab) · ΔV(r)),   ΔV = 4π/3 (r_hi³ − r_lo³)
 * </pre>
 * n_ab counts ordered pairs (i ∈ a, j ∈ b, j ≠ i, any periodic image of j) with |d| in the bin. For an ideal gas
 * every image set of another atom is a uniformly shifted lattice, so E[n_ab] = N_a (N_b − δ_ab) ΔV / V exactly and
 * g → 1 for any r_max. An atom's own images (fixed lattice distances) are not counted. Beyond half the smallest
 * cell width g(r) carries finite-size correlations; keep r_max below it for physics.
 */
public final class Rdf {
    private Rdf() {}

    /**
     * @param r       (B) bin centres (Å)
     * @param total   (B) g(r) over all atoms
     * @param partial element pair "A-B" (A ≤ B by atomic number) → (B) g_AB(r)
     */
    public record Result(double[] r, double[] total, Map<String, double[]> partial, int frames) {}

    public static Result compute(List<Structure> frames, double rmax, int bins) {
        if (frames.isEmpty()) throw new IllegalArgumentException("rdf: no frames");
        if (!(rmax > 0) || bins < 1) throw new IllegalArgumentException("rdf: need rmax > 0 and bins >= 1");
        TreeSet<Integer> species = new TreeSet<>();
        for (int z : frames.get(0).atomicNumbers()) species.add(z);
        Integer[] zs = species.toArray(new Integer[0]);
        int s = zs.length;
        double dr = rmax / bins;
        double[] total = new double[bins];
        double[][] part = new double[s * s][bins];
        for (Structure f : frames) {
            double[] cell = f.cell();
            boolean[] pbc = f.pbc();
            int[] zf = f.atomicNumbers();
            if (cell == null || !(pbc[0] && pbc[1] && pbc[2]))
                throw new IllegalArgumentException("rdf: needs a 3D periodic cell in every frame");
            int n = f.numAtoms();
            int[] type = new int[n], count = new int[s];
            for (int i = 0; i < n; i++) {
                type[i] = java.util.Arrays.binarySearch(zs, zf[i]);
                if (type[i] < 0) throw new IllegalArgumentException("rdf: frames differ in their elements");
                count[type[i]]++;
            }
            double[] hist = new double[bins];
            double[][] ph = new double[s * s][bins];
            Pairs.forEach(f.positions(), cell, pbc, rmax, (i, j, dx, dy, dz, r2, sx, sy, sz) -> {
                if (i == j) return;
                int b = (int) (Math.sqrt(r2) / dr);
                if (b >= bins) return;
                hist[b] += 2; // ordered pairs (i, j) and (j, i)
                ph[type[i] * s + type[j]][b] += 1;
                ph[type[j] * s + type[i]][b] += 1;
            });
            double v = CellMath.volume(cell);
            for (int b = 0; b < bins; b++) {
                double shell = 4 * Math.PI / 3 * (Math.pow((b + 1) * dr, 3) - Math.pow(b * dr, 3));
                if (n > 1) total[b] += v * hist[b] / ((double) n * (n - 1) * shell);
                for (int a = 0; a < s; a++)
                    for (int c = 0; c < s; c++) {
                        double pairs = (double) count[a] * (count[c] - (a == c ? 1 : 0));
                        if (pairs > 0) part[a * s + c][b] += v * ph[a * s + c][b] / (pairs * shell);
                    }
            }
        }
        double[] r = new double[bins];
        for (int b = 0; b < bins; b++) {
            r[b] = (b + 0.5) * dr;
            total[b] /= frames.size();
        }
        Map<String, double[]> partial = new LinkedHashMap<>();
        for (int a = 0; a < s; a++)
            for (int c = a; c < s; c++) {
                double[] g = part[a * s + c];
                for (int b = 0; b < bins; b++) g[b] /= frames.size();
                partial.put(Elements.symbol(zs[a]) + "-" + Elements.symbol(zs[c]), g);
            }
        return new Result(r, total, partial, frames.size());
    }
}
