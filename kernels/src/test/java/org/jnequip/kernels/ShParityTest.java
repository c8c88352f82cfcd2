package org.jnequip.kernels;

import static org.jnequip.kernels.Devices.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Spherical harmonics on the device vs CpuBackend for lmax 0..7 (explicit l <= 3, CG recursion above), plus an
 * independent identity: Σ_m P^l_m(v)² = (2l+1)|v|^{2l} for the homogeneous, component-normalised form.
 */
class ShParityTest {

    private static double[] vectors(Random r, int n) {
        double[] v = new double[3 * n];
        for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian() * 1.5;
        v[0] = v[1] = v[2] = 0;                                  // zero vector: P^l = 0 for l >= 1
        v[3] = 0; v[4] = 2.5; v[5] = 0;                          // on the y axis (zonal)
        return v;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void matchesCpu(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        Random r = new Random(11);
        int n = 41;
        Pair v = pair(dev, vectors(r, n), dt, n, 3);
        for (int lmax = 0; lmax <= 7; lmax++)
            assertClose("sh lmax=" + lmax, dev.sphericalHarmonics(v.dev(), lmax), CPU.sphericalHarmonics(v.cpu(), lmax));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("org.jnequip.kernels.Devices#cases")
    void componentNormIdentity(String device, DType dt) {
        DeviceBackend dev = require(device, dt);
        int n = 23, lmax = 6;
        double[] v = vectors(new Random(12), n);
        Tensor y = dev.sphericalHarmonics(dev.fromHost(v, dt, n, 3), lmax);
        double[] yh = y.toDoubleArray();
        double worst = 0;
        for (int e = 0; e < n; e++) {
            double r2 = v[3 * e] * v[3 * e] + v[3 * e + 1] * v[3 * e + 1] + v[3 * e + 2] * v[3 * e + 2];
            for (int l = 0; l <= lmax; l++) {
                double s = 0;
                for (int m = 0; m < 2 * l + 1; m++) s += yh[e * (lmax + 1) * (lmax + 1) + l * l + m] * yh[e * (lmax + 1) * (lmax + 1) + l * l + m];
                double want = (2 * l + 1) * Math.pow(r2, l);
                worst = Math.max(worst, Math.abs(s - want) / Math.max(1, want));
            }
        }
        System.out.printf("sh norm identity %s worst rel %.2e%n", dt, worst);
        assertTrue(worst < (dt == DType.F32 ? 1e-5 : 1e-12), "Σ P² = (2l+1)|v|^2l violated: " + worst);
    }
}
