package org.jnequip.tensor.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
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
            s = acc.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
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
            s = acc.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
        }
        for (; i < n; i++) s += x[xo + i] * y[yo + i];
        return s;
    }
}
