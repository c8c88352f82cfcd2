package org.jnequip.nequip.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-species energy shifts b_s from total energies by ridge regression, E_k ≈ Σ_s n_ks·b_s (nequip's
 * regressor, α = 0.001). Frames with the same composition are first merged into one row (their mean energy),
 * then with X the (G, S) count matrix and y the energies, both divided by Σ X:
 * <pre>
 *   ȳ = Σy / ΣX                 (mean energy per atom)
 *   A = XᵀX + α²·diag(rms_s)    rms_s = sqrt(mean_g X_gs²)
 *   b = A⁻¹ Xᵀ(y − ȳ·X·1) + ȳ
 * </pre>
 * Centring on ȳ means a single composition (a molecular-dynamics data set) gives every species ȳ. A species
 * that never occurs gets ȳ.
 */
public final class EnergyRegression {
    private EnergyRegression() {}

    /** counts (K, S) atoms of each species per frame, energies (K) → shifts (S). */
    public static double[] shifts(int[][] counts, double[] energies, double alpha) {
        if (counts.length == 0) throw new IllegalArgumentException("EnergyRegression: no frames");
        int s = counts[0].length;
        Map<String, double[]> groups = new LinkedHashMap<>();       // composition → {Σ E, frames}
        Map<String, int[]> comp = new LinkedHashMap<>();
        for (int k = 0; k < counts.length; k++) {
            String key = java.util.Arrays.toString(counts[k]);
            groups.computeIfAbsent(key, x -> new double[2]);
            comp.putIfAbsent(key, counts[k]);
            groups.get(key)[0] += energies[k];
            groups.get(key)[1] += 1;
        }
        List<double[]> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        double norm = 0;
        for (var e : groups.entrySet()) {
            int[] c = comp.get(e.getKey());
            double[] row = new double[s];
            for (int j = 0; j < s; j++) { row[j] = c[j]; norm += c[j]; }
            xs.add(row);
            ys.add(e.getValue()[0] / e.getValue()[1]);
        }
        int g = xs.size();
        double sumX = 0, sumY = 0;
        for (int i = 0; i < g; i++) {
            for (int j = 0; j < s; j++) { xs.get(i)[j] /= norm; sumX += xs.get(i)[j]; }
            ys.set(i, ys.get(i) / norm);
            sumY += ys.get(i);
        }
        double yMean = sumY / sumX;
        double[][] a = new double[s][s];
        double[] rhs = new double[s];
        for (int i = 0; i < g; i++) {
            double[] x = xs.get(i);
            double rowSum = 0;
            for (double v : x) rowSum += v;
            double dy = ys.get(i) - rowSum * yMean;
            for (int p = 0; p < s; p++) {
                rhs[p] += x[p] * dy;
                for (int q = 0; q < s; q++) a[p][q] += x[p] * x[q];
            }
        }
        for (int p = 0; p < s; p++) {
            double ms = 0;
            for (double[] x : xs) ms += x[p] * x[p];
            double rms = Math.sqrt(ms / g);
            if (rms == 0) { java.util.Arrays.fill(a[p], 0); for (int q = 0; q < s; q++) a[q][p] = 0; a[p][p] = 1; rhs[p] = 0; }
            else a[p][p] += rms * alpha * alpha;
        }
        double[] b = solve(a, rhs);
        for (int p = 0; p < s; p++) b[p] += yMean;
        return b;
    }

    /** Gaussian elimination with partial pivoting (S is the number of species, tiny). */
    static double[] solve(double[][] a0, double[] b0) {
        int n = b0.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) a[i] = a0[i].clone();
        double[] b = b0.clone();
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
            if (a[piv][c] == 0) throw new IllegalArgumentException("EnergyRegression: singular system");
            double[] t = a[c]; a[c] = a[piv]; a[piv] = t;
            double tb = b[c]; b[c] = b[piv]; b[piv] = tb;
            for (int r = c + 1; r < n; r++) {
                double f = a[r][c] / a[c][c];
                for (int k = c; k < n; k++) a[r][k] -= f * a[c][k];
                b[r] -= f * b[c];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double v = b[r];
            for (int k = r + 1; k < n; k++) v -= a[r][k] * x[k];
            x[r] = v / a[r][r];
        }
        return x;
    }
}
