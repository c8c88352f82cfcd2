package org.jnequip.nequip.md;

import java.util.ArrayList;
import java.util.List;
import org.jnequip.nequip.data.Structure;

/**
 * Angular distribution function: the distribution of θ_jik = ∠(d_ij, d_ik) for centres i of element C and neighbour
 * pairs {j ∈ A, k ∈ B} (j ≠ k as neighbours, periodic images included) within the cutoff of i:
 * <pre>
 *   cos θ = d_ij · d_ik / (|d_ij| |d_ik|),   p(θ) = histogram / (triplets · Δθ),   ∫ p dθ = 1 (θ in degrees)
 * </pre>
 * Each unordered neighbour pair is counted once (for A = B: both of element A; for A ≠ B: one of each).
 */
public final class Adf {
    private Adf() {}

    /**
     * @param angleDeg (B) bin centres over [0°, 180°]
     * @param density  (B) probability density (1/degree)
     * @param triplets number of angles histogrammed
     */
    public record Result(double[] angleDeg, double[] density, long triplets) {}

    public static Result compute(List<Structure> frames, int centre, int a, int b, double cutoff, int bins) {
        if (frames.isEmpty()) throw new IllegalArgumentException("adf: no frames");
        if (!(cutoff > 0) || bins < 1) throw new IllegalArgumentException("adf: need cutoff > 0 and bins >= 1");
        double dth = 180.0 / bins;
        double[] hist = new double[bins];
        long triplets = 0;
        for (Structure f : frames) {
            int n = f.numAtoms();
            int[] z = f.atomicNumbers();
            List<List<double[]>> nb = new ArrayList<>(); // per atom: (dx, dy, dz, Z of neighbour)
            for (int i = 0; i < n; i++) nb.add(new ArrayList<>());
            Pairs.forEach(f.positions(), f.cell(), f.pbc(), cutoff, (i, j, dx, dy, dz, r2, sx, sy, sz) -> {
                nb.get(i).add(new double[]{dx, dy, dz, z[j]});
                nb.get(j).add(new double[]{-dx, -dy, -dz, z[i]});
            });
            for (int i = 0; i < n; i++) {
                if (z[i] != centre) continue;
                List<double[]> l = nb.get(i);
                for (int p = 0; p < l.size(); p++)
                    for (int q = p + 1; q < l.size(); q++) {
                        int zp = (int) l.get(p)[3], zq = (int) l.get(q)[3];
                        if (!((zp == a && zq == b) || (zp == b && zq == a))) continue;
                        double[] u = l.get(p), w = l.get(q);
                        double c = (u[0] * w[0] + u[1] * w[1] + u[2] * w[2])
                                / Math.sqrt((u[0] * u[0] + u[1] * u[1] + u[2] * u[2]) * (w[0] * w[0] + w[1] * w[1] + w[2] * w[2]));
                        double th = Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, c))));
                        hist[Math.min(bins - 1, (int) (th / dth))]++;
                        triplets++;
                    }
            }
        }
        double[] angle = new double[bins];
        for (int k = 0; k < bins; k++) {
            angle[k] = (k + 0.5) * dth;
            hist[k] = triplets == 0 ? 0 : hist[k] / (triplets * dth);
        }
        return new Result(angle, hist, triplets);
    }
}
