package org.jnequip.nequip.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

class EmaTest {
    @Test
    void followsTorchEmaWithNumUpdates() {
        Ema ema = new Ema(Map.of("w", Tensor.of(new double[]{0}, 1)), 0.99, true);
        double s = 0;
        for (int n = 1; n <= 200; n++) {
            double p = Math.sin(n);
            ema.update(Map.of("w", Tensor.of(new double[]{p}, 1)));
            double d = Math.min(0.99, (1.0 + n) / (10.0 + n));
            s -= (1 - d) * (s - p);
            assertEquals(s, ema.weights().get("w").item(), 1e-14, "update " + n);
        }
        assertEquals(200, ema.numUpdates());
    }

    @Test
    void fixedDecayAndDtypeOfWeights() {
        Ema ema = new Ema(Map.of("w", Tensor.of(new float[]{1f, 2f}, 2)), 0.5, false);
        ema.update(Map.of("w", Tensor.of(new float[]{3f, 2f}, 2)));
        Tensor w = ema.weights().get("w");
        assertEquals(DType.F32, w.dtype());
        assertArrayEquals(new double[]{2, 2}, w.toDoubleArray(), 0);
        assertEquals(DType.F64, ema.stateTensors().get("w").dtype());
    }

    @Test
    void restoreChecksNamesAndSizes() {
        Ema ema = new Ema(Map.of("w", Tensor.of(new double[]{1, 2}, 2)), 0.9, true);
        assertThrows(IllegalArgumentException.class, () -> ema.restore(Map.of(), 3));
        assertThrows(IllegalArgumentException.class, () -> ema.restore(Map.of("w", Tensor.of(new double[]{1}, 1)), 3));
        ema.restore(Map.of("w", Tensor.of(new double[]{5, 6}, 2)), 3);
        assertArrayEquals(new double[]{5, 6}, ema.weights().get("w").toDoubleArray(), 0);
        assertEquals(3, ema.numUpdates());
    }
}
