package org.jnequip.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.jnequip.tensor.Backend;
import org.jnequip.tensor.Backends;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Shared parity-test plumbing: the device backends under test (OpenCL, CUDA), skipping with the provider's
 * reason printed when one is unavailable, and the error measure
 * <pre>  relErr(got, want) = max_i |got_i − want_i| / max_i |want_i|   (NaN/Inf mismatches count as ∞) </pre>
 * Tolerances: float32 1e-5, float64 1e-12.
 */
final class Devices {
    private Devices() {}

    static final Backend CPU = Backends.cpu();

    /** (device, dtype) pairs for @MethodSource. */
    static Stream<Arguments> cases() {
        return Stream.of("opencl", "cuda").flatMap(d -> Stream.of(Arguments.of(d, DType.F32), Arguments.of(d, DType.F64)));
    }

    static Stream<String> names() { return Stream.of("opencl", "cuda"); }

    /** The backend, or a skipped test (reason printed) when it cannot run here or lacks fp64 for a float64 case. */
    static DeviceBackend require(String name, DType dt) {
        DeviceBackend b = require(name);
        if (dt == DType.F64 && !b.supportsF64()) skip(b.describe() + " has no fp64");
        return b;
    }

    static DeviceBackend require(String name) {
        Backends.Provider p = Backends.providers().stream().filter(q -> q.name().equals(name)).findFirst().orElse(null);
        String why = p == null ? "no provider named " + name + " on the class path" : p.unavailableReason();
        if (why != null) skip(why);
        return (DeviceBackend) p.create();
    }

    /**
     * A CPU reference result; skips (reason printed) while the CPU kernel itself is not implemented yet, so that
     * the device-vs-CPU comparison starts running as soon as it is.
     */
    static Tensor cpuOrSkip(java.util.function.Supplier<Tensor> reference) {
        try {
            return reference.get();
        } catch (UnsupportedOperationException e) {
            skip("CpuBackend reference not available: " + e.getMessage());
            return null;
        }
    }

    static Tensor[] cpuOrSkipAll(java.util.function.Supplier<Tensor[]> reference) {
        try {
            return reference.get();
        } catch (UnsupportedOperationException e) {
            skip("CpuBackend reference not available: " + e.getMessage());
            return null;
        }
    }

    private static void skip(String why) {
        System.out.println("[skipped] " + why);
        Assumptions.abort(why);
    }

    static double tol(DType dt) { return dt == DType.F32 ? 1e-5 : 1e-12; }

    static double relErr(double[] got, double[] want) {
        double num = 0, den = 0;
        for (int i = 0; i < want.length; i++) {
            if (Double.isFinite(want[i]) != Double.isFinite(got[i]) || (Double.isNaN(want[i]) != Double.isNaN(got[i]))) return Double.POSITIVE_INFINITY;
            if (!Double.isFinite(want[i])) {
                if (!Double.isNaN(want[i]) && want[i] != got[i]) return Double.POSITIVE_INFINITY;
                continue;
            }
            num = Math.max(num, Math.abs(got[i] - want[i]));
            den = Math.max(den, Math.abs(want[i]));
        }
        return den == 0 ? num : num / den;
    }

    /** Asserts same shape and dtype and relErr <= tol(dtype); prints the error. */
    static void assertClose(String what, Tensor got, Tensor want) { assertClose(what, got, want, tol(want.dtype())); }

    static void assertClose(String what, Tensor got, Tensor want, double tol) {
        assertArrayEquals(want.shape(), got.shape(), what + ": shape");
        assertEquals(want.dtype(), got.dtype(), what + ": dtype");
        double e = relErr(got.toDoubleArray(), want.toDoubleArray());
        System.out.printf("%-48s %s relErr=%.2e%n", what, want.dtype(), e);
        assertTrue(e <= tol, what + ": relErr " + e + " > " + tol);
    }

    static double[] uniform(Random r, int n, double lo, double hi) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = lo + (hi - lo) * r.nextDouble();
        return d;
    }

    static int size(int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        return n;
    }

    /** The same host values as a CPU tensor and a device tensor. */
    record Pair(Tensor cpu, Tensor dev) {}

    static Pair pair(Backend dev, double[] v, DType dt, int... shape) {
        return new Pair(CPU.fromHost(v, dt, shape), dev.fromHost(v, dt, shape));
    }

    static Pair randn(Backend dev, Random r, DType dt, int... shape) {
        double[] v = new double[size(shape)];
        for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian();
        return pair(dev, v, dt, shape);
    }
}
