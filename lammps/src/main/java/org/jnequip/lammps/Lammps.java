package org.jnequip.lammps;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * One LAMMPS instance opened with {@code lammps_open_no_mpi} (a single rank): commands, the box, per-atom
 * arrays, computes and the {@code fix external} hooks. Not thread-safe; use it from the thread that opened it
 * (LAMMPS calls fix external's callback on that thread, inside {@link #command}).
 *
 * <p>Errors: when the library was built with exceptions ({@link Liblammps#hasExceptions()}), a failed command
 * throws {@link LammpsException} with LAMMPS's message. Without them (Debian's 2021 package), LAMMPS prints its
 * message and ends the process with status 1; {@code jnequip lammps} therefore runs LAMMPS in a worker process.
 */
public final class Lammps implements AutoCloseable {
    private final Liblammps lib;
    private final boolean exceptions;
    private final int tagBytes;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment lo = arena.allocate(JAVA_DOUBLE, 3), hi = arena.allocate(JAVA_DOUBLE, 3),
            xy = arena.allocate(JAVA_DOUBLE), yz = arena.allocate(JAVA_DOUBLE), xz = arena.allocate(JAVA_DOUBLE),
            periodic = arena.allocate(JAVA_INT, 3), changed = arena.allocate(JAVA_INT), virial = arena.allocate(JAVA_DOUBLE, 6);
    private MemorySegment handle;

    private Lammps(Liblammps lib, MemorySegment handle) {
        this.lib = lib;
        this.handle = handle;
        this.exceptions = lib.hasExceptions();
        this.tagBytes = setting("tagint");
    }

    /** Opens an instance; {@code args} are LAMMPS's command-line arguments (e.g. {@code -log none -var T 300}). */
    public static Lammps open(Liblammps lib, List<String> args) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment argv = a.allocate(ADDRESS, args.size() + 2);
            argv.setAtIndex(ADDRESS, 0, a.allocateFrom("jnequip"));
            for (int i = 0; i < args.size(); i++) argv.setAtIndex(ADDRESS, i + 1, a.allocateFrom(args.get(i)));
            MemorySegment h = (MemorySegment) lib.open.invokeExact(args.size() + 1, argv, MemorySegment.NULL);
            if (h.equals(MemorySegment.NULL)) throw new IllegalStateException(lib.path() + ": LAMMPS could not open an instance");
            return new Lammps(lib, h);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public Liblammps library() { return lib; }

    /** Runs one command (variables substituted by LAMMPS); throws LAMMPS's error when the library reports errors. */
    public void command(String cmd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment unused = (MemorySegment) lib.command.invokeExact(handle(), a.allocateFrom(cmd));
            if (exceptions && (int) lib.hasError.invokeExact(handle) != 0) {
                MemorySegment buf = a.allocate(2048);
                int kind = (int) lib.lastError.invokeExact(handle, buf, 2048);
                throw new LammpsException(buf.getString(0).strip(), kind == 2);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The simulation box now. */
    public LammpsBox box() {
        try {
            lib.extractBox.invokeExact(handle(), lo, hi, xy, yz, xz, periodic, changed);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        return new LammpsBox(lo.toArray(JAVA_DOUBLE), hi.toArray(JAVA_DOUBLE), xy.get(JAVA_DOUBLE, 0), yz.get(JAVA_DOUBLE, 0),
                xz.get(JAVA_DOUBLE, 0), new boolean[]{periodic.getAtIndex(JAVA_INT, 0) != 0, periodic.getAtIndex(JAVA_INT, 1) != 0,
                periodic.getAtIndex(JAVA_INT, 2) != 0});
    }

    /** An integer setting of {@code lammps_extract_setting}: "nlocal", "ntypes", "tagint" (bytes), "bigint", ... */
    public int setting(String name) {
        try (Arena a = Arena.ofConfined()) {
            return (int) lib.extractSetting.invokeExact(handle(), a.allocateFrom(name));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The unit style ("metal", "real", "lj", ...). */
    public String units() {
        return global("units").reinterpret(64).getString(0);
    }

    /** A double of {@code lammps_extract_global}, e.g. "nktv2p", "dt". */
    public double globalDouble(String name) {
        return global(name).reinterpret(8).get(JAVA_DOUBLE, 0);
    }

    private MemorySegment global(String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = (MemorySegment) lib.extractGlobal.invokeExact(handle(), a.allocateFrom(name));
            if (p.equals(MemorySegment.NULL)) throw new IllegalStateException("LAMMPS has no global '" + name + "'");
            return p;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A per-atom array's base address ({@code lammps_extract_atom}): "x" and "f" are double**, "type" int*, "id" tagint*. */
    public MemorySegment atomArray(String name) {
        try (Arena a = Arena.ofConfined()) {
            return (MemorySegment) lib.extractAtom.invokeExact(handle(), a.allocateFrom(name));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Atom ids (tags) of the local atoms, (nlocal); tagint is 4 or 8 bytes depending on the build. */
    public long[] ids(MemorySegment ids, int nlocal) {
        if (tagBytes == 8) return ids.reinterpret(8L * nlocal).toArray(JAVA_LONG);
        int[] small = ids.reinterpret(4L * nlocal).toArray(JAVA_INT);
        long[] out = new long[nlocal];
        for (int i = 0; i < nlocal; i++) out[i] = small[i];
        return out;
    }

    /** A per-atom (N, 3) array ("x", "v", "f") of all local atoms, rows in id order. */
    public double[] atomVectors(String name) {
        int n = setting("nlocal");
        long[] id = ids(atomArray("id"), n);
        Integer[] byId = new Integer[n];
        for (int i = 0; i < n; i++) byId[i] = i;
        java.util.Arrays.sort(byId, (a, b) -> Long.compare(id[a], id[b]));
        double[] local = new double[3 * n], out = new double[3 * n];
        ExternalForces.readRows(atomArray(name).reinterpret(8L * n), n, local);
        for (int s = 0; s < n; s++) System.arraycopy(local, 3 * byId[s], out, 3 * s, 3);
        return out;
    }

    /** A global scalar (style 0, type 0) or vector (type 1, first n entries) of a compute, e.g. "thermo_pe". */
    public double[] compute(String id, boolean vector, int n) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = (MemorySegment) lib.extractCompute.invokeExact(handle(), a.allocateFrom(id), 0, vector ? 1 : 0);
            if (p.equals(MemorySegment.NULL)) throw new IllegalStateException("LAMMPS has no global " + (vector ? "vector" : "scalar") + " compute '" + id + "'");
            return p.reinterpret(8L * n).toArray(JAVA_DOUBLE);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * The global virial W (eV) as LAMMPS tallies it, xx, yy, zz, xy, xz, yz, from a {@code compute ID all pressure
     * NULL virial}: LAMMPS reports P = W · nktv2p / V, so W = P V / nktv2p. The compute must have been evaluated on
     * the last step (e.g. listed in thermo_style).
     */
    public double[] virial(String pressureComputeId) {
        double[] p = compute(pressureComputeId, true, 6);
        double f = box().volume() / globalDouble("nktv2p");
        for (int k = 0; k < 6; k++) p[k] *= f;
        return p;
    }

    /**
     * The value of a string-style variable; used to let LAMMPS substitute {@code $x} / {@code ${name}} in one word
     * (the word is stored as a string variable, whose definition LAMMPS expands).
     */
    public String expand(String word) {
        if (word.indexOf('$') < 0) return word;
        command("variable jnequip_word string " + word);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = (MemorySegment) lib.extractVariable.invokeExact(handle(), a.allocateFrom("jnequip_word"), MemorySegment.NULL);
            String s = p.reinterpret(4096).getString(0);
            command("variable jnequip_word delete");
            return s;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Registers {@code callback} (an upcall stub) with the fix external of that id. */
    public void setFixExternalCallback(String fixId, MemorySegment callback) {
        try (Arena a = Arena.ofConfined()) {
            lib.setCallback.invokeExact(handle(), a.allocateFrom(fixId), callback, MemorySegment.NULL);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The fix's energy (eV in metal units); call it from the callback. */
    public void setFixExternalEnergy(MemorySegment fixId, double energy) {
        try {
            lib.setEnergy.invokeExact(handle(), fixId, energy);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The fix's virial xx, yy, zz, xy, xz, yz (eV); call it from the callback (LAMMPS keeps it on steps that tally it). */
    public void setFixExternalVirial(MemorySegment fixId, double[] v6) {
        MemorySegment.copy(v6, 0, virial, JAVA_DOUBLE, 0, 6);
        try {
            lib.setVirial.invokeExact(handle(), fixId, virial);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Makes the current run stop before its next step (and later runs not start). */
    public void forceTimeout() {
        try {
            lib.forceTimeout.invokeExact(handle());
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private MemorySegment handle() {
        if (handle == null) throw new IllegalStateException("LAMMPS instance is closed");
        return handle;
    }

    @Override
    public void close() {
        if (handle == null) return;
        try {
            lib.close.invokeExact(handle);
        } catch (Throwable t) {
            throw rethrow(t);
        } finally {
            handle = null;
            arena.close();
        }
    }

    /**
     * Makes C's stdout line-buffered (it is block-buffered into a pipe), so that LAMMPS's screen output reaches a
     * reading process line by line, in order with Java's. Call it before LAMMPS writes anything. False where the
     * C library does not expose {@code stdout} by that name.
     */
    public static boolean lineBufferedStdout() {
        Linker linker = Linker.nativeLinker();
        var stdout = linker.defaultLookup().find("stdout");
        var setvbuf = linker.defaultLookup().find("setvbuf");
        if (stdout.isEmpty() || setvbuf.isEmpty()) return false;
        try {
            MemorySegment file = stdout.get().reinterpret(ADDRESS.byteSize()).get(ADDRESS, 0);
            MethodHandle h = linker.downcallHandle(setvbuf.get(), FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG));
            return (int) h.invokeExact(file, MemorySegment.NULL, 1 /* _IOLBF */, 0L) == 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Unchecked as is; anything else (a downcall declares Throwable) wrapped. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) throw r;
        if (t instanceof Error e) throw e;
        throw new IllegalStateException(t.toString(), t);
    }
}
