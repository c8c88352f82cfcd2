package org.jnequip.cli;

import java.util.ArrayList;
import java.util.List;
import org.jnequip.dist.Comm;
import org.jnequip.dist.Datatype;
import org.jnequip.dist.FusedBuffer;
import org.jnequip.dist.ReduceOp;
import org.jnequip.dist.Shards;
import org.jnequip.dist.SumOrder;
import org.jnequip.nequip.train.Replicas;
import org.jnequip.tensor.Tensor;

/**
 * The trainer's {@link Replicas} over the ranks of an MPI world ({@code mpirun -np N jnequip train}): each rank
 * takes a contiguous shard of about equal atom count ({@link Shards}), and a training step's gradients and error
 * sums are added in one collective call:
 * <pre>
 *   flat = concat(g_0, g_1, …)   (P) on the gradients' backend, read to the host at once
 *   buffer = [ flat (P) | step sums (S) ]   FLOAT64 (a float32 model's gradients are widened: the sum of two floats
 *                                            in double, rounded back, is their float sum)
 *   buffer ← Σ_ranks buffer   in rank order, ((x₀ + x₁) + x₂) + …  (SumOrder.RANKS): the same bits on every rank
 *   g_i ← buffer's part i, written back to the backend at once
 * </pre>
 * With two ranks MPI_Allreduce would give the same bits (one addition per element); the rank order keeps every
 * rank's weights identical for any rank count, network or Open MPI build. A barrier before the sum separates the
 * time spent waiting for the slowest rank ({@link #waits}) from the sum's own ({@link #sums}: copies
 * and the collective); it costs microseconds on a step of milliseconds or more.
 */
final class RankReplicas implements Replicas {
    private final Comm comm;
    private FusedBuffer buffer;             // [gradients (P) | step sums (S)], made at the first step
    private final RecentTimes sumTimes = new RecentTimes(), waitTimes = new RecentTimes();

    RankReplicas(Comm comm) { this.comm = comm; }

    /** The world as replicas: the ranks of an mpirun, or one process ({@link Replicas#one()}) when there is one rank. */
    static Replicas of(Comm comm) { return comm.size() > 1 ? new RankReplicas(comm) : Replicas.one(); }

    @Override public int rank() { return comm.rank(); }
    @Override public int size() { return comm.size(); }
    @Override public int[] shard(long[] weights) { return Shards.of(weights, comm.rank(), comm.size()); }
    @Override public double[] sum(double[] values) { return comm.reduce(values, ReduceOp.SUM); }
    @Override public double[] max(double[] values) { return comm.reduce(values, ReduceOp.MAX); }

    @Override
    public List<Tensor> sumStep(List<Tensor> gradients, double[] sums) {
        long t0 = System.nanoTime();
        List<Tensor> flat = new ArrayList<>(gradients.size());
        for (Tensor g : gradients) flat.add(g.reshape(g.numel()));
        Tensor all = Tensor.concat(flat, 0);                                // (P)
        double[] host = all.toDoubleArray();
        if (buffer == null) buffer = FusedBuffer.of(Datatype.FLOAT64, host.length, sums.length);
        buffer.put(0, host);
        buffer.put(1, sums);
        long t1 = System.nanoTime();
        comm.barrier();
        long t2 = System.nanoTime();
        buffer.sum(comm, SumOrder.RANKS);
        buffer.get(0, host);
        buffer.get(1, sums);
        int[] starts = new int[gradients.size()], ends = new int[gradients.size()];
        for (int i = 0, at = 0; i < starts.length; i++) {
            starts[i] = at;
            ends[i] = at += gradients.get(i).numel();
        }
        Tensor[] parts = all.backend().fromHost(host, all.dtype(), host.length).split(0, starts, ends);
        List<Tensor> out = new ArrayList<>(parts.length);
        for (int i = 0; i < parts.length; i++) out.add(parts[i].reshape(gradients.get(i).shape()));
        sumTimes.add((System.nanoTime() - t0 - (t2 - t1)) * 1e-9);
        waitTimes.add((t2 - t1) * 1e-9);
        return out;
    }

    /** The times of the steps' sums (in {@link #sumStep}, the wait excepted). */
    RecentTimes sums() { return sumTimes; }

    /** The times spent waiting for the slowest rank before each sum. */
    RecentTimes waits() { return waitTimes; }
}
