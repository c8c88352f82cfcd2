package org.jnequip.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Tensor.matmul: all four transpose flags, batched × batched, batched × 2-D and 2-D × batched, against a float64
 * triple loop on explicitly transposed copies. Float32 uses Higham's bound γ_K·(|A|·|B|).
 */
class MatmulTest {

    /** op(A) (nb?, m, k) and op(B) (nb?, k, n); bA/bB say whether each operand is batched. */
    static void check(int nb, boolean bA, boolean bB, int m, int n, int k, boolean ta, boolean tb, Random r) {
        int na = bA ? nb : 1, nbb = bB ? nb : 1;
        double[] a = Ref.randomF32(r, na * m * k, -1, 1), b = Ref.randomF32(r, nbb * k * n, -1, 1);
        double[] e = Ref.matmul(nb, m, n, k, a, bA ? m * k : 0, b, bB ? k * n : 0);
        double[] scale = Ref.absMatmul(nb, m, n, k, a, bA ? m * k : 0, b, bB ? k * n : 0);
        // stored operands: transposed copies where the flag is set
        double[] as = ta ? Ref.transposeLast(a, na, m, k) : a, bs = tb ? Ref.transposeLast(b, nbb, k, n) : b;
        int[] aShape = ta ? new int[]{k, m} : new int[]{m, k}, bShape = tb ? new int[]{n, k} : new int[]{k, n};
        if (bA) aShape = Shape.concat(new int[]{nb}, aShape);
        if (bB) bShape = Shape.concat(new int[]{nb}, bShape);
        int[] outShape = bA || bB ? new int[]{nb, m, n} : new int[]{m, n};
        String what = Ref.str(aShape) + (ta ? "^T" : "") + " x " + Ref.str(bShape) + (tb ? "^T" : "");
        Tensor c = Tensor.of(as, aShape).matmul(Tensor.of(bs, bShape), ta, tb);
        assertArrayEquals(outShape, c.shape(), what);
        double g64 = 2 * k * 0x1p-53 / (1 - k * 0x1p-53), g32 = k * 0x1p-24 / (1 - k * 0x1p-24);
        double[] t64 = scale.clone(), t32 = scale.clone();
        for (int i = 0; i < scale.length; i++) { t64[i] = g64 * scale[i] + 1e-300; t32[i] = g32 * scale[i] + 1e-300; }
        Ref.assertWithin(e, c.toDoubleArray(), t64, what + " f64");
        Tensor c32 = Tensor.of(as, DType.F32, aShape).matmul(Tensor.of(bs, DType.F32, bShape), ta, tb);
        Ref.assertWithin(e, c32.toDoubleArray(), t32, what + " f32");
    }

    @Test
    void allTransposeFlagsBatchedAndShared() {
        Random r = new Random(11);
        int[][] mnk = {{3, 4, 5}, {1, 1, 1}, {17, 33, 9}, {40, 20, 64}, {6, 16, 1}};
        for (int[] s : mnk)
            for (int flags = 0; flags < 4; flags++) {
                boolean ta = (flags & 1) != 0, tb = (flags & 2) != 0;
                check(1, false, false, s[0], s[1], s[2], ta, tb, r);
                check(3, true, true, s[0], s[1], s[2], ta, tb, r);
                check(4, true, false, s[0], s[1], s[2], ta, tb, r);   // batched × shared 2-D
                check(2, false, true, s[0], s[1], s[2], ta, tb, r);   // shared 2-D × batched
            }
    }

    @Test
    void rank4BatchAndLargeSingle() {
        Random r = new Random(12);
        double[] a = Ref.randomF32(r, 2 * 3 * 4 * 5, -1, 1), b = Ref.randomF32(r, 2 * 3 * 5 * 6, -1, 1);
        Tensor c = Tensor.of(a, 2, 3, 4, 5).matmul(Tensor.of(b, 2, 3, 5, 6));
        assertArrayEquals(new int[]{2, 3, 4, 6}, c.shape());
        Ref.assertClose(Ref.matmul(6, 4, 6, 5, a, 20, b, 30), c.toDoubleArray(), 1e-14, 1e-13, "rank-4 batch");
        check(1, false, false, 130, 70, 90, false, false, r);   // parallel row strips
        check(1, false, false, 130, 70, 90, true, true, r);
    }

    @Test
    void zeroInnerDimensionGivesZeros() {
        Tensor c = Tensor.zeros(DType.F32, 3, 0).matmul(Tensor.zeros(DType.F32, 0, 4));
        assertArrayEquals(new double[12], c.toDoubleArray());
    }

    @Test
    void mismatchedShapesThrow() {
        Tensor a = Tensor.zeros(DType.F64, 2, 3), b = Tensor.zeros(DType.F64, 4, 5);
        assertThrows(IllegalArgumentException.class, () -> a.matmul(b));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(DType.F64, 2, 3, 4).matmul(Tensor.zeros(DType.F64, 3, 4, 5)));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(DType.F64, 3).matmul(Tensor.zeros(DType.F64, 3, 1)));
    }

    /** alpha·op(A)·op(B): the default scales A, B or the result (whichever is smallest); all three agree with alpha·C. */
    @Test
    void scaledProductScalesTheSmallestOperand() {
        Random r = new Random(12);
        int[][] amb = {{40, 3, 2}, {2, 3, 40}, {3, 40, 3}};   // (m, k, n): B smallest, A smallest, the result smallest
        for (int[] s : amb)
            for (boolean ta : new boolean[]{false, true}) {
                Tensor a = Tensor.of(Ref.randomF32(r, s[0] * s[1], -1, 1), ta ? new int[]{s[1], s[0]} : new int[]{s[0], s[1]});
                Tensor b = Tensor.of(Ref.randomF32(r, s[1] * s[2], -1, 1), s[1], s[2]);
                double[] want = a.matmul(b, ta, false).toDoubleArray();
                for (int i = 0; i < want.length; i++) want[i] *= -0.37;
                double[] got = a.matmul(b, ta, false, -0.37).toDoubleArray();
                for (int i = 0; i < want.length; i++) org.junit.jupiter.api.Assertions.assertEquals(want[i], got[i], 1e-14, "m,k,n " + java.util.Arrays.toString(s) + " ta " + ta);
            }
    }
}
