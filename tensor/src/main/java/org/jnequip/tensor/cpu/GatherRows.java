package org.jnequip.tensor.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;

/**
 * Gathers and scatters of narrow pieces (a few elements) along an inner axis, row by row: x (outer, n_in·in) →
 * y (outer, n_out·in). {@link CpuBackend#indexSelect} and {@link CpuBackend#indexAdd} use them when the pieces
 * are too short for {@code System.arraycopy} per piece to pay (Gate's and the irreps layouts' column gathers,
 * in = 1). Each output element is written by one task; a scatter sums its sources in CSR order, so results
 * match the wide path's bit for bit.
 */
final class GatherRows {
    private GatherRows() {}

    /**
     * y[o, i, c] = x[o, index[i], c] for rows o in [lo, hi). Single elements (in = 1) are gathered a vector at a
     * time (the CPU's gather instruction: 1.4–1.9× the scalar loop for 21×1536 and 192×512 gathers, one thread).
     */
    static void select(float[] x, float[] y, int lo, int hi, int rowIn, int rowOut, int in, int[] index) {
        int n = index.length, simd = Simd.ENABLED && in == 1 ? Simd.F.loopBound(n) : 0, L = Simd.F.length();
        for (int o = lo; o < hi; o++) {
            int xo = o * rowIn, yo = o * rowOut, i = 0;
            if (in == 1) {
                for (; i < simd; i += L) FloatVector.fromArray(Simd.F, x, xo, index, i).intoArray(y, yo + i);
                for (; i < n; i++) y[yo + i] = x[xo + index[i]];
            } else for (; i < n; i++) for (int c = 0, a = xo + index[i] * in, b = yo + i * in; c < in; c++) y[b + c] = x[a + c];
        }
    }

    static void select(double[] x, double[] y, int lo, int hi, int rowIn, int rowOut, int in, int[] index) {
        int n = index.length, simd = Simd.ENABLED && in == 1 ? Simd.D.loopBound(n) : 0, L = Simd.D.length();
        for (int o = lo; o < hi; o++) {
            int xo = o * rowIn, yo = o * rowOut, i = 0;
            if (in == 1) {
                for (; i < simd; i += L) DoubleVector.fromArray(Simd.D, x, xo, index, i).intoArray(y, yo + i);
                for (; i < n; i++) y[yo + i] = x[xo + index[i]];
            } else for (; i < n; i++) for (int c = 0, a = xo + index[i] * in, b = yo + i * in; c < in; c++) y[b + c] = x[a + c];
        }
    }

    /**
     * The sources of a column scatter (in = 1) in which every target t has the same number k ≥ 1 of them, as k
     * columns: cols[q·size + t] = order[start[t] + q] (the q-th source of t, in CSR order); null otherwise or
     * without SIMD. Gate's and the irreps layouts' column gathers are permutations (k = 1) or repeat each column
     * k times, so their backward scatters qualify.
     */
    static int[] columns(int[] start, int[] order) {
        int size = start.length - 1;
        if (!Simd.ENABLED || size == 0) return null;
        int k = start[1] - start[0];
        if (k < 1 || order.length != k * size) return null;
        for (int t = 1; t < size; t++) if (start[t + 1] - start[t] != k) return null;
        int[] cols = new int[order.length];
        for (int t = 0; t < size; t++) for (int q = 0; q < k; q++) cols[q * size + t] = order[start[t] + q];
        return cols;
    }

    /**
     * y[o, t] = ((0 + x[o, cols[t]]) + x[o, cols[size + t]]) + … for rows o in [lo, hi): a column scatter of k sources
     * per target ({@link #columns}), a vector of targets at a time with k gathers; the same sums in the same order as
     * {@link #add}.
     */
    static void addColumns(float[] x, float[] y, int lo, int hi, int rowIn, int rowOut, int size, int[] cols) {
        int k = cols.length / size, L = Simd.F.length(), simd = Simd.F.loopBound(size);
        for (int o = lo; o < hi; o++) {
            int xo = o * rowIn, yo = o * rowOut, t = 0;
            for (; t < simd; t += L) {
                FloatVector acc = FloatVector.zero(Simd.F);
                for (int q = 0; q < k; q++) acc = acc.add(FloatVector.fromArray(Simd.F, x, xo, cols, q * size + t));
                acc.intoArray(y, yo + t);
            }
            for (; t < size; t++) {
                float acc = 0f;
                for (int q = 0; q < k; q++) acc += x[xo + cols[q * size + t]];
                y[yo + t] = acc;
            }
        }
    }

    static void addColumns(double[] x, double[] y, int lo, int hi, int rowIn, int rowOut, int size, int[] cols) {
        int k = cols.length / size, L = Simd.D.length(), simd = Simd.D.loopBound(size);
        for (int o = lo; o < hi; o++) {
            int xo = o * rowIn, yo = o * rowOut, t = 0;
            for (; t < simd; t += L) {
                DoubleVector acc = DoubleVector.zero(Simd.D);
                for (int q = 0; q < k; q++) acc = acc.add(DoubleVector.fromArray(Simd.D, x, xo, cols, q * size + t));
                acc.intoArray(y, yo + t);
            }
            for (; t < size; t++) {
                double acc = 0.0;
                for (int q = 0; q < k; q++) acc += x[xo + cols[q * size + t]];
                y[yo + t] = acc;
            }
        }
    }

    /** y[o, t, c] = Σ_(q in start[t]..start[t+1]) x[o, order[q], c] for rows o in [lo, hi), in CSR order. */
    static void add(float[] x, float[] y, int lo, int hi, int rowIn, int rowOut, int in, int[] start, int[] order) {
        int size = start.length - 1;
        for (int o = lo; o < hi; o++)
            for (int t = 0, xo = o * rowIn, yo = o * rowOut; t < size; t++)
                for (int c = 0; c < in; c++) {
                    float acc = 0f;
                    for (int q = start[t]; q < start[t + 1]; q++) acc += x[xo + order[q] * in + c];
                    y[yo + t * in + c] = acc;
                }
    }

    static void add(double[] x, double[] y, int lo, int hi, int rowIn, int rowOut, int in, int[] start, int[] order) {
        int size = start.length - 1;
        for (int o = lo; o < hi; o++)
            for (int t = 0, xo = o * rowIn, yo = o * rowOut; t < size; t++)
                for (int c = 0; c < in; c++) {
                    double acc = 0.0;
                    for (int q = start[t]; q < start[t + 1]; q++) acc += x[xo + order[q] * in + c];
                    y[yo + t * in + c] = acc;
                }
    }
}
