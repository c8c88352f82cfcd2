package org.jnequip.tensor.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.jnequip.tensor.BinaryOp;
import org.jnequip.tensor.UnaryOp;

/** Leaf loops for unary and binary elementwise ops on heap arrays (switch outside, loop inside). */
final class Elementwise {
    private Elementwise() {}

    static void unary(UnaryOp op, double[] x, double[] y) {
        int n = x.length;
        Parallel.forRange(n, 8, (lo, hi) -> {
            switch (op) {
                case NEG -> { for (int i = lo; i < hi; i++) y[i] = -x[i]; }
                case SQUARE -> { for (int i = lo; i < hi; i++) y[i] = x[i] * x[i]; }
                case EXP -> { for (int i = lo; i < hi; i++) y[i] = Math.exp(x[i]); }
                case TANH -> { for (int i = lo; i < hi; i++) y[i] = Math.tanh(x[i]); }
                case SIGMOID -> { for (int i = lo; i < hi; i++) y[i] = sigmoid(x[i]); }
                case SILU -> { for (int i = lo; i < hi; i++) y[i] = x[i] * sigmoid(x[i]); }
                case SILU_GRAD -> { for (int i = lo; i < hi; i++) y[i] = siluGrad(x[i]); }
                case SILU_SECOND -> { for (int i = lo; i < hi; i++) y[i] = siluSecond(x[i]); }
                case SQRT -> { for (int i = lo; i < hi; i++) y[i] = Math.sqrt(x[i]); }
                case RECIPROCAL -> { for (int i = lo; i < hi; i++) y[i] = 1.0 / x[i]; }
                default -> { for (int i = lo; i < hi; i++) y[i] = op.apply(x[i]); }
            }
        });
    }

    static void unary(UnaryOp op, float[] x, float[] y) {
        int n = x.length;
        Parallel.forRange(n, 8, (lo0, hi) -> {
            int lo = Simd.ENABLED ? unaryF(op, x, y, lo0, hi) : lo0;      // SIMD body, scalar tail below
            switch (op) {
                case NEG -> { for (int i = lo; i < hi; i++) y[i] = -x[i]; }
                case SQUARE -> { for (int i = lo; i < hi; i++) y[i] = x[i] * x[i]; }
                case EXP -> { for (int i = lo; i < hi; i++) y[i] = (float) Math.exp(x[i]); }
                case TANH -> { for (int i = lo; i < hi; i++) y[i] = (float) Math.tanh(x[i]); }
                case SIGMOID -> { for (int i = lo; i < hi; i++) y[i] = (float) sigmoid(x[i]); }
                case SILU -> { for (int i = lo; i < hi; i++) y[i] = (float) (x[i] * sigmoid(x[i])); }
                case SILU_GRAD -> { for (int i = lo; i < hi; i++) y[i] = (float) siluGrad(x[i]); }
                case SILU_SECOND -> { for (int i = lo; i < hi; i++) y[i] = (float) siluSecond(x[i]); }
                case SQRT -> { for (int i = lo; i < hi; i++) y[i] = (float) Math.sqrt(x[i]); }
                case RECIPROCAL -> { for (int i = lo; i < hi; i++) y[i] = 1.0f / x[i]; }
                default -> { for (int i = lo; i < hi; i++) y[i] = (float) op.apply(x[i]); }
            }
        });
    }

    /** Float lanes matching the float64 species, for widening float32 data to float64 vectors. */
    private static final VectorSpecies<Float> FH = VectorSpecies.of(float.class, VectorShape.forBitSize(Simd.D.length() * 32));

