package org.jnequip.tensor.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one place that chooses SIMD species (house style §6). {@code -Djnequip.simd=false} forces the scalar
 * paths everywhere, for debugging and for comparing speed.
 */
public final class Simd {
    private Simd() {}

    public static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("jnequip.simd", "true"));
    public static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    public static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    // Lane sums in one fixed order. reduceLanes(ADD) may not: on floating point its order is unspecified, and on
    // HotSpot the compiled intrinsic and the interpreter differ (a value changes when a method gets compiled).
    // Here: pairwise folds, lane i += lane i ^ h for h = L/2 … 1, then lane 0 (the same ops in every tier).
    private static final VectorShuffle<Float> F8 = fold(F, 8), F4 = fold(F, 4), F2 = fold(F, 2), F1 = fold(F, 1);
    private static final VectorShuffle<Double> D4 = fold(D, 4), D2 = fold(D, 2), D1 = fold(D, 1);

    private static <E> VectorShuffle<E> fold(VectorSpecies<E> s, int h) { return h < s.length() ? VectorShuffle.fromOp(s, i -> i ^ h) : null; }

    /** Σ of the lanes of v in a fixed order (see above); lane by lane for widths over 16. */
    public static float sumLanes(FloatVector v) {
        int n = F.length();
        if (n > 16) { float s = 0; for (int i = 0; i < n; i++) s += v.lane(i); return s; }
        if (n > 8) v = v.add(v.rearrange(F8));
        if (n > 4) v = v.add(v.rearrange(F4));
        if (n > 2) v = v.add(v.rearrange(F2));
        if (n > 1) v = v.add(v.rearrange(F1));
        return v.lane(0);
    }

    /** Σ of the lanes of v in a fixed order (see above); lane by lane for widths over 8. */
    public static double sumLanes(DoubleVector v) {
        int n = D.length();
        if (n > 8) { double s = 0; for (int i = 0; i < n; i++) s += v.lane(i); return s; }
        if (n > 4) v = v.add(v.rearrange(D4));
        if (n > 2) v = v.add(v.rearrange(D2));
        if (n > 1) v = v.add(v.rearrange(D1));
        return v.lane(0);
    }

    /** y[yo..yo+n) += a * x[xo..xo+n). */
    public static void axpy(int n, float a, float[] x, int xo, float[] y, int yo) {
        int i = 0;
        if (ENABLED) {
            FloatVector av = FloatVector.broadcast(F, a);
            for (int b = F.loopBound(n); i < b; i += F.length())
                FloatVector.fromArray(F, x, xo + i).fma(av, FloatVector.fromArray(F, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) y[yo + i] += a * x[xo + i];
    }

    public static void axpy(int n, double a, double[] x, int xo, double[] y, int yo) {
        int i = 0;
        if (ENABLED) {
            DoubleVector av = DoubleVector.broadcast(D, a);
            for (int b = D.loopBound(n); i < b; i += D.length())
                DoubleVector.fromArray(D, x, xo + i).fma(av, DoubleVector.fromArray(D, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) y[yo + i] += a * x[xo + i];
    }

    public static float dot(int n, float[] x, int xo, float[] y, int yo) {
        int i = 0;
        float s = 0;
        if (ENABLED && n >= F.length()) {
            FloatVector acc = FloatVector.zero(F);
            for (int b = F.loopBound(n); i < b; i += F.length())
                acc = FloatVector.fromArray(F, x, xo + i).fma(FloatVector.fromArray(F, y, yo + i), acc);
            s = sumLanes(acc);
        }
        for (; i < n; i++) s += x[xo + i] * y[yo + i];
        return s;
    }

    public static double dot(int n, double[] x, int xo, double[] y, int yo) {
        int i = 0;
        double s = 0;
        if (ENABLED && n >= D.length()) {
            DoubleVector acc = DoubleVector.zero(D);
            for (int b = D.loopBound(n); i < b; i += D.length())
                acc = DoubleVector.fromArray(D, x, xo + i).fma(DoubleVector.fromArray(D, y, yo + i), acc);
            s = sumLanes(acc);
        }
        for (; i < n; i++) s += x[xo + i] * y[yo + i];
        return s;
    }
}
