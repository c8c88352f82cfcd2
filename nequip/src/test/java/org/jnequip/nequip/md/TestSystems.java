package org.jnequip.nequip.md;

import java.util.SplittableRandom;

/** Small argon systems for the MD tests. */
final class TestSystems {
    private TestSystems() {}

    static final int AR = 18;

    /** fcc argon, reps³ conventional cells of side a (Å), 4 reps³ atoms, optional random displacement. */
    static MdSystem fccArgon(int reps, double a, double rattle, long seed) {
        double[][] basis = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
        int n = 4 * reps * reps * reps;
        double[] pos = new double[3 * n];
        SplittableRandom rng = new SplittableRandom(seed);
        int at = 0;
        for (int i = 0; i < reps; i++)
            for (int j = 0; j < reps; j++)
                for (int k = 0; k < reps; k++)
                    for (double[] b : basis) {
                        pos[3 * at] = (i + b[0]) * a + rattle * rng.nextGaussian();
                        pos[3 * at + 1] = (j + b[1]) * a + rattle * rng.nextGaussian();
                        pos[3 * at + 2] = (k + b[2]) * a + rattle * rng.nextGaussian();
                        at++;
                    }
        double l = reps * a;
        int[] z = new int[n];
        java.util.Arrays.fill(z, AR);
        return MdSystem.periodic(z, pos, new double[]{l, 0, 0, 0, l, 0, 0, 0, l});
    }

    /** 13-atom icosahedral argon cluster (centre + 12 vertices at radius r, Å). */
    static MdSystem icosahedron(double r) {
        double phi = (1 + Math.sqrt(5)) / 2, norm = Math.sqrt(1 + phi * phi);
        double[] pos = new double[39];
        int at = 1;
        for (int s1 : new int[]{-1, 1})
            for (int s2 : new int[]{-1, 1}) {
                double[][] v = {{0, s1, s2 * phi}, {s1, s2 * phi, 0}, {s2 * phi, 0, s1}};
                for (double[] p : v) {
                    for (int k = 0; k < 3; k++) pos[3 * at + k] = r * p[k] / norm;
                    at++;
                }
            }
        int[] z = new int[13];
        java.util.Arrays.fill(z, AR);
        return MdSystem.molecule(z, pos);
    }
}
