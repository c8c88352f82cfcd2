package org.jnequip.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import org.jnequip.tensor.Rng;
import org.junit.jupiter.api.Test;

/**
 * Lane sums in one fixed order: the same bits before and after the JIT compiles the caller (reduceLanes(ADD)
 * gives other bits once compiled on HotSpot, which made the float32 x2 gradient depend on warm-up).
 */
class SimdTest {

    /** The pairwise folds of {@link Simd#sumLanes}, in scalar code: a[i] += a[i ^ h] for h = n/2 … 1, then a[0]. */
    private static float folded(float[] a) {
        float[] v = a.clone();
        for (int h = v.length / 2; h >= 1; h /= 2) {
            float[] t = v.clone();
            for (int i = 0; i < v.length; i++) v[i] = t[i] + t[i ^ h];
        }
        return v[0];
    }

    private static double folded(double[] a) {
        double[] v = a.clone();
        for (int h = v.length / 2; h >= 1; h /= 2) {
            double[] t = v.clone();
            for (int i = 0; i < v.length; i++) v[i] = t[i] + t[i ^ h];
        }
        return v[0];
    }

    @Test
    void lanesSumInTheSameOrderInterpretedAndCompiled() {
        int nf = Simd.F.length(), nd = Simd.D.length();
        if (nf > 16 || nd > 8) return;                         // lane-by-lane there: nothing to compare with folds
        Rng rng = new Rng(4);
        int m = 200;
        float[][] fs = new float[m][nf];
        double[][] ds = new double[m][nd];
        for (int k = 0; k < m; k++) {                          // magnitudes 1 … 1e6: the order shows in the last bits
            for (int i = 0; i < nf; i++) fs[k][i] = (float) (rng.normal(1)[0] * Math.pow(10, (int) (rng.nextDouble() * 7)));
            for (int i = 0; i < nd; i++) ds[k][i] = rng.normal(1)[0] * Math.pow(10, (int) (rng.nextDouble() * 7));
        }
        int differ = 0;
        for (int rep = 0; rep < 300; rep++)                    // 60 000 calls: sumLanes gets compiled along the way
            for (int k = 0; k < m; k++) {
                float f = Simd.sumLanes(FloatVector.fromArray(Simd.F, fs[k], 0));
                double d = Simd.sumLanes(DoubleVector.fromArray(Simd.D, ds[k], 0));
                if (Float.floatToRawIntBits(f) != Float.floatToRawIntBits(folded(fs[k]))) differ++;
                if (Double.doubleToRawLongBits(d) != Double.doubleToRawLongBits(folded(ds[k]))) differ++;
            }
        assertEquals(0, differ, "lane sums that differ from the fixed folds");
    }
}
