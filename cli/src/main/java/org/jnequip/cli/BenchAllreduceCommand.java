package org.jnequip.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.jnequip.autograd.NamedWeight;
import org.jnequip.autograd.Var;
import org.jnequip.dist.Comm;
import org.jnequip.dist.Datatype;
import org.jnequip.dist.FusedBuffer;
import org.jnequip.dist.ReduceOp;
import org.jnequip.dist.SumOrder;
import org.jnequip.bench.SpeedHarness;
import org.jnequip.tensor.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mpirun -np N jnequip bench-allreduce}: time of summing one training step's gradients over the ranks,
 * for the parameter tensors of a model of the given size (as {@code bench} builds it): one fused call for all
 * tensors (MPI_Allreduce, and the rank-order sum), one call per tensor, and packing the gradient arrays into
 * the fused buffer and back. Each figure is the median (and the fastest) over calls of the slowest rank's
 * time; the kinds take turns call by call and every call starts after a barrier.
 */
@Command(name = "bench-allreduce", mixinStandardHelpOptions = true,
        description = {"Time the gradient all-reduce of a model over the MPI ranks.", "",
                "The model is a random one of the given size, as bench builds it. Run it",
                "under mpirun; alone it times a world of one process. The last line printed",
                "is JSON."})
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
        List<Var> params = NamedWeight.trainableVars(su.model.weights());
        long[] lengths = params.stream().mapToLong(v -> v.value().numel()).toArray();
        Datatype type = dt == DType.F64 ? Datatype.FLOAT64 : Datatype.FLOAT32;
        FusedBuffer g = FusedBuffer.of(type, lengths);
        List<double[]> grads = new ArrayList<>();
        for (Var v : params) grads.add(v.value().toDoubleArray());
        out.printf("%s; %d parameter tensors, %d %s values (%.2f MB)%n", comm.describe(), lengths.length, g.length(), type, g.segment().byteSize() / 1e6);

        String[] names = {"fused_mpi", "fused_ranks", "per_tensor", "pack_unpack"};
        String[] labels = {"fused, MPI_Allreduce", "fused, sum in rank order", Fmt.f("one call per tensor (%d)", g.parts()), "pack + unpack the arrays"};
        Runnable[] ops = {
            () -> g.sum(comm, SumOrder.MPI),
            () -> g.sum(comm, SumOrder.RANKS),
            () -> {
                for (int i = 0; i < g.parts(); i++) comm.sum(g.part(i), type, SumOrder.MPI);
            },
            () -> {
                for (int i = 0; i < g.parts(); i++) g.put(i, grads.get(i));
                for (int i = 0; i < g.parts(); i++) g.get(i, grads.get(i));
            }};
        double[][] t = time(comm, ops);                                     // (op, {median, min})
        StringBuilder json = new StringBuilder(Fmt.f("{\"ranks\": %d, \"tensors\": %d, \"values\": %d, \"dtype\": \"%s\"", comm.size(), g.parts(), g.length(), dtype));
        out.println(Fmt.f("%-28s %12s %12s", "", "median", "fastest"));
        for (int o = 0; o < ops.length; o++) {
            out.println(Fmt.f("%-28s %9.1f µs %9.1f µs", labels[o], t[o][0] * 1e6, t[o][1] * 1e6));
            json.append(Fmt.f(", \"%s_s\": %.4g, \"%s_min_s\": %.4g", names[o], t[o][0], names[o], t[o][1]));
        }
        out.println(json.append('}'));
        comm.finish();
        return 0;
    }

    /**
     * Per op: {median, fastest} over calls of the slowest rank's time. The ops take turns call by call, so a
     * change in the machine's load affects them alike; every call starts after a barrier.
     */
    private double[][] time(Comm comm, Runnable[] ops) {
        for (int k = 0; k < warmup; k++) for (Runnable op : ops) op.run();
        double[] t = new double[ops.length * calls];                        // (op, call)
        for (int k = 0; k < calls; k++) {
            for (int o = 0; o < ops.length; o++) {
                comm.barrier();
                long t0 = System.nanoTime();
                ops[o].run();
                t[o * calls + k] = (System.nanoTime() - t0) * 1e-9;
            }
        }
        double[] slowest = comm.reduce(t, ReduceOp.MAX);
        double[][] r = new double[ops.length][];
        for (int o = 0; o < ops.length; o++) {
            double[] s = Arrays.copyOfRange(slowest, o * calls, (o + 1) * calls);
            Arrays.sort(s);
            r[o] = new double[]{s[calls / 2], s[0]};
        }
        return r;
    }
}
