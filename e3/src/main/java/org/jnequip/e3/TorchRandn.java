package org.jnequip.e3;

/**
 * Bit-for-bit reproduction of {@code torch.randn(n, generator=torch.Generator('cpu').manual_seed(seed),
 * dtype=torch.float64)} for n ≥ 16 (torch's contiguous CPU {@code normal_fill} path), used by
 * {@link Normalize2Mom}. Steps:
 * <ol>
 *   <li>MT19937 seeded by init_genrand(seed);</li>
 *   <li>n uniforms d = (((w1 &lt;&lt; 32) | w2) &amp; (2^53−1)) · 2^−53 from two 32-bit words, first word high;</li>
 *   <li>Box–Muller on blocks of 16: u1 = 1 − d[j], u2 = d[j+8], r = √(−2 ln u1), θ = 2π·u2,
 *       d[j] = r cos θ, d[j+8] = r sin θ (j = 0..7);</li>
 *   <li>if n mod 16 ≠ 0, the last 16 entries are redrawn (16 fresh uniforms) and transformed again.</li>
 * </ol>
 * Results agree with torch up to the last-ulp differences between Java's and glibc's log/cos/sin.
 */
final class TorchRandn {
    private TorchRandn() {}

    static double[] randn(int n, long seed) {
        if (n < 16) throw new IllegalArgumentException("TorchRandn: only the n >= 16 path is reproduced, got n=" + n);
        Mt19937 mt = new Mt19937((int) seed);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = mt.uniform53();
        for (int i = 0; i + 16 <= n; i += 16) boxMuller16(d, i);
        if (n % 16 != 0) {
            for (int i = n - 16; i < n; i++) d[i] = mt.uniform53();
            boxMuller16(d, n - 16);
        }
        return d;
    }

    private static void boxMuller16(double[] d, int o) {
        for (int j = 0; j < 8; j++) {
            double u1 = 1 - d[o + j], u2 = d[o + j + 8];
            double r = Math.sqrt(-2 * Math.log(u1)), theta = 2.0 * Math.PI * u2;
            d[o + j] = r * Math.cos(theta);
            d[o + j + 8] = r * Math.sin(theta);
        }
    }

    /** The 32-bit Mersenne Twister (Matsumoto–Nishimura), init_genrand seeding. */
    static final class Mt19937 {
        private static final int N = 624, M = 397, MATRIX_A = 0x9908b0df, UPPER = 0x80000000, LOWER = 0x7fffffff;
        private final int[] mt = new int[N];
        private int mti;

        Mt19937(int seed) {
            mt[0] = seed;
            for (int i = 1; i < N; i++) mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
            mti = N;
        }

        /** Next 32-bit output (as an int; use Integer.toUnsignedLong for the value). */
        int next() {
            if (mti >= N) {
                for (int k = 0; k < N; k++) {
                    int y = (mt[k] & UPPER) | (mt[(k + 1) % N] & LOWER);
                    mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
                }
                mti = 0;
            }
            int y = mt[mti++];
            y ^= y >>> 11;
            y ^= (y << 7) & 0x9d2c5680;
            y ^= (y << 15) & 0xefc60000;
            y ^= y >>> 18;
            return y;
        }

        /** torch's uniform_real for double: 53 low bits of (first << 32 | second), times 2^−53. */
        double uniform53() {
            long hi = Integer.toUnsignedLong(next()), lo = Integer.toUnsignedLong(next());
            return (((hi << 32) | lo) & ((1L << 53) - 1)) * 0x1.0p-53;
        }
    }
}
