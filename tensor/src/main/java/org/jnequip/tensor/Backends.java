package org.jnequip.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import org.jnequip.tensor.cpu.CpuBackend;

/**
 * Finds backends: the CPU backend always, device backends (module {@code kernels}) through {@link ServiceLoader}.
 * Select one with {@link #get(String)}: "cpu", "cuda", "opencl".
 */
public final class Backends {
    private Backends() {}

    private static final CpuBackend CPU = new CpuBackend();

    public static Backend cpu() { return CPU; }

    /** A provider of a device backend, registered in META-INF/services/org.jnequip.tensor.Backends$Provider. */
    public interface Provider {
        /** "cuda" or "opencl". */
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
        if (n.equals("cpu")) return CPU;
        for (Provider p : providers()) {
            if (p.name().equals(n)) {
                String why = p.unavailableReason();
                if (why != null) throw new IllegalStateException(why);
                return p.create();
            }
        }
        throw new IllegalStateException("no backend named '" + name + "' (known: cpu"
                + providers().stream().map(p -> ", " + p.name()).reduce("", String::concat) + "); device backends need the jnequip-kernels jar on the class path");
    }
}
