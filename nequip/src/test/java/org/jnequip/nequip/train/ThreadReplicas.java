package org.jnequip.nequip.train;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BinaryOperator;
import org.jnequip.tensor.Tensor;

/**
 * Test stand-in for MPI ranks: {@code size} replicas in threads of one JVM. A collective puts each replica's values
 * on a board, waits for all, combines them in rank order ((x₀ + x₁) + x₂ … as {@code SumOrder.RANKS} does) and waits
 * again before the board is reused. Shards split the items by count (the cli's ranks balance atoms with dist's
 * Shards; any contiguous split will do for the trainer). A replica that fails breaks the barrier, so the others
 * fail too instead of waiting.
 */
final class ThreadReplicas {
    private final int size;
    private final CyclicBarrier barrier;
    private final double[][] board;

    ThreadReplicas(int size) {
        this.size = size;
        this.barrier = new CyclicBarrier(size);
        this.board = new double[size][];
    }

    /** Replica {@code rank}'s view. */
    Replicas replica(int rank) {
        return new Replicas() {
            @Override public int rank() { return rank; }
            @Override public int size() { return size; }
            @Override public int[] shard(long[] weights) { return new int[]{weights.length * rank / size, weights.length * (rank + 1) / size}; }
            @Override public double[] sum(double[] values) { return combine(rank, values, Double::sum); }
            @Override public double[] max(double[] values) { return combine(rank, values, Math::max); }

            @Override
            public List<Tensor> sumStep(List<Tensor> gradients, double[] sums) {
                int n = sums.length;
                for (Tensor g : gradients) n += g.numel();
                double[] flat = new double[n];
                System.arraycopy(sums, 0, flat, 0, sums.length);
                int at = sums.length;
                for (Tensor g : gradients) {
                    double[] v = g.toDoubleArray();
                    System.arraycopy(v, 0, flat, at, v.length);
                    at += v.length;
                }
                double[] total = sum(flat);
                System.arraycopy(total, 0, sums, 0, sums.length);
                List<Tensor> out = new ArrayList<>(gradients.size());
                at = sums.length;
                for (Tensor g : gradients) {
                    out.add(g.backend().fromHost(java.util.Arrays.copyOfRange(total, at, at + g.numel()), g.dtype(), g.shape()));
                    at += g.numel();
                }
                return out;
            }
        };
    }

    /** Breaks the barrier: the other replicas' collectives fail (call when a replica's run fails). */
    void fail() { barrier.reset(); }

    private double[] combine(int rank, double[] values, BinaryOperator<Double> op) {
        board[rank] = values.clone();
        await();
        double[] out = board[0].clone();
        for (int r = 1; r < size; r++)
            for (int i = 0; i < out.length; i++) out[i] = op.apply(out[i], board[r][i]);
        await();
        return out;
    }

    private void await() {
        try {
            barrier.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException("another replica failed or never arrived: " + e, e);
        }
    }
}
