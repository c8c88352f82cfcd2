package org.jnequip.nequip.md;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jnequip.nequip.data.Elements;
import org.jnequip.nequip.data.Structure;

/**
 * Mean-square displacement per element from unwrapped positions, averaged over atoms and all time origins,
 * and the diffusivity from its slope (Einstein relation in 3D):
 * <pre>
 *   MSD_e(τ) = ⟨ |u_i(t₀ + τ) − u_i(t₀)|² ⟩_{i ∈ e, t₀},     D = (1/6) dMSD/dτ   (least-squares line over a window)
 * </pre>
 * Wrapped frames are unwrapped by accumulating minimum-image steps u(t+1) = u(t) + mic(r(t+1) − r(t)) (fractional
 * displacement rounded along periodic directions); this needs frames close enough that no atom moves half a cell
 * width between them. Optionally the mass-weighted centre-of-mass displacement is removed (thermostat drift).
 * Units: MSD Å², τ ps, D Å²/ps and cm²/s (1 Å²/ps = 1e-4 cm²/s).
 */
public final class Msd {
    private Msd() {}

    /** @param msd "all" and each element symbol → (L) MSD (Å²) at lags timePs (L). */
    public record Result(double[] timePs, Map<String, double[]> msd) {}

    /** @param slope Å²/ps; d = slope/6 in Å²/ps and cm²/s; fit window and point count. */
    public record Diffusivity(double slope, double intercept, double dA2PerPs, double dCm2PerS, double tStartPs,
                              double tEndPs, int points) {}

    /** Unwrapped positions (F, N·3) of the frames by accumulated minimum-image steps. */
    public static double[][] unwrap(List<Structure> frames) {
        int nf = frames.size();
        double[][] u = new double[nf][];
        u[0] = frames.get(0).positions().clone();
        double[] fr = new double[3], c = new double[3], prev = u[0];
        for (int t = 1; t < nf; t++) {
            Structure f = frames.get(t);
            double[] cur = f.positions();
            if (cur.length != prev.length) throw new IllegalArgumentException("msd: frame " + t + " has a different atom count");
            double[] cell = f.cell(), inv = cell == null ? null : CellMath.inverse(cell);
            boolean[] pbc = f.pbc();
            u[t] = new double[cur.length];
            for (int k = 0; k < cur.length; k += 3) {
                double dx = cur[k] - prev[k], dy = cur[k + 1] - prev[k + 1], dz = cur[k + 2] - prev[k + 2];
                if (inv != null) {
                    CellMath.rowTimes(dx, dy, dz, inv, fr);
                    for (int d = 0; d < 3; d++) fr[d] = pbc[d] ? Math.rint(fr[d]) : 0;
                    CellMath.rowTimes(fr[0], fr[1], fr[2], cell, c);
                    dx -= c[0];
                    dy -= c[1];
                    dz -= c[2];
                }
                u[t][k] = u[t - 1][k] + dx;
                u[t][k + 1] = u[t - 1][k + 1] + dy;
                u[t][k + 2] = u[t - 1][k + 2] + dz;
            }
            prev = cur;
        }
        return u;
    }

    /**
     * @param frameIntervalFs time between consecutive frames (fs)
     * @param maxLag          largest lag in frames (≤ F − 1)
     * @param unwrap          frames are wrapped into the cell and must be unwrapped
     * @param removeDrift     subtract the centre-of-mass displacement
     */
    public static Result compute(List<Structure> frames, double frameIntervalFs, int maxLag, boolean unwrap, boolean removeDrift) {
        int nf = frames.size();
        if (nf < 2) throw new IllegalArgumentException("msd: need at least 2 frames, got " + nf);
        if (maxLag < 1 || maxLag > nf - 1) throw new IllegalArgumentException("msd: maxLag must be in 1.." + (nf - 1) + ", got " + maxLag);
        if (!(frameIntervalFs > 0)) throw new IllegalArgumentException("msd: frame interval must be > 0 fs");
        double[][] u = unwrap ? unwrap(frames) : frames.stream().map(Structure::positions).toArray(double[][]::new);
        int[] z = frames.get(0).atomicNumbers();
        int n = z.length;
        if (removeDrift) removeCom(u, z);
        TreeSet<Integer> species = new TreeSet<>();
        for (int zi : z) species.add(zi);
        Integer[] zs = species.toArray(new Integer[0]);
        double[][] acc = new double[zs.length + 1][maxLag + 1];
        int[] count = new int[zs.length];
        int[] type = new int[n];
        for (int i = 0; i < n; i++) count[type[i] = java.util.Arrays.binarySearch(zs, z[i])]++;
        for (int lag = 1; lag <= maxLag; lag++) {
            int origins = nf - lag;
            for (int t0 = 0; t0 < origins; t0++) {
                double[] a = u[t0], b = u[t0 + lag];
                for (int i = 0; i < n; i++) {
                    double dx = b[3 * i] - a[3 * i], dy = b[3 * i + 1] - a[3 * i + 1], dz = b[3 * i + 2] - a[3 * i + 2];
                    double d2 = dx * dx + dy * dy + dz * dz;
                    acc[type[i]][lag] += d2;
                    acc[zs.length][lag] += d2;
                }
            }
            for (int e = 0; e < zs.length; e++) acc[e][lag] /= (double) origins * count[e];
            acc[zs.length][lag] /= (double) origins * n;
        }
        double[] t = new double[maxLag + 1];
        for (int lag = 0; lag <= maxLag; lag++) t[lag] = lag * frameIntervalFs / 1000.0;
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("all", acc[zs.length]);
        for (int e = 0; e < zs.length; e++) m.put(Elements.symbol(zs[e]), acc[e]);
        return new Result(t, m);
    }

    private static void removeCom(double[][] u, int[] z) {
        double mt = 0;
        for (int zi : z) mt += Elements.mass(zi);
        for (double[] frame : u) {
            double[] com = new double[3];
            for (int i = 0; i < z.length; i++)
                for (int k = 0; k < 3; k++) com[k] += Elements.mass(z[i]) * (frame[3 * i + k] - u[0][3 * i + k]) / mt;
            if (frame == u[0]) continue;
            for (int i = 0; i < z.length; i++) for (int k = 0; k < 3; k++) frame[3 * i + k] -= com[k];
        }
    }

    /** Least-squares line through (t, msd) for tStart ≤ t ≤ tEnd (ps); D = slope/6. */
    public static Diffusivity diffusivity(double[] timePs, double[] msd, double tStart, double tEnd) {
        double st = 0, sm = 0, stt = 0, stm = 0;
        int k = 0;
        for (int i = 0; i < timePs.length; i++) {
            if (timePs[i] < tStart || timePs[i] > tEnd) continue;
            st += timePs[i];
            sm += msd[i];
            stt += timePs[i] * timePs[i];
            stm += timePs[i] * msd[i];
            k++;
        }
        if (k < 2) throw new IllegalArgumentException("msd: fit window [" + tStart + ", " + tEnd + "] ps holds " + k + " points, need >= 2");
        double den = k * stt - st * st;
        if (!(den > 0)) throw new IllegalArgumentException("msd: fit window has no spread in time");
        double slope = (k * stm - st * sm) / den, intercept = (sm - slope * st) / k, d = slope / 6;
        return new Diffusivity(slope, intercept, d, d * MdUnits.A2_PER_PS_IN_CM2_PER_S, tStart, tEnd, k);
    }
}
