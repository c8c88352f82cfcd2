package org.jnequip.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Forward values of every UnaryOp and BinaryOp (same shape and NumPy broadcasting), affine and where, against
 * hand-written double formulas in {@link #unaryRef}/{@link #binaryRef} (not the enums' own definitions).
 */
class ElementwiseTest {
    static final double U32 = 0x1p-23;   // one float32 ulp at 1 (relative)

    static DoubleUnaryOperator unaryRef(UnaryOp op) {
        return switch (op) {
            case NEG -> x -> -x;
            case ABS -> x -> x < 0 ? -x : x;
            case SIGN -> x -> x > 0 ? 1 : x < 0 ? -1 : 0;
            case EXP -> Math::exp;
            case LOG -> Math::log;
            case SQRT -> Math::sqrt;
            case RSQRT -> x -> 1 / Math.sqrt(x);
            case RECIPROCAL -> x -> 1 / x;
            case SQUARE -> x -> x * x;
            case SIN -> Math::sin;
            case COS -> Math::cos;
            case TANH -> x -> 1 - 2 / (Math.exp(2 * x) + 1);
            case SIGMOID -> x -> 1 / (1 + Math.exp(-x));
            case SILU -> x -> x / (1 + Math.exp(-x));
            case SOFTPLUS -> x -> Math.log1p(Math.exp(x));
            case RELU -> x -> x > 0 ? x : 0;
            case SILU_GRAD -> x -> (1 + Math.exp(-x) + x * Math.exp(-x)) / ((1 + Math.exp(-x)) * (1 + Math.exp(-x)));
            // d/dx of the line above: e^(−x)·(2 − x + (2 + x)·e^(−x)) / (1 + e^(−x))³
            case SILU_SECOND -> x -> Math.exp(-x) * (2 - x + (2 + x) * Math.exp(-x)) / Math.pow(1 + Math.exp(-x), 3);
        };
    }

    /** Inputs inside each op's domain; include exact zeros where the op is defined there. */
    static double[] unaryInputs(UnaryOp op, int n, long seed) {
        Random r = new Random(seed);
        boolean positive = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.RSQRT;
        double[] x = Ref.randomF32(r, n, positive ? 0.05 : -4, 4);
        if (!positive && op != UnaryOp.RECIPROCAL) { x[0] = 0; x[n / 2] = 0; }
        return x;
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryMatchesReference(UnaryOp op) {
        int n = 5003;   // large enough for the parallel path, odd for tails
        double[] x = unaryInputs(op, n, op.ordinal());
        double[] expected = new double[n];
        for (int i = 0; i < n; i++) expected[i] = unaryRef(op).applyAsDouble(x[i]);
        double[] y64 = Tensor.of(x, 1, n).unary(op).toDoubleArray();
        Ref.assertClose(expected, y64, 1e-15, 1e-14, op + " float64");
        double[] y32 = Tensor.of(x, DType.F32, 1, n).unary(op).toDoubleArray();
        Ref.assertClose(expected, y32, 1e-30, U32, op + " float32");
    }

    @Test
    void saturatingActivationsStayFinite() {
        double[] x = {-800, -40, 40, 800};
        double[] sig = Tensor.of(x, 4).sigmoid().toDoubleArray();
        assertArrayEquals(new double[]{0, 1 / (1 + Math.exp(40)), 1 / (1 + Math.exp(-40)), 1}, sig, 1e-300);
        double[] sp = Tensor.of(x, 4).softplus().toDoubleArray();
        assertEquals(800, sp[3], 0);
        assertEquals(40 + Math.log1p(Math.exp(-40)), sp[2], 1e-12);
        assertEquals(0, sp[0], 1e-300);
        double[] silu = Tensor.of(x, 4).silu().toDoubleArray();
        assertEquals(800, silu[3], 0);
        assertEquals(0, silu[0], 1e-300);
        for (DType dt : DType.values()) {                   // silu'' → 0 at both ends (σ(1 − σ) underflows), never NaN
            double[] d2 = Tensor.of(x, dt, 4).unary(UnaryOp.SILU_SECOND).toDoubleArray();
            assertArrayEquals(new double[4], new double[]{d2[0], 0, 0, d2[3]}, 1e-300, dt + " silu'' at ±800");
            assertTrue(Tensor.of(x, dt, 4).unary(UnaryOp.SILU_SECOND).allFinite(), dt + " silu''");
        }
        assertTrue(Tensor.of(x, DType.F32, 4).tanh().allFinite());
    }

    static DoubleBinaryOperator binaryRef(BinaryOp op) {
        return switch (op) {
            case ADD -> (a, b) -> a + b;
            case SUB -> (a, b) -> a - b;
            case MUL -> (a, b) -> a * b;
            case DIV -> (a, b) -> a / b;
            case POW -> Math::pow;
            case MAX -> (a, b) -> a > b ? a : b;
            case MIN -> (a, b) -> a < b ? a : b;
            case GT -> (a, b) -> a > b ? 1 : 0;
            case GE -> (a, b) -> a >= b ? 1 : 0;
            case LT -> (a, b) -> a < b ? 1 : 0;
            case LE -> (a, b) -> a <= b ? 1 : 0;
            case EQ -> (a, b) -> a == b ? 1 : 0;
            case SILU_BACKWARD -> (g, x) -> {   // g·silu'(x) = g·σ(1 + x(1 − σ))
                double s = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
                return g * (s * (1 + x * (1 - s)));
            };
        };
    }

    /** Shape pairs: equal, both-sided broadcasting, rank extension, scalars, size-0, and large (parallel) cases. */
    static final int[][][] PAIRS = {
            {{2, 3}, {2, 3}}, {{3, 1}, {1, 4}}, {{2, 3, 4}, {4}}, {{4}, {2, 3, 4}}, {{2, 1, 4}, {3, 1}},
            {{}, {2, 3}}, {{2, 3}, {}}, {{1}, {5}}, {{5, 1, 1}, {1, 1, 7}}, {{2, 3, 1}, {2, 1, 5}}, {{0, 3}, {3}},
            {{300, 64}, {64}}, {{300, 1}, {300, 64}}, {{40, 1, 32}, {1, 50, 32}}, {{7, 5, 3}, {7, 1, 3}},
    };

    /** Operands from a small value set so that ties occur; positive bases for POW. */
    static double[] binaryInputs(BinaryOp op, int n, Random r, boolean base) {
        double[] pool = op == BinaryOp.POW ? (base ? new double[]{0.5, 1.25, 2, 3.5} : new double[]{-1.5, 0, 0.5, 2, 3})
                : new double[]{-2, -0.5, 0, 0.5, 1.25, 3};
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = r.nextInt(4) == 0 ? pool[r.nextInt(pool.length)] : (float) (pool[r.nextInt(pool.length)] + r.nextDouble());
        if (op == BinaryOp.DIV && !base) for (int i = 0; i < n; i++) if (x[i] == 0) x[i] = 0.75;
        return x;
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryMatchesReferenceWithBroadcasting(BinaryOp op) {
        Random r = new Random(100 + op.ordinal());
        for (int[][] pair : PAIRS) {
            int[] as = pair[0], bs = pair[1];
            double[] a = binaryInputs(op, Ref.numel(as), r, true), b = binaryInputs(op, Ref.numel(bs), r, false);
            double[] expected = Ref.binary(binaryRef(op), a, as, b, bs);
            String what = op + " " + Ref.str(as) + " with " + Ref.str(bs);
            Tensor y = Tensor.of(a, as).binary(op, Tensor.of(b, bs));
            assertArrayEquals(Ref.bshape(as, bs), y.shape(), what + " shape");
            Ref.assertClose(expected, y.toDoubleArray(), 1e-300, 1e-15, what + " float64");
            Tensor y32 = Tensor.of(a, DType.F32, as).binary(op, Tensor.of(b, DType.F32, bs));
            Ref.assertClose(expected, y32.toDoubleArray(), 1e-30, U32, what + " float32");
        }
    }

    @Test
    void affineIsAxPlusB() {
        double[] x = Ref.randomF32(new Random(3), 5000, -2, 2);
        double[] y = Tensor.of(x, 5000).affine(-1.5, 0.25).toDoubleArray();
        double[] e = new double[x.length];
        for (int i = 0; i < x.length; i++) e[i] = -1.5 * x[i] + 0.25;
        Ref.assertClose(e, y, 0, 0, "affine");
        Ref.assertClose(e, Tensor.of(x, DType.F32, 5000).affine(-1.5, 0.25).toDoubleArray(), 1e-7, U32, "affine f32");
        Ref.assertClose(new double[]{7, 9}, Tensor.of(new double[]{2, 4}, 2).add(5.0).toDoubleArray(), 0, 0, "add const");
        Ref.assertClose(new double[]{-1, -2}, Tensor.of(new double[]{2, 4}, 2).mul(-0.5).toDoubleArray(), 0, 0, "mul const");
    }

    @Test
    void whereBroadcastsAllThreeOperands() {
        Random r = new Random(9);
        int[][][] cases = {{{3, 1}, {1, 4}, {}}, {{2, 3}, {2, 3}, {2, 3}}, {{4}, {3, 4}, {3, 1}}, {{50, 1}, {50, 64}, {64}}};
        for (int[][] c : cases) {
            int[] cs = c[0], as = c[1], bs = c[2];
            double[] cond = new double[Ref.numel(cs)];
            for (int i = 0; i < cond.length; i++) cond[i] = r.nextBoolean() ? 1 : 0;
            cond[0] = 2.5;   // any non-zero value selects a
            double[] a = Ref.random(r, Ref.numel(as), -1, 1), b = Ref.random(r, Ref.numel(bs), 5, 6);
            int[] os = Ref.bshape(Ref.bshape(cs, as), bs);
            double[] e = new double[Ref.numel(os)];
            for (int i = 0; i < e.length; i++) {
                int[] idx = Ref.unravel(i, os);
                e[i] = Ref.bcastAt(cond, cs, idx) != 0 ? Ref.bcastAt(a, as, idx) : Ref.bcastAt(b, bs, idx);
            }
            String what = "where " + Ref.str(cs) + " " + Ref.str(as) + " " + Ref.str(bs);
            Tensor y = Tensor.of(a, as).where(Tensor.of(cond, cs), Tensor.of(b, bs));
            assertArrayEquals(os, y.shape(), what);
            Ref.assertClose(e, y.toDoubleArray(), 0, 0, what);
            // condition in float32 while the values are float64, and an all-float32 run
            Ref.assertClose(e, Tensor.of(a, as).where(Tensor.of(cond, DType.F32, cs), Tensor.of(b, bs)).toDoubleArray(), 0, 0, what + " f32 cond");
            Ref.assertClose(e, Tensor.of(a, DType.F32, as).where(Tensor.of(cond, DType.F32, cs), Tensor.of(b, DType.F32, bs)).toDoubleArray(), 1e-30, U32, what + " f32");
        }
    }

    @Test
    void comparisonsReturnOnesAndZerosInOperandDtype() {
        Tensor a = Tensor.of(new double[]{1, 2, 3}, DType.F32, 3), b = Tensor.of(new double[]{2, 2, 2}, DType.F32, 3);
        assertEquals(DType.F32, a.gt(b).dtype());
        assertArrayEquals(new double[]{0, 0, 1}, a.gt(b).toDoubleArray());
        assertArrayEquals(new double[]{0, 1, 1}, a.ge(b).toDoubleArray());
        assertArrayEquals(new double[]{1, 0, 0}, a.lt(b).toDoubleArray());
        assertArrayEquals(new double[]{1, 1, 0}, a.le(b).toDoubleArray());
        assertArrayEquals(new double[]{0, 1, 0}, a.eq(b).toDoubleArray());
    }
}
