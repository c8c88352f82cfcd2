package org.jnequip.tensor.cpu;

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
                case SQRT -> { for (int i = lo; i < hi; i++) y[i] = Math.sqrt(x[i]); }
                case RECIPROCAL -> { for (int i = lo; i < hi; i++) y[i] = 1.0 / x[i]; }
                default -> { for (int i = lo; i < hi; i++) y[i] = op.apply(x[i]); }
            }
        });
    }

    static void unary(UnaryOp op, float[] x, float[] y) {
        int n = x.length;
        Parallel.forRange(n, 8, (lo, hi) -> {
            switch (op) {
                case NEG -> { for (int i = lo; i < hi; i++) y[i] = -x[i]; }
                case SQUARE -> { for (int i = lo; i < hi; i++) y[i] = x[i] * x[i]; }
                case EXP -> { for (int i = lo; i < hi; i++) y[i] = (float) Math.exp(x[i]); }
                case TANH -> { for (int i = lo; i < hi; i++) y[i] = (float) Math.tanh(x[i]); }
                case SIGMOID -> { for (int i = lo; i < hi; i++) y[i] = (float) sigmoid(x[i]); }
                case SILU -> { for (int i = lo; i < hi; i++) y[i] = (float) (x[i] * sigmoid(x[i])); }
                case SQRT -> { for (int i = lo; i < hi; i++) y[i] = (float) Math.sqrt(x[i]); }
                case RECIPROCAL -> { for (int i = lo; i < hi; i++) y[i] = 1.0f / x[i]; }
                default -> { for (int i = lo; i < hi; i++) y[i] = (float) op.apply(x[i]); }
            }
        });
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

    /**
     * Broadcast binary loop: out has shape {@code shape}; sa/sb are the operands' strides in out's rank (0 on
     * broadcast axes). Outer axes are walked with a counter, the last axis is the inner loop.
     */
    static void broadcast(BinaryOp op, Object a, Object b, Object y, int[] shape, int[] sa, int[] sb) {
        int r = shape.length;
        int inner = r == 0 ? 1 : shape[r - 1];
        int ia = r == 0 ? 0 : sa[r - 1], ib = r == 0 ? 0 : sb[r - 1];
        int outer = inner == 0 ? 0 : ((y instanceof double[] d ? d.length : ((float[]) y).length) / inner);
        Parallel.forRange(outer, inner * 2L, (lo, hi) -> {
            int[] idx = new int[Math.max(0, r - 1)];
            // decompose lo into a multi-index over the outer axes
            int rem = lo;
            for (int ax = r - 2; ax >= 0; ax--) { idx[ax] = rem % shape[ax]; rem /= shape[ax]; }
            for (int o = lo; o < hi; o++) {
                int oa = 0, ob = 0;
                for (int ax = 0; ax < r - 1; ax++) { oa += idx[ax] * sa[ax]; ob += idx[ax] * sb[ax]; }
                int oy = o * inner;
                if (y instanceof double[] yd) {
                    double[] ad = (double[]) a, bd = (double[]) b;
                    for (int i = 0; i < inner; i++) yd[oy + i] = op.apply(ad[oa + i * ia], bd[ob + i * ib]);
                } else {
                    float[] yf = (float[]) y, af = (float[]) a, bf = (float[]) b;
                    switch (op) {
                        case ADD -> { for (int i = 0; i < inner; i++) yf[oy + i] = af[oa + i * ia] + bf[ob + i * ib]; }
                        case MUL -> { for (int i = 0; i < inner; i++) yf[oy + i] = af[oa + i * ia] * bf[ob + i * ib]; }
                        case SUB -> { for (int i = 0; i < inner; i++) yf[oy + i] = af[oa + i * ia] - bf[ob + i * ib]; }
                        default -> { for (int i = 0; i < inner; i++) yf[oy + i] = (float) op.apply(af[oa + i * ia], bf[ob + i * ib]); }
                    }
                }
                for (int ax = r - 2; ax >= 0; ax--) {
                    if (++idx[ax] < shape[ax]) break;
                    idx[ax] = 0;
                }
            }
        });
    }
}
