package org.jnequip.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.jnequip.autograd.Var;
import org.jnequip.dist.Comm;
import org.jnequip.dist.Datatype;
import org.jnequip.dist.FusedBuffer;
import org.jnequip.dist.ReduceOp;
import org.jnequip.dist.SumOrder;
import org.jnequip.nequip.model.SpeedHarness;
import org.jnequip.tensor.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mpirun -np N jnequip bench-allreduce}: time of summing one training step's gradients over the ranks,
 * for the parameter tensors of a model of the given size (as {@code bench} builds it): one fused call for all
 * tensors (MPI_Allreduce, and the rank-order sum), one call per tensor, and packing the gradient arrays into
 * the fused buffer and back. Each figure is the median over calls of the slowest rank's time, every call
 * started together after a barrier.
 */
@Command(name = "bench-allreduce", mixinStandardHelpOptions = true,
        description = {"Time the gradient all-reduce of a model of the given size over the MPI ranks",
                "(run under mpirun; alone it times a world of one process). The last line printed is JSON."})
final class BenchAllreduceCommand implements Callable<Integer> {
    @Mixin ModelSize size;
    @Option(names = "--dtype", defaultValue = "float32", description = "gradient type, float32 or float64 (default ${DEFAULT-VALUE})") String dtype;
    @Option(names = "--calls", defaultValue = "200", description = "timed calls of each kind (default ${DEFAULT-VALUE})") int calls;
    @Option(names = "--warmup", defaultValue = "50", description = "untimed calls of each kind first (default ${DEFAULT-VALUE})") int warmup;

    @Override
    public Integer call() {
        if (calls < 1 || warmup < 0) throw new IllegalArgumentException("--calls must be >= 1 and --warmup >= 0");
        DType dt = DType.parse(dtype);
        Comm comm = Comm.world();
        PrintStream out = comm.isRoot() ? System.out : new PrintStream(OutputStream.nullOutputStream());
        SpeedHarness.Setup su = SpeedHarness.setup(size.options(dt, 1, 0, 0, 0, null, false), out);
        long[] lengths = su.model.parameters().values().stream().mapToLong(v -> v.value().numel()).toArray();
        Datatype type = dt == DType.F64 ? Datatype.FLOAT64 : Datatype.FLOAT32;
        FusedBuffer g = FusedBuffer.of(type, lengths);
        List<double[]> grads = new ArrayList<>();
        for (Var v : su.model.parameters().values()) grads.add(v.value().toDoubleArray());
        out.printf("%s; %d parameter tensors, %d %s values (%.2f MB)%n", comm.describe(), lengths.length, g.length(), type, g.segment().byteSize() / 1e6);

        double fusedMpi = time(comm, () -> g.sum(comm, SumOrder.MPI));
        double fusedRanks = time(comm, () -> g.sum(comm, SumOrder.RANKS));
        double perTensor = time(comm, () -> {
            for (int i = 0; i < g.parts(); i++) comm.sum(g.part(i), type, SumOrder.MPI);
        });
        double pack = time(comm, () -> {
            for (int i = 0; i < g.parts(); i++) g.put(i, grads.get(i));
            for (int i = 0; i < g.parts(); i++) g.get(i, grads.get(i));
        });
        out.println(Fmt.f("fused, MPI_Allreduce        %9.1f µs", fusedMpi * 1e6));
        out.println(Fmt.f("fused, sum in rank order    %9.1f µs", fusedRanks * 1e6));
        out.println(Fmt.f("one call per tensor (%3d)   %9.1f µs", g.parts(), perTensor * 1e6));
        out.println(Fmt.f("pack + unpack the arrays    %9.1f µs", pack * 1e6));
        out.println(Fmt.f("{\"ranks\": %d, \"tensors\": %d, \"values\": %d, \"dtype\": \"%s\", \"fused_mpi_s\": %.4g, \"fused_ranks_s\": %.4g, "
                + "\"per_tensor_s\": %.4g, \"pack_unpack_s\": %.4g}", comm.size(), g.parts(), g.length(), dtype, fusedMpi, fusedRanks, perTensor, pack));
        comm.finish();
        return 0;
    }

    /** Median over calls of the slowest rank's time; every call starts after a barrier. */
    private double time(Comm comm, Runnable op) {
        for (int k = 0; k < warmup; k++) op.run();
        double[] t = new double[calls];
        for (int k = 0; k < calls; k++) {
            comm.barrier();
            long t0 = System.nanoTime();
            op.run();
            t[k] = (System.nanoTime() - t0) * 1e-9;
        }
        double[] slowest = comm.reduce(t, ReduceOp.MAX);
        Arrays.sort(slowest);
        return slowest[calls / 2];
    }
}
