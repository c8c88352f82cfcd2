package org.jnequip.cli;

import java.util.Arrays;

/**
 * The durations of the last {@value #KEPT} repeats of something (training steps, gradient sums), for their median:
 * unlike a mean it is not moved by the slow first repeats (JIT compilation, first allocations) nor by a pause, and the
 * memory stays bounded however long a run is.
 */
final class RecentTimes {
    static final int KEPT = 1024;
    private final double[] seconds = new double[KEPT];
    private long count;

    void add(double s) { seconds[(int) (count++ % KEPT)] = s; }

    /** How many were added in all. */
    long count() { return count; }

    /** The median of the kept durations; NaN before the first. */
    double median() {
        int n = (int) Math.min(count, KEPT);
        if (n == 0) return Double.NaN;
        double[] s = Arrays.copyOf(seconds, n);
        Arrays.sort(s);
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }
}
