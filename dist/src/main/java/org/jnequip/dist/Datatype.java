package org.jnequip.dist;

import java.lang.foreign.MemorySegment;

/**
 * Element types of the buffers that {@link Comm} moves and reduces, with their size in bytes and the symbol
 * of the matching predefined datatype in Open MPI (its {@code MPI_Datatype} handles are addresses of these).
 */
public enum Datatype {
    FLOAT64(8, "ompi_mpi_double"),
    FLOAT32(4, "ompi_mpi_float"),
    INT64(8, "ompi_mpi_int64_t"),
    /** Raw bytes: moved (broadcast, gathered) but never reduced. */
    BYTE(1, "ompi_mpi_byte");

    /** Bytes per element. */
    public final int bytes;
    final String openMpiSymbol;

    Datatype(int bytes, String openMpiSymbol) {
        this.bytes = bytes;
        this.openMpiSymbol = openMpiSymbol;
    }

    /** Number of elements of this type in {@code buf}; rejects heap segments and sizes that are not a multiple. */
    long count(MemorySegment buf, String what) {
        if (!buf.isNative())
            throw new IllegalArgumentException(what + ": the buffer must be off-heap (allocated from an Arena), not a heap array");
        if (buf.byteSize() % bytes != 0)
            throw new IllegalArgumentException(what + ": " + buf.byteSize() + " bytes is not a whole number of " + name() + " elements");
        return buf.byteSize() / bytes;
    }
}
