package org.jnequip.nequip.md;

import java.util.Arrays;

/**
 * A Verlet neighbour list with a skin: the pairs (i, j, image shift s) closer than rc + skin are stored once, and
 * reused while no atom moved more than skin/2 since the build (then no pair can have crossed from beyond rc + skin
 * to inside rc). A cell or atom-count change triggers a rebuild.
 *
 * <p>Wrapping is allowed between builds: the displacement of atom i since the build is split into a lattice vector
 * L_i (the fractional displacement rounded to integers along periodic directions) and a small rest δ_i; only δ_i
 * counts against the skin, and the pair vector becomes d = r_j − r_i + s + L_i − L_j.
 *
 * <p>Storage: pairs (P, 2) atom indices, shifts (P, 3) Å, per-atom lattice offsets (N, 3) Å.
 */
public final class VerletList {
    private final double cutoff, skin;
    private int[] pairs = new int[0];       // (P, 2)
    private double[] shifts = new double[0]; // (P, 3)
    private int count;
    private double[] refPos, refCell, inv;
    private double[] offsets = new double[0]; // (N, 3) L_i
    private boolean[] refPbc;
    private long builds;

    public VerletList(double cutoff, double skin) {
        if (!(cutoff > 0) || !(skin >= 0)) throw new IllegalArgumentException("verlet list: need cutoff > 0 and skin >= 0");
        this.cutoff = cutoff;
        this.skin = skin;
    }

    /** Rebuilds when stale; returns true when it did. */
    public boolean update(double[] pos, double[] cell, boolean[] pbc) {
        if (!stale(pos, cell, pbc)) return false;
        build(pos, cell, pbc);
        return true;
    }

    /** True when the stored list may miss a pair now closer than the cutoff; also refreshes the offsets. */
    private boolean stale(double[] pos, double[] cell, boolean[] pbc) {
        if (refPos == null || refPos.length != pos.length || !Arrays.equals(refCell, cell) || !Arrays.equals(refPbc, pbc)) return true;
        double lim2 = 0.25 * skin * skin;
        double[] f = new double[3], l = new double[3];
        for (int k = 0; k < pos.length; k += 3) {
            double dx = pos[k] - refPos[k], dy = pos[k + 1] - refPos[k + 1], dz = pos[k + 2] - refPos[k + 2];
            l[0] = l[1] = l[2] = 0;
            if (inv != null) {
                CellMath.rowTimes(dx, dy, dz, inv, f);
                for (int c = 0; c < 3; c++) f[c] = refPbc[c] ? Math.rint(f[c]) : 0;
                CellMath.rowTimes(f[0], f[1], f[2], refCell, l);
            }
            offsets[k] = l[0];
            offsets[k + 1] = l[1];
            offsets[k + 2] = l[2];
            dx -= l[0];
            dy -= l[1];
            dz -= l[2];
            if (dx * dx + dy * dy + dz * dz > lim2) return true;
        }
        return false;
    }

    private void build(double[] pos, double[] cell, boolean[] pbc) {
        count = 0;
        Pairs.forEach(pos, cell, pbc, cutoff + skin, (i, j, dx, dy, dz, r2, sx, sy, sz) -> {
            if (count * 2 == pairs.length) {
                pairs = Arrays.copyOf(pairs, Math.max(64, pairs.length * 2));
                shifts = Arrays.copyOf(shifts, pairs.length / 2 * 3);
            }
            pairs[2 * count] = i;
            pairs[2 * count + 1] = j;
            shifts[3 * count] = sx;
            shifts[3 * count + 1] = sy;
            shifts[3 * count + 2] = sz;
            count++;
        });
        refPos = pos.clone();
        refCell = cell == null ? null : cell.clone();
        refPbc = pbc == null ? null : pbc.clone();
        boolean periodic = pbc != null && !CellMath.isEmpty(cell) && (pbc[0] || pbc[1] || pbc[2]);
        inv = periodic ? CellMath.inverse(cell) : null;
        offsets = new double[pos.length];
        builds++;
    }

    public int size() { return count; }
    public int first(int p) { return pairs[2 * p]; }
    public int second(int p) { return pairs[2 * p + 1]; }
    public double shift(int p, int k) { return shifts[3 * p + k]; }
    /** Lattice offset L_i,k (Å) of atom i since the build, as of the last {@link #update}. */
    public double offset(int i, int k) { return offsets[3 * i + k]; }
    /** Number of (re)builds so far. */
    public long builds() { return builds; }
    public double cutoff() { return cutoff; }
    public double skin() { return skin; }
}
