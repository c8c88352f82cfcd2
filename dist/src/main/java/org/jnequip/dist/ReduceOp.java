package org.jnequip.dist;

/** Element-wise reductions over ranks, with the Open MPI symbols of their {@code MPI_Op} handles. */
public enum ReduceOp {
    SUM("ompi_mpi_op_sum"),
    MAX("ompi_mpi_op_max"),
    MIN("ompi_mpi_op_min");

    final String openMpiSymbol;

    ReduceOp(String openMpiSymbol) { this.openMpiSymbol = openMpiSymbol; }
}
