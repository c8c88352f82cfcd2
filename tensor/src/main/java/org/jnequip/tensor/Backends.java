package org.jnequip.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * Finds backends through {@link ServiceLoader}: the CPU backend ({@code tensor.cpu}, registered by this jar, so it
 * is always there) and device backends (module {@code kernels}). Select one with {@link #get(String)}: "cpu",
 * "cuda", "opencl". The API never names an implementation class, so no package of the API depends on one.
 */
public final class Backends {
    private Backends() {}

    /** The one CPU backend, found on first use. */
    private static final class Cpu {
        static final Backend INSTANCE = load();

        private static Backend load() {
            for (Provider p : providers()) if (p.name().equals("cpu")) return p.create();
            throw new IllegalStateException("no CPU backend: META-INF/services/" + Provider.class.getName()
                    + " does not list org.jnequip.tensor.cpu.CpuProvider (a repackaged jar that dropped the service files?)");
        }
    }

    public static Backend cpu() { return Cpu.INSTANCE; }

    /** A provider of a backend, registered in META-INF/services/org.jnequip.tensor.Backends$Provider. */
    public interface Provider {
        /** "cpu", "cuda" or "opencl". */
        String name();

        /** Null when available, else the reason (e.g. "CUDA unavailable: libcuda.so.1 not found"). */
        String unavailableReason();

        Backend create();
    }

    public static List<Provider> providers() {
        List<Provider> out = new ArrayList<>();
        for (Provider p : ServiceLoader.load(Provider.class)) out.add(p);
        return out;
    }

    /** The backend of that name; throws IllegalStateException with the reason when it cannot be used. */
    public static Backend get(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("cpu")) return cpu();
        for (Provider p : providers()) {
            if (p.name().equals(n)) {
                String why = p.unavailableReason();
                if (why != null) throw new IllegalStateException(why);
                return p.create();
            }
        }
        throw new IllegalStateException("no backend named '" + name + "' (known: "
                + String.join(", ", providers().stream().map(Provider::name).toList()) + "); device backends need the jnequip-kernels jar on the class path");
    }
}
