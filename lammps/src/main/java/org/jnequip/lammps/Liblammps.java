package org.jnequip.lammps;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * LAMMPS's C library interface ({@code library.h}) bound through the Foreign Function and Memory API: the
 * calls JNequIP needs to run an input, read the box, atoms and computes back, and supply forces through
 * {@code fix external} in {@code pf/callback} mode (LAMMPS 29 Sep 2021 or newer).
 *
 * <p>Where the library comes from: an explicit path ({@code --liblammps}, or {@code $JNEQUIP_LIBLAMMPS}), else
 * the dynamic linker's search ({@code liblammps.so.0}, {@code liblammps.so}: {@code LD_LIBRARY_PATH} and the
 * system cache), else {@code $CONDA_PREFIX/lib} and the usual system folders. It stays loaded for the
 * life of the process (MPI inside it cannot be initialised twice).
 */
public final class Liblammps {
    /** How to get the library, for messages. */
    public static final String INSTALL_HINT = "install it (Debian/Ubuntu: apt-get install liblammps0; conda: conda install -c conda-forge lammps) "
            + "or give its path with --liblammps PATH or $JNEQUIP_LIBLAMMPS";

    final Path path;
    final MethodHandle open, close, command, extractBox, extractAtom, extractSetting, extractGlobal, extractCompute,
            extractVariable, free, setCallback, setEnergy, setVirial, hasError, lastError, hasExceptions, version, forceTimeout;

    private Liblammps(Path path, SymbolLookup lib) {
        this.path = path;
        open = bind(lib, "lammps_open_no_mpi", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        close = bind(lib, "lammps_close", FunctionDescriptor.ofVoid(ADDRESS));
        command = bind(lib, "lammps_command", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        extractBox = bind(lib, "lammps_extract_box", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        extractAtom = bind(lib, "lammps_extract_atom", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        extractSetting = bind(lib, "lammps_extract_setting", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        extractGlobal = bind(lib, "lammps_extract_global", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        extractCompute = bind(lib, "lammps_extract_compute", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT));
        extractVariable = bind(lib, "lammps_extract_variable", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        free = bind(lib, "lammps_free", FunctionDescriptor.ofVoid(ADDRESS));
        setCallback = bind(lib, "lammps_set_fix_external_callback", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        setEnergy = bind(lib, "lammps_fix_external_set_energy_global", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, JAVA_DOUBLE));
        setVirial = bind(lib, "lammps_fix_external_set_virial_global", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS));
        hasError = bind(lib, "lammps_has_error", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        lastError = bind(lib, "lammps_get_last_error_message", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        hasExceptions = bind(lib, "lammps_config_has_exceptions", FunctionDescriptor.of(JAVA_INT));
        version = bind(lib, "lammps_version", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        forceTimeout = bind(lib, "lammps_force_timeout", FunctionDescriptor.ofVoid(ADDRESS));
    }

    private MethodHandle bind(SymbolLookup lib, String name, FunctionDescriptor fd) {
        MemorySegment sym = lib.find(name).orElseThrow(() -> new IllegalArgumentException(path + ": not a usable LAMMPS library: it lacks "
                + name + " (JNequIP needs the fix external API of LAMMPS 29 Sep 2021 or newer)"));
        return Linker.nativeLinker().downcallHandle(sym, fd);
    }

    /** The library file in use. */
    public Path path() { return path; }

    /** True when LAMMPS reports errors to the caller; otherwise an error in the input ends the process (exit status 1). */
    public boolean hasExceptions() {
        try {
            return (int) hasExceptions.invokeExact() != 0;
        } catch (Throwable t) {
            throw Lammps.rethrow(t);
        }
    }

    /**
     * Loads LAMMPS.
     *
     * @param explicit a path given by the user, or null to look in the environment and the usual places
     * @param env      the process environment ({@code JNEQUIP_LIBLAMMPS}, {@code CONDA_PREFIX})
     */
    public static Liblammps load(Path explicit, Map<String, String> env) {
        if (explicit != null) return loadFile(explicit, "--liblammps");
        if (env.get("JNEQUIP_LIBLAMMPS") != null) return loadFile(Path.of(env.get("JNEQUIP_LIBLAMMPS")), "$JNEQUIP_LIBLAMMPS");
        List<String> names = List.of("liblammps.so.0", "liblammps.so", "liblammps.dylib");
        List<String> tried = new ArrayList<>(names);
        for (String name : names) {
            SymbolLookup lib = lookup(name);
            if (lib != null) return new Liblammps(Path.of(name), lib);
        }
        List<Path> dirs = new ArrayList<>();
        if (env.get("CONDA_PREFIX") != null) dirs.add(Path.of(env.get("CONDA_PREFIX"), "lib"));
        for (String d : List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib", "/opt/homebrew/lib"))
            dirs.add(Path.of(d));
        for (Path d : dirs)
            for (String name : names) {
                Path p = d.resolve(name);
                tried.add(p.toString());
                if (Files.isRegularFile(p)) return loadFile(p, "found");
            }
        throw new IllegalArgumentException("LAMMPS library not found (looked for " + String.join(", ", tried) + "); " + INSTALL_HINT);
    }

    /** Why LAMMPS cannot be loaded from the environment, or null when it can (for tests that skip without it). */
    public static String unavailableReason(Map<String, String> env) {
        try {
            load(null, env);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static Liblammps loadFile(Path file, String from) {
        if (!Files.exists(file)) throw new IllegalArgumentException(file + " (" + from + "): no such file");
        if (!Files.isReadable(file) || Files.isDirectory(file)) throw new IllegalArgumentException(file + " (" + from + "): not a readable file");
        SymbolLookup lib = lookup(file.toString());
        if (lib == null) throw new IllegalArgumentException(file + " (" + from + "): cannot be loaded as a shared library");
        return new Liblammps(file, lib);
    }

    /** dlopen by name or path; null when the dynamic linker refuses it. */
    private static SymbolLookup lookup(String nameOrPath) {
        try {
            return SymbolLookup.libraryLookup(nameOrPath, Arena.global());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
