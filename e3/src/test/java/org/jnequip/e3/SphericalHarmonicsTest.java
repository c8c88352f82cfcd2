package org.jnequip.e3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jnequip.tensor.Rng;
import org.junit.jupiter.api.Test;

/** The double-precision SH helper: normalisations, input normalisation, zero vector, errors. */
class SphericalHarmonicsTest {
    @Test
    void normalizationsOnTheSphere() {
        Rng rng = new Rng(3);
        double[] v = rng.normal(3 * 20);
        for (int l = 0; l <= 9; l++) {
            double[] c = SphericalHarmonics.values(l, v, true, "component"), n = SphericalHarmonics.values(l, v, true, "norm"),
                    i = SphericalHarmonics.values(l, v, true, "integral");
            int d = 2 * l + 1;
            for (int e = 0; e < 20; e++) {
                double sc = 0, sn = 0, si = 0;
                for (int m = 0; m < d; m++) { sc += c[e * d + m] * c[e * d + m]; sn += n[e * d + m] * n[e * d + m]; si += i[e * d + m] * i[e * d + m]; }
                assertEquals(d, sc, 1e-11 * d);
                assertEquals(1, sn, 1e-12);
                assertEquals(d / (4 * Math.PI), si, 1e-12 * d);
            }
        }
    }

    @Test
    void unnormalisedInputIsHomogeneous() {
        double[] v = {0.3, -1.2, 2.5}, w = {0.6, -2.4, 5.0};
        for (int l = 0; l <= 6; l++) {
            double[] a = SphericalHarmonics.values(l, v, false, "component"), b = SphericalHarmonics.values(l, w, false, "component"),
                    u = SphericalHarmonics.values(l, w, true, "component");
            double r = Math.sqrt(0.09 + 1.44 + 6.25);
            for (int m = 0; m < 2 * l + 1; m++) {
                assertEquals(Math.pow(2, l) * a[m], b[m], 1e-12 * Math.pow(2 * r, l));
                assertEquals(a[m] / Math.pow(r, l), u[m], 1e-12);
            }
        }
        double[] y1 = SphericalHarmonics.values(1, new double[]{0, 0, 2});
        assertEquals(Math.sqrt(3), y1[2], 1e-15);
    }

    @Test
    void zeroVectorAndErrors() {
        double[] y = SphericalHarmonics.all(3, new double[3], true, "component");
        assertEquals(1.0, y[0]);
        for (int i = 1; i < 16; i++) assertEquals(0.0, y[i], 0.0);
        assertThrows(IllegalArgumentException.class, () -> SphericalHarmonics.values(1, new double[4]));
        assertThrows(IllegalArgumentException.class, () -> SphericalHarmonics.values(1, new double[]{0, Double.NaN, 1}));
        assertThrows(IllegalArgumentException.class, () -> SphericalHarmonics.values(1, new double[3], true, "foo"));
        assertThrows(IllegalArgumentException.class, () -> SphericalHarmonics.values(-1, new double[3]));
    }
}