    /**
     * SIMD loops of the transcendental ops on float32 data (the JDK's vector exp/tanh), evaluated in float64
     * and rounded once, like the scalar loops, so results stay within half a float32 ulp of exact:
     * y[i] = op(x[i]) for i in [lo, r), returning r, the start of the part left to the scalar loop (r = lo for
     * other ops). σ(x) = 1/(1 + e^(−x)) is exact in the limits (e^(−x) = ∞ → 0), silu = x·σ(x),
     * silu' = σ·(1 + x·(1 − σ)), silu'' = σ(1 − σ)·(2 + x·(1 − 2σ)).
     */
    static int unaryF(UnaryOp op, float[] x, float[] y, int lo, int hi) {
        if (op != UnaryOp.EXP && op != UnaryOp.TANH && op != UnaryOp.SIGMOID && op != UnaryOp.SILU && op != UnaryOp.SILU_GRAD
                && op != UnaryOp.SILU_SECOND) return lo;
        int i = lo, len = FH.length();
        for (int end = lo + FH.loopBound(hi - lo); i < end; i += len) {
            DoubleVector v = (DoubleVector) FloatVector.fromArray(FH, x, i).convertShape(VectorOperators.F2D, Simd.D, 0);
            DoubleVector r = switch (op) {
                case EXP -> v.lanewise(VectorOperators.EXP);
                case TANH -> v.lanewise(VectorOperators.TANH);
                case SIGMOID -> DoubleVector.broadcast(Simd.D, 1.0).div(v.neg().lanewise(VectorOperators.EXP).add(1.0));
                case SILU_GRAD -> {
                    DoubleVector sg = DoubleVector.broadcast(Simd.D, 1.0).div(v.neg().lanewise(VectorOperators.EXP).add(1.0));
                    yield sg.mul(v.mul(sg.neg().add(1.0)).add(1.0));
                }
                case SILU_SECOND -> {
                    DoubleVector sg = DoubleVector.broadcast(Simd.D, 1.0).div(v.neg().lanewise(VectorOperators.EXP).add(1.0));
                    yield sg.mul(sg.neg().add(1.0)).mul(v.mul(sg.mul(-2.0).add(1.0)).add(2.0));
                }
                default -> v.div(v.neg().lanewise(VectorOperators.EXP).add(1.0));
            };
            ((FloatVector) r.convertShape(VectorOperators.D2F, FH, 0)).intoArray(y, i);
        }
        return i;
    }

    /** silu'(x) = σ(x)·(1 + x·(1 − σ(x))). */
    static double siluGrad(double x) {
        double s = sigmoid(x);
        return s * (1.0 + x * (1.0 - s));
    }

    /** silu''(x) = σ(1 − σ)·(2 + x·(1 − 2σ)). */
    static double siluSecond(double x) {
        double s = sigmoid(x);
        return s * (1.0 - s) * (2.0 + x * (1.0 - 2.0 * s));
    }

    static double sigmoid(double x) {
        if (x >= 0) return 1.0 / (1.0 + Math.exp(-x));
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /** Same-shape binary loop. */
    static void binary(BinaryOp op, double[] a, double[] b, double[] y) {
        Parallel.forRange(y.length, 2, (lo, hi) -> {
            switch (op) {
                case ADD -> { for (int i = lo; i < hi; i++) y[i] = a[i] + b[i]; }
                case SUB -> { for (int i = lo; i < hi; i++) y[i] = a[i] - b[i]; }
                case MUL -> { for (int i = lo; i < hi; i++) y[i] = a[i] * b[i]; }
                case DIV -> { for (int i = lo; i < hi; i++) y[i] = a[i] / b[i]; }
                default -> { for (int i = lo; i < hi; i++) y[i] = op.apply(a[i], b[i]); }
            }
        });
    }

    static void binary(BinaryOp op, float[] a, float[] b, float[] y) {
        Parallel.forRange(y.length, 2, (lo, hi) -> {
            switch (op) {
                case ADD -> { for (int i = lo; i < hi; i++) y[i] = a[i] + b[i]; }
                case SUB -> { for (int i = lo; i < hi; i++) y[i] = a[i] - b[i]; }
                case MUL -> { for (int i = lo; i < hi; i++) y[i] = a[i] * b[i]; }
                case DIV -> { for (int i = lo; i < hi; i++) y[i] = a[i] / b[i]; }
                default -> { for (int i = lo; i < hi; i++) y[i] = (float) op.apply(a[i], b[i]); }
            }
        });
    }
}
