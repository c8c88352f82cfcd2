package org.jnequip.dist;

/**
 * Splits items (frames, in order) into contiguous shards of about equal weight (e.g. atoms), one per rank:
 * item k, which starts at s_k = Σ_{j<k} w_j, goes to shard ⌊(s_k + w_k/2)·P / W⌋ (W = Σ w, P shards), so
 * shard boundaries fall where the running weight crosses multiples of W/P. Concatenating the shards in rank
 * order gives the items in their original order. With all weights zero the items are split by count.
 */
public final class Shards {
    private Shards() {}

    /** Bounds (P + 1): shard r holds items [bounds[r], bounds[r + 1]). Shards may be empty. */
    public static int[] contiguous(long[] weights, int parts) {
        if (parts < 1) throw new IllegalArgumentException("shards: need at least one part, got " + parts);
        long total = 0;
        for (int k = 0; k < weights.length; k++) {
            if (weights[k] < 0) throw new IllegalArgumentException("shards: item " + k + " has negative weight " + weights[k]);
            total += weights[k];
        }
        int[] bounds = new int[parts + 1];
        long start = 0;
        int shard = 0;
        for (int k = 0; k < weights.length; k++) {
            long w = total == 0 ? 1 : weights[k], all = total == 0 ? weights.length : total;
            int p = (int) Math.min(parts - 1, (2 * start + w) * parts / (2 * all));
            while (shard < p) bounds[++shard] = k;
            start += w;
        }
        while (shard < parts) bounds[++shard] = weights.length;
        return bounds;
    }

    /** The bounds of shard {@code rank} of {@code ranks}, weighted: {from, to}. */
    public static int[] of(long[] weights, int rank, int ranks) {
        int[] b = contiguous(weights, ranks);
        return new int[]{b[rank], b[rank + 1]};
    }
}
