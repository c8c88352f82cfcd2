package org.jnequip.tensor.cpu;

/** Spherical-harmonics leaf kernels (filled in by the e3 work; see Backend#sphericalHarmonics). */
final class ShKernels {
    private ShKernels() {}

    static void forward(int lmax, int n, Object vec, Object out) {
        throw new UnsupportedOperationException("spherical harmonics kernel not implemented yet");
    }
}
