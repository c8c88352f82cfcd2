package org.jnequip.kernels;

import org.jnequip.tensor.Backend;
import org.jnequip.tensor.Backends;

/**
 * ServiceLoader entry for "cuda". Probed once: first the PTX resources (built by scripts/build-ptx.sh with
 * nvcc; the Maven build never needs nvcc), then the driver. Loading libJCudaDriver fails with an Error
 * (UnsatisfiedLinkError: libcuda.so.1) on machines without the NVIDIA driver, and later touches of the class
 * give NoClassDefFoundError, so the probe catches Throwable and memoises "CUDA unavailable: reason".
 */
public final class CudaProvider implements Backends.Provider {
    /** The probe's result, computed on first use (lazy, thread-safe class initialisation). */
    private static final class Probe {
        static final Object STATE = probe();   // CudaBackend or String reason
    }

    @Override public String name() { return "cuda"; }

    @Override
    public String unavailableReason() { return Probe.STATE instanceof String why ? why : null; }

    @Override
    public Backend create() {
        Object s = Probe.STATE;
        if (s instanceof String why) throw new IllegalStateException(why);
        return (CudaBackend) s;
    }

    /** A new CudaBackend, or "CUDA unavailable: reason" for any failure (never throws). */
    static Object loadDriver() {
        try {
            return new CudaBackend();
        } catch (Throwable t) {
            return "CUDA unavailable: " + OpenClProvider.reason(t);
        }
    }

    private static Object probe() {
        String missing = CudaDriver.missingPtx();
        if (missing != null) return "CUDA unavailable: no PTX resource built (run scripts/build-ptx.sh with nvcc; missing " + missing + ")";
        return loadDriver();
    }
}
