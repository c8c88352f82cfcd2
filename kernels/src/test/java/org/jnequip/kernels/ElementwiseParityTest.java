package org.jnequip.kernels;

import static org.jnequip.kernels.Devices.*;

import java.util.Random;
import org.jnequip.tensor.BinaryOp;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.UnaryOp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Unary, binary (same shape and NumPy broadcasting), where and affine: device vs CpuBackend. */
class ElementwiseParityTest {

    /** Inputs inside each op's domain: positive for log/sqrt/rsqrt, away from 0 for reciprocal; else one exact 0. */
    private static double[] domain(UnaryOp op, double[] x) {
        double[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            switch (op) {
                case LOG, SQRT, RSQRT -> y[i] = Math.abs(y[i]) + 0.1;
                case RECIPROCAL -> y[i] = Math.copySign(Math.abs(y[i]) + 0.5, y[i]);
                default -> { if (i == 0) y[i] = 0.0; }
            }
        }
        return y;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void unaryOps(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        Random r = new Random(1);
        double[] base = uniform(r, 3 * 37, -3, 3);
        for (UnaryOp op : UnaryOp.values()) {
            Pair x = pair(dev, domain(op, base), dt, 3, 37);
            assertClose("unary " + op, dev.unary(op, x.dev()), CPU.unary(op, x.cpu()));
            assertClose("-0.7 · unary " + op, dev.unary(op, x.dev(), -0.7), CPU.unary(op, x.cpu(), -0.7));
        }
    }

    /** Operands for op: positive bases for POW; a third of b equal to a so that GE/LE/EQ see ties. */
    private static double[][] operands(BinaryOp op, Random r, int n) {
        double[] a = uniform(r, n, -2, 2), b = uniform(r, n, -2, 2);
        for (int i = 0; i < n; i++) {
            if (op == BinaryOp.POW) { a[i] = Math.abs(a[i]) + 0.2; b[i] *= 1.5; }
            if (op == BinaryOp.DIV) b[i] = Math.copySign(Math.abs(b[i]) + 0.5, b[i]);
            if (i % 3 == 0 && op != BinaryOp.POW && op != BinaryOp.DIV) b[i] = a[i];
        }
        return new double[][]{a, b};
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void binaryOpsSameShape(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        Random r = new Random(2);
        for (BinaryOp op : BinaryOp.values()) {
            double[][] ab = operands(op, r, 4 * 29);
            Pair a = pair(dev, ab[0], dt, 4, 29), b = pair(dev, ab[1], dt, 4, 29);
            assertClose("binary " + op, dev.binary(op, a.dev(), b.dev()), CPU.binary(op, a.cpu(), b.cpu()));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void binaryBroadcasting(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        Random r = new Random(3);
        int[][][] cases = {
            {{3, 1, 5}, {4, 1}},      // -> (3, 4, 5), both sides broadcast
            {{2, 3}, {}},             // scalar right
            {{}, {2, 3}},             // scalar left
            {{6, 1}, {1, 7}},         // outer product shape
            {{5}, {2, 4, 5}},         // missing leading axes
            {{2, 1, 3, 1}, {1, 4, 1, 2}},
        };
        for (int[][] c : cases) {
            for (BinaryOp op : new BinaryOp[]{BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.POW, BinaryOp.MAX, BinaryOp.GT}) {
                double[][] ab = operands(op, r, Math.max(size(c[0]), size(c[1])));
                double[] av = java.util.Arrays.copyOf(ab[0], size(c[0])), bv = java.util.Arrays.copyOf(ab[1], size(c[1]));
                Pair a = pair(dev, av, dt, c[0]), b = pair(dev, bv, dt, c[1]);
                assertClose("bcast " + op + " " + java.util.Arrays.toString(c[0]) + "x" + java.util.Arrays.toString(c[1]),
                        dev.binary(op, a.dev(), b.dev()), CPU.binary(op, a.cpu(), b.cpu()));
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void whereBroadcasting(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        Random r = new Random(4);
        double[] cv = new double[4 * 1 * 6];
        for (int i = 0; i < cv.length; i++) cv[i] = r.nextInt(3) == 0 ? 0 : r.nextGaussian();
        Pair c = pair(dev, cv, dt, 4, 1, 6), a = randn(dev, r, dt, 3, 1), b = randn(dev, r, dt, 4, 3, 6);
        assertClose("where (4,1,6) (3,1) (4,3,6)", dev.where(c.dev(), a.dev(), b.dev()), CPU.where(c.cpu(), a.cpu(), b.cpu()));
        Pair s = pair(dev, new double[]{0.0}, dt);
        assertClose("where scalar cond", dev.where(s.dev(), a.dev(), b.dev()), CPU.where(s.cpu(), a.cpu(), b.cpu()));
        // condition in the other dtype
        DType other = dt == DType.F32 ? DType.F64 : DType.F32;
        if (other == DType.F32 || dev.supportsF64()) {
            Pair c2 = pair(dev, cv, other, 4, 1, 6);
            assertClose("where cond " + other, dev.where(c2.dev(), a.dev(), b.dev()), CPU.where(c2.cpu(), a.cpu(), b.cpu()));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void affine(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        Pair x = randn(dev, new Random(5), dt, 7, 11);
        assertClose("affine", dev.affine(x.dev(), -1.75, 0.3), CPU.affine(x.cpu(), -1.75, 0.3));
        assertClose("affine tensor api", x.dev().mul(2.5).add(1.0), x.cpu().mul(2.5).add(1.0));
    }
}
