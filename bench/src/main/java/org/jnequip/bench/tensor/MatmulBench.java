package org.jnequip.bench.tensor;

import java.util.concurrent.TimeUnit;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.cpu.MatMul;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * C(M,N) = A(M,K)·B(K,N): the SIMD register-blocked {@link MatMul#gemm} (multi-threaded) against the naive i-j-p
 * triple loop {@link MatMul#naive} (one thread), float32 and float64. Sizes: 256³ and the NequIP radial-MLP shape
 * 7300×64×64 (E edges × hidden × hidden, performance.md §2). GFLOP/s = 2·M·N·K / time: see {@link MatmulReport}.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar MatmulBench -wi 2 -i 3 -w 1s -r 1s}. A command-line
 * {@code -jvmArgsAppend} replaces the one below, so repeat {@code --add-modules=jdk.incubator.vector} in it (e.g. with
 * {@code -Djnequip.threads=1} for one core, or {@code -Djnequip.simd=false} for the scalar path).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class MatmulBench {
    /** "MxKxN". */
    @Param({"256x256x256", "7300x64x64"})
    public String size;

    @Param({"f32", "f64"})
    public String dtype;

    int m, k, n;
    float[] af, bf, cf;
    double[] ad, bd, cd;

    /** Parses "MxKxN" into {M, K, N}. */
    public static int[] mkn(String size) {
        String[] p = size.split("x");
        return new int[]{Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2])};
    }

    @Setup
    public void setup() {
        int[] s = mkn(size);
        m = s[0]; k = s[1]; n = s[2];
        Rng rng = new Rng(1);
        ad = rng.uniform(m * k, -1, 1);
        bd = rng.uniform(k * n, -1, 1);
        cd = new double[m * n];
        af = new float[ad.length];
        bf = new float[bd.length];
        cf = new float[m * n];
        for (int i = 0; i < ad.length; i++) af[i] = (float) ad[i];
        for (int i = 0; i < bd.length; i++) bf[i] = (float) bd[i];
    }

    @Benchmark
    public Object gemm() {
        if (dtype.equals("f32")) { MatMul.gemm(m, n, k, af, 0, bf, 0, cf, 0); return cf; }
        MatMul.gemm(m, n, k, ad, 0, bd, 0, cd, 0);
        return cd;
    }

    @Benchmark
    public Object naive() {
        if (dtype.equals("f32")) { MatMul.naive(m, n, k, af, bf, cf); return cf; }
        MatMul.naive(m, n, k, ad, bd, cd);
        return cd;
    }
}
