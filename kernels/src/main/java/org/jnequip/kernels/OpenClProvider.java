package org.jnequip.kernels;

import org.jnequip.tensor.Backend;
import org.jnequip.tensor.Backends;

/**
 * ServiceLoader entry for "opencl". Availability is probed once: creating the backend loads the jocl native,
 * which needs the unversioned libOpenCL.so (Debian: ocl-icd-opencl-dev) and an ICD (e.g. pocl-opencl-icd).
 * Every failure, native link errors included, becomes "OpenCL unavailable: reason". The backend is shared.
 */
public final class OpenClProvider implements Backends.Provider {
    /** The probe's result, computed on first use (lazy, thread-safe class initialisation). */
    private static final class Probe {
        static final Object STATE = probe();   // OpenClBackend or String reason
    }

    @Override public String name() { return "opencl"; }

    @Override
    public String unavailableReason() { return Probe.STATE instanceof String why ? why : null; }

    @Override
    public Backend create() {
        Object s = Probe.STATE;
        if (s instanceof String why) throw new IllegalStateException(why);
        return (OpenClBackend) s;
    }

    private static Object probe() {
        try {
            return new OpenClBackend();
        } catch (Throwable t) {
            return "OpenCL unavailable: " + reason(t);
        }
    }

    static String reason(Throwable t) {
        String m = t.getMessage();
        String first = m == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + m.lines().findFirst().orElse("");
        return first.length() > 300 ? first.substring(0, 300) + "..." : first;
    }
}
