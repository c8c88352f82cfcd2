package org.jnequip.dist;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Open MPI's C API ({@code libmpi.so.40}, Open MPI 4 and 5) bound through the Foreign Function and Memory API.
 * Handles are pointers in Open MPI: {@code MPI_COMM_WORLD}, {@code MPI_DOUBLE}, {@code MPI_SUM} ... are the
 * addresses of the exported objects {@code ompi_mpi_comm_world}, {@code ompi_mpi_double}, {@code ompi_mpi_op_sum};
 * {@code MPI_IN_PLACE} is {@code (void *) 1}. Every function returns {@code MPI_SUCCESS} (0) or an error code;
 * with the default error handler ({@code MPI_ERRORS_ARE_FATAL}) an error ends the job before it returns.
 */
final class OpenMpiLibrary {
    static final MemorySegment IN_PLACE = MemorySegment.ofAddress(1);
    static final int THREAD_SERIALIZED = 2;
    private static final int MAX_LIBRARY_VERSION_STRING = 256;

    final MemorySegment world;
    final MethodHandle initThread, initialized, finalized, commRank, commSize, allreduce, bcast, allgather, gatherv,
            barrier, abort, finalize, libraryVersion;
    private final SymbolLookup lib;

    private OpenMpiLibrary(SymbolLookup lib) {
        this.lib = lib;
        world = symbol("ompi_mpi_comm_world");
        initThread = fn("MPI_Init_thread", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS);   // (&argc, &argv, required, &provided)
        initialized = fn("MPI_Initialized", JAVA_INT, ADDRESS);                              // (&flag)
        finalized = fn("MPI_Finalized", JAVA_INT, ADDRESS);
        commRank = fn("MPI_Comm_rank", JAVA_INT, ADDRESS, ADDRESS);                          // (comm, &rank)
        commSize = fn("MPI_Comm_size", JAVA_INT, ADDRESS, ADDRESS);
        allreduce = fn("MPI_Allreduce", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS);    // (send, recv, count, type, op, comm)
        bcast = fn("MPI_Bcast", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);                    // (buf, count, type, root, comm)
        allgather = fn("MPI_Allgather", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS);  // (send, n, type, recv, n, type, comm)
        gatherv = fn("MPI_Gatherv", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS);
        // (send, n, type, recv, int counts[], int displs[], type, root, comm)
        barrier = fn("MPI_Barrier", JAVA_INT, ADDRESS);                                      // (comm)
        abort = fn("MPI_Abort", JAVA_INT, ADDRESS, JAVA_INT);                                // (comm, errorcode)
        finalize = fn("MPI_Finalize", JAVA_INT);
        libraryVersion = fn("MPI_Get_library_version", JAVA_INT, ADDRESS, ADDRESS);         // (char[256], &len)
    }

    /**
     * Loads libmpi: {@code path} if given (from {@code $JNEQUIP_MPI_LIB}), else {@code libmpi.so.40} or
     * {@code libmpi.so} wherever the dynamic linker finds them ({@code LD_LIBRARY_PATH}, the ld.so cache).
     */
    static OpenMpiLibrary load(String path) {
        SymbolLookup lib;
        if (path != null && !path.isBlank()) {
            if (!Files.isRegularFile(Path.of(path))) throw new IllegalStateException("JNEQUIP_MPI_LIB=" + path + ": no such file");
            lib = SymbolLookup.libraryLookup(Path.of(path), Arena.global());
        } else {
            lib = byName("libmpi.so.40");
            if (lib == null) lib = byName("libmpi.so");
            if (lib == null)
                throw new IllegalStateException("started by an MPI launcher, but libmpi.so.40 was not found by the dynamic linker; install Open MPI "
                        + "(Debian: apt-get install openmpi-bin) or set JNEQUIP_MPI_LIB to the path of its libmpi.so");
        }
        if (lib.find("ompi_mpi_comm_world").isEmpty())
            throw new IllegalStateException((path != null ? path : "libmpi") + " is not Open MPI (no symbol ompi_mpi_comm_world); JNequIP binds Open MPI's ABI");
        return new OpenMpiLibrary(lib);
    }

    private static SymbolLookup byName(String name) {
        try {
            return SymbolLookup.libraryLookup(name, Arena.global());
        } catch (IllegalArgumentException notFound) {
            return null;
        }
    }

    /** The predefined handle of a datatype or reduction. */
    MemorySegment symbol(String name) {
        return lib.find(name).orElseThrow(() -> new IllegalStateException("libmpi has no symbol " + name));
    }

    /** The library's version string ({@code MPI_Get_library_version}), first line. */
    String version() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(MAX_LIBRARY_VERSION_STRING + 1), len = a.allocate(JAVA_INT);
            check("MPI_Get_library_version", (int) libraryVersion.invokeExact(buf, len));
            return buf.getString(0).lines().findFirst().orElse("").strip();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void check(String what, int rc) {
        if (rc != 0) throw new IllegalStateException(what + " failed with MPI error code " + rc);
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }

    private MethodHandle fn(String name, MemoryLayout result, MemoryLayout... args) {
        MemorySegment f = lib.find(name).orElseThrow(() -> new IllegalStateException("libmpi has no function " + name));
        return Linker.nativeLinker().downcallHandle(f, FunctionDescriptor.of(result, args));
    }
}
