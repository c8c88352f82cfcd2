package org.jnequip.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every op run in float32 agrees with the same op in float64 on the same (float32-representable) inputs, to
 * float32 rounding. Tolerance rule, with u = 2^-24 (half a float32 ulp, relative):
 * <ul>
 *   <li>layout, gather, where, comparisons, max/min, neg/abs/sign/relu, cast: exact (tol 0);</li>
 *   <li>other elementwise ops and reductions (computed in double, rounded once): u·|y| (+1e-45 for denormals);</li>
 *   <li>affine a·x+b, with a, b rounded to float32 first: 3u·(|a·x| + |b|); mean = sum·(1/n): 3u·|y|;</li>
 *   <li>matmul and scatter-sums accumulated in float32: γ_K·Σ|terms| with γ_K = K·u/(1 − K·u) (Higham).</li>
 * </ul>
 */
class Float32AgreementTest {
    static final double U = 0x1p-24;

    /** A case: the op, its input shapes, and the per-element tolerance given the float64 inputs and output. */
    record Case(String name, Function<Tensor[], Tensor> op, int[][] shapes, Tol tol) {}

    interface Tol { double[] of(Tensor[] in64, double[] y64); }

    static Tol exact() { return (in, y) -> new double[y.length]; }

    static Tol relative(double c) {
        return (in, y) -> { double[] t = new double[y.length]; for (int i = 0; i < y.length; i++) t[i] = c * U * Math.abs(y[i]) + 1e-45; return t; };
    }

    static List<Case> cases() {
        List<Case> cs = new ArrayList<>();
        int[] s = {6, 7}, row = {7}, col = {6, 1};
        for (UnaryOp op : UnaryOp.values()) {
            boolean exact = op == UnaryOp.NEG || op == UnaryOp.ABS || op == UnaryOp.SIGN || op == UnaryOp.RELU;
            cs.add(new Case("unary " + op, x -> x[0].unary(op), new int[][]{s}, exact ? exact() : relative(1)));
        }
        for (BinaryOp op : BinaryOp.values()) {
            boolean exact = op.ordinal() >= BinaryOp.MAX.ordinal() && op != BinaryOp.SILU_BACKWARD;
            cs.add(new Case("binary " + op, x -> x[0].binary(op, x[1]), new int[][]{s, s}, exact ? exact() : relative(1)));
            cs.add(new Case("binary " + op + " row", x -> x[0].binary(op, x[1]), new int[][]{s, row}, exact ? exact() : relative(1)));
            cs.add(new Case("binary " + op + " col", x -> x[0].binary(op, x[1]), new int[][]{col, s}, exact ? exact() : relative(1)));
        }
        cs.add(new Case("affine", x -> x[0].affine(0.1, -1.0 / 3), new int[][]{s}, (in, y) -> {
            double[] v = in[0].toDoubleArray(), t = new double[y.length];
            for (int i = 0; i < y.length; i++) t[i] = 3 * U * (Math.abs(0.1 * v[i]) + 1.0 / 3);
            return t;
        }));
        cs.add(new Case("where", x -> x[0].where(x[1].gt(x[2]), x[2]), new int[][]{s, s, row}, exact()));
        for (ReduceOp op : ReduceOp.values()) {
            cs.add(new Case("reduce " + op + " axis 0", x -> x[0].reduce(op, new int[]{0}, false), new int[][]{{5, 6, 7}}, op == ReduceOp.SUM ? relative(1) : exact()));
            cs.add(new Case("reduce " + op + " axes 0,2", x -> x[0].reduce(op, new int[]{0, 2}, true), new int[][]{{5, 6, 7}}, op == ReduceOp.SUM ? relative(1) : exact()));
            cs.add(new Case("reduce " + op + " axis 2", x -> x[0].reduce(op, new int[]{-1}, false), new int[][]{{5, 6, 7}}, op == ReduceOp.SUM ? relative(1) : exact()));
        }
        cs.add(new Case("mean", x -> x[0].mean(new int[]{1}, false), new int[][]{s}, relative(3)));
        for (int flags = 0; flags < 4; flags++) {
            boolean ta = (flags & 1) != 0, tb = (flags & 2) != 0;
            int[] a = ta ? new int[]{3, 9, 37} : new int[]{3, 37, 9}, b = tb ? new int[]{20, 9} : new int[]{9, 20};
            cs.add(new Case("matmul " + ta + " " + tb, x -> x[0].matmul(x[1], ta, tb), new int[][]{a, b}, (in, y) -> {
                double[] t = in[0].abs().matmul(in[1].abs(), ta, tb).toDoubleArray();
                for (int i = 0; i < t.length; i++) t[i] *= 9 * U / (1 - 9 * U);
                return t;
            }));
        }
        cs.add(new Case("permute", x -> x[0].permute(2, 0, 1), new int[][]{{3, 4, 5}}, exact()));
        cs.add(new Case("expand", x -> x[0].expand(4, 6, 1), new int[][]{col}, exact()));
        cs.add(new Case("reshape", x -> x[0].reshape(7, 6), new int[][]{s}, exact()));
        cs.add(new Case("slice", x -> x[0].slice(1, 2, 5), new int[][]{s}, exact()));
        cs.add(new Case("pad", x -> x[0].pad(1, 2, 3), new int[][]{s}, exact()));
        cs.add(new Case("concat", x -> Tensor.concat(List.of(x[0], x[1]), 1), new int[][]{s, col}, exact()));
        int[] idx = {3, 0, 3, 5, 1, 3, 3};
        cs.add(new Case("indexSelect", x -> x[0].indexSelect(0, idx), new int[][]{s}, exact()));
        cs.add(new Case("indexAdd", x -> x[0].indexAdd(1, idx, 6), new int[][]{s}, (in, y) -> {
            double[] t = in[0].abs().indexAdd(1, idx, 6).toDoubleArray();
            for (int i = 0; i < t.length; i++) t[i] *= 4 * U / (1 - 4 * U);   // at most 4 terms per output
            return t;
        }));
        cs.add(new Case("cast", x -> x[0].to(DType.F64), new int[][]{s}, exact()));
        return cs;
    }

    @Test
    void float32MatchesFloat64ForEveryOp() {
        Random r = new Random(31);
        for (Case c : cases()) {
            Tensor[] in64 = new Tensor[c.shapes().length], in32 = new Tensor[in64.length];
            for (int i = 0; i < in64.length; i++) {
                boolean positive = c.name().contains("LOG") || c.name().contains("SQRT") || (c.name().contains("POW") && i == 0);
                double[] v = Ref.randomF32(r, Ref.numel(c.shapes()[i]), positive ? 0.1 : -2, 2);
                if (c.name().contains("RECIPROCAL") || (c.name().contains("DIV") && i == 1))
                    for (int j = 0; j < v.length; j++) if (Math.abs(v[j]) < 0.05) v[j] = 0.5;
                in64[i] = Tensor.of(v, c.shapes()[i]);
                in32[i] = Tensor.of(v, DType.F32, c.shapes()[i]);
            }
            Tensor y64 = c.op().apply(in64), y32 = c.op().apply(in32);
            double[] e = y64.toDoubleArray();
            Ref.assertWithin(e, y32.toDoubleArray(), c.tol().of(in64, e), c.name());
        }
    }
}
