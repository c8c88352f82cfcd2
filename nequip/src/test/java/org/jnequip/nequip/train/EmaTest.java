package org.jnequip.nequip.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.jnequip.autograd.NamedWeight;
import org.jnequip.autograd.Var;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Test;

class EmaTest {
    private static List<NamedWeight> param(Tensor t) { return List.of(new NamedWeight("w", Var.param(t))); }

    /** The average as {@link Ema#swapIn} shows it in the weights (then the trained values come back). */
    private static Tensor averaged(Ema ema, List<NamedWeight> p) {
        double[] before = p.get(0).var().value().toDoubleArray();
        Tensor avg;
        try (Ema.Swap s = ema.swapIn()) {
            avg = p.get(0).var().value().copy();
        }
        assertArrayEquals(before, p.get(0).var().value().toDoubleArray(), 0.0, "the trained weights come back bit for bit");
        return avg;
    }

    @Test
    void followsTorchEmaWithNumUpdates() {
        List<NamedWeight> p = param(Tensor.of(new double[]{0}, 1));
        Ema ema = new Ema(p, 0.99, true);
        double s = 0;
        for (int n = 1; n <= 200; n++) {
            double x = Math.sin(n);
            p.get(0).var().value().assign(Tensor.of(new double[]{x}, 1));      // what an optimiser step does
            ema.update();
            double d = Math.min(0.99, (1.0 + n) / (10.0 + n));
            s -= (1 - d) * (s - x);
            assertEquals(s, averaged(ema, p).item(), 1e-14, "update " + n);
        }
        assertEquals(200, ema.numUpdates());
    }

    @Test
    void fixedDecayAndDtypeOfWeights() {
        List<NamedWeight> p = param(Tensor.of(new float[]{1f, 2f}, 2));
        Ema ema = new Ema(p, 0.5, false);
        p.get(0).var().value().assign(Tensor.of(new float[]{3f, 2f}, 2));
        ema.update();
        Tensor w = averaged(ema, p);
        assertEquals(DType.F32, w.dtype());
        assertArrayEquals(new double[]{2, 2}, w.toDoubleArray(), 0);
        assertEquals(DType.F64, ema.stateTensors().get("w").dtype());
    }

    @Test
    void restoreChecksNamesAndSizes() {
        List<NamedWeight> p = param(Tensor.of(new double[]{1, 2}, 2));
        Ema ema = new Ema(p, 0.9, true);
        assertThrows(IllegalArgumentException.class, () -> ema.restore(Map.of(), 3));
        assertThrows(IllegalArgumentException.class, () -> ema.restore(Map.of("w", Tensor.of(new double[]{1}, 1)), 3));
        ema.restore(Map.of("w", Tensor.of(new double[]{5, 6}, 2)), 3);
        assertArrayEquals(new double[]{5, 6}, averaged(ema, p).toDoubleArray(), 0);
        assertEquals(3, ema.numUpdates());
    }
}
