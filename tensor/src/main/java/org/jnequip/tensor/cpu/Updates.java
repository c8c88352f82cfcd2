package org.jnequip.tensor.cpu;

import org.jnequip.tensor.Tensor;

/**
 * The CPU's optimiser updates ({@link org.jnequip.tensor.Backend#adamStep}, {@link org.jnequip.tensor.Backend#emaStep})
 * as single in-place loops over the weight, its gradient and its float64 state: the operations of the interface's
 * composition, in its order, one element at a time (so the same bits), without a pass and an array per operation.
 * Sequential: a model's weights are small next to a training step's work, and a thread hand-off per weight costs
 * more than it saves.
 */
final class Updates {
    private Updates() {}

    static void adam(Tensor p, Tensor g, double[] m, double[] v, double[] vh, double b1, double b2, double eps, double wd, double stepSize, double sqrtBc2) {
        Object pd = p.data(), gd = g.data();
        for (int i = 0; i < m.length; i++) {
            double pi = at(pd, i), gi = at(gd, i);
            if (wd != 0) gi = gi + wd * pi;
            m[i] = b1 * m[i] + (1 - b1) * gi;
            v[i] = b2 * v[i] + (1 - b2) * gi * gi;
            double h = v[i];
            if (vh != null) h = vh[i] = Math.max(vh[i], v[i]);
            put(pd, i, pi - stepSize * m[i] / (Math.sqrt(h) / sqrtBc2 + eps));
        }
    }

    static void ema(double[] s, Tensor p, double k) {
        Object pd = p.data();
        for (int i = 0; i < s.length; i++) s[i] -= k * (s[i] - at(pd, i));
    }

    private static double at(Object a, int i) { return a instanceof double[] d ? d[i] : ((float[]) a)[i]; }

    private static void put(Object a, int i, double x) {
        if (a instanceof double[] d) d[i] = x; else ((float[]) a)[i] = (float) x;
    }
}
