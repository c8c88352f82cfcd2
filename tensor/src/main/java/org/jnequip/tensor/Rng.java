package org.jnequip.tensor;

/**
 * Seeded, counter-based random numbers: element i of a draw depends only on (seed, draw counter, i), so
 * results are identical across runs and thread counts. The state is two longs and can be saved and restored
 * (training checkpoints store it).
 */
public final class Rng {
    private long seed;
    private long counter;

    public Rng(long seed) { this.seed = seed; }

    public long seed() { return seed; }
    public long counter() { return counter; }

    /** Restores a state saved with {@link #seed()} and {@link #counter()}. */
    public void setState(long seed, long counter) { this.seed = seed; this.counter = counter; }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private long bits(long draw, long i) { return mix(mix(seed * 0x9E3779B97F4A7C15L + draw) + i * 0xD1B54A32D192ED03L); }

    /** Uniform in [0, 1) with 53 random bits. */
    private static double unit(long bits) { return (bits >>> 11) * 0x1.0p-53; }

    public double[] uniform(int n, double lo, double hi) {
        long draw = counter++;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = lo + (hi - lo) * unit(bits(draw, i));
        return out;
    }

    /** Standard normal samples by Box–Muller, one pair of uniforms per sample. */
    public double[] normal(int n) {
        long draw = counter++;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double u1 = 1.0 - unit(bits(draw, 2L * i)), u2 = unit(bits(draw, 2L * i + 1));
            out[i] = Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        }
        return out;
    }

    public Tensor normal(DType dtype, int... shape) { return Tensor.of(normal(Shape.numel(shape)), dtype, shape); }

    public Tensor uniform(DType dtype, double lo, double hi, int... shape) { return Tensor.of(uniform(Shape.numel(shape), lo, hi), dtype, shape); }

    /** A uniformly random permutation of 0..n-1 (Fisher–Yates on one draw). */
    public int[] permutation(int n) {
        long draw = counter++;
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = (int) Math.floorMod(bits(draw, i), (long) (i + 1));
            int t = p[i]; p[i] = p[j]; p[j] = t;
        }
        return p;
    }

    public double nextDouble() { return unit(bits(counter++, 0)); }

    public double nextGaussian() { return normal(1)[0]; }
}
