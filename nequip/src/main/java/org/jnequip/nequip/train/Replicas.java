package org.jnequip.nequip.train;

import java.util.List;
import org.jnequip.tensor.Tensor;

/**
 * The copies of a model that train together, data-parallel: replica r of R takes a shard of every batch, and
 * the gradients of the shards are summed before every replica runs the same optimiser step. With each shard's
 * loss divided by the global batch's counts ({@link Loss}), the sum is the gradient of the global batch:
 * <pre>
 *   L = Σ_r L_r,   L_r = λ_E/B · Σ_{b ∈ shard r} e_b²  +  λ_F/(3N) · Σ_{i ∈ shard r} |ΔF_i/σ|²      (B frames, N atoms)
 *   ∂L/∂θ = Σ_r ∂L_r/∂θ
 * </pre>
 * Sums must give the same bits on every replica (then every replica holds the same weights, takes the same
 * decisions and may write the same files); replica 0 alone writes. Every replica calls the collective methods
 * ({@link #sumStep}, {@link #sum}, {@link #max}) in the same order. {@link #one()} is a single process; the
 * cli plugs in MPI ranks.
 */
public interface Replicas {
    /** This replica's index, 0 ≤ rank &lt; size. */
    int rank();

    int size();

    /** Replica 0 writes the run's files and reports progress. */
    default boolean writes() { return rank() == 0; }

    /** This replica's part [from, to) of items (frames, in order) with the given weights (atoms): contiguous, of about equal weight. */
    int[] shard(long[] weights);

    /**
     * One training step's sum over the replicas, in one collective call: the gradients (each on its backend, in
     * parameter order) come back summed as new tensors of the same shapes, backends and dtypes, and {@code sums}
     * (the step's loss and error sums) is summed in place.
     */
    List<Tensor> sumStep(List<Tensor> gradients, double[] sums);

    /** Element-wise sum over the replicas (metric sums and counts); a new array. */
    double[] sum(double[] values);

    /** Element-wise maximum over the replicas; a new array. */
    double[] max(double[] values);

    /** One process: it takes every batch whole, and every sum is the value itself. */
    static Replicas one() {
        return new Replicas() {
            @Override public int rank() { return 0; }
            @Override public int size() { return 1; }
            @Override public int[] shard(long[] weights) { return new int[]{0, weights.length}; }
            @Override public List<Tensor> sumStep(List<Tensor> gradients, double[] sums) { return gradients; }
            @Override public double[] sum(double[] values) { return values.clone(); }
            @Override public double[] max(double[] values) { return values.clone(); }
        };
    }
}
