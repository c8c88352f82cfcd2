package org.jnequip.bench.e3;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.jnequip.autograd.GradMode;
import org.jnequip.autograd.Tape;
import org.jnequip.autograd.Var;
import org.jnequip.e3.SphericalHarmonics;
import org.jnequip.tensor.Backend;
import org.jnequip.tensor.Backends;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.Tensor;
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
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Real spherical harmonics Y^0..Y^3 (16 components) of 10⁵ edge vectors on the CPU backend, float32 and
 * float64:
 * <ul>
 *   <li>{@code kernel}: the backend primitive on raw vectors (homogeneous polynomials, no normalisation);</li>
 *   <li>{@code forward}: {@link SphericalHarmonics#forward} with normalize=true (NequIP's edge attributes),
 *       without recording, so normalisation ops plus the kernel;</li>
 *   <li>{@code forwardBackward}: the same with recording, then ∂(Σ Y·g)/∂v (the force path's SH part).</li>
 * </ul>
 * FLOP count (nominal, the kernel's arithmetic as written for l ≤ 3): l=1 3, l=2 20, l=3 30, so 53 flops per
 * vector. The JIT may fold some constant products, so the executed count can be lower. GFLOP/s in the table
 * = 53·E / time for every row; the rows differ in how much work surrounds the kernel. Bytes: 3 inputs +
 * 16 outputs per vector. Run: {@code java --add-modules=jdk.incubator.vector -cp bench/target/benchmarks.jar
 * org.jnequip.bench.e3.SphericalHarmonicsBench} (add {@code -Djnequip.threads=1 ... --cpu-time} for single-thread CPU time).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms2g", "-Xmx2g"})
public class SphericalHarmonicsBench {
    public static final int VECTORS = 100_000, LMAX = 3;
    public static final double FLOPS_PER_VECTOR = 53;

    @Param({"F32", "F64"})
    public String dtype;

    private Backend be;
    private Tensor vec, cot;

    @Setup
    public void setup() {
        be = Backends.cpu();
        Rng rng = new Rng(3);
        DType dt = DType.valueOf(dtype);
        vec = rng.normal(dt, VECTORS, 3);
        cot = rng.normal(dt, VECTORS, (LMAX + 1) * (LMAX + 1));
    }

    @Benchmark
    public Tensor kernel() { return be.sphericalHarmonics(vec, LMAX); }

    @Benchmark
    public Var forward() {
        try (var ng = GradMode.noGrad()) {
            return SphericalHarmonics.forward(Var.constant(vec), LMAX, true);
        }
    }

    @Benchmark
    public Var forwardBackward() {
        Var v = Var.param(vec);
        Var y = SphericalHarmonics.forward(v, LMAX, true);
        return Tape.grad(new Var[]{y}, new Var[]{v}, new Var[]{Var.constant(cot)}, false)[0];
    }

    /**
     * Without arguments: the JMH suite, briefly, then a table of vectors/s, GFLOP/s and GB/s. With
     * {@code --cpu-time} (run with {@code -Djnequip.threads=1}): each benchmark on the calling thread, best of 40
     * by thread CPU time after 20 warm-up calls, which stays meaningful on a machine shared with other jobs.
     */
    public static void main(String[] args) throws RunnerException {
        if (args.length > 0 && args[0].equals("--cpu-time")) {
            if (org.jnequip.tensor.cpu.Parallel.THREADS != 1) throw new IllegalStateException("--cpu-time needs -Djnequip.threads=1");
            var mx = java.lang.management.ManagementFactory.getThreadMXBean();
            header();
            for (String dt : new String[]{"F32", "F64"}) {
                SphericalHarmonicsBench b = new SphericalHarmonicsBench();
                b.dtype = dt;
                b.setup();
                for (String name : new String[]{"kernel", "forward", "forwardBackward"}) {
                    long best = Long.MAX_VALUE;
                    for (int it = 0; it < 60; it++) {
                        long t0 = mx.getCurrentThreadCpuTime();
                        Object r = switch (name) { case "kernel" -> b.kernel(); case "forward" -> b.forward(); default -> b.forwardBackward(); };
                        if (it >= 20) best = Math.min(best, mx.getCurrentThreadCpuTime() - t0);
                        if (r == null) throw new IllegalStateException();
                    }
                    row(dt, name, best / 1e6);
                }
            }
            return;
        }
        Collection<RunResult> res = new Runner(new OptionsBuilder().include(SphericalHarmonicsBench.class.getName())
                .warmupIterations(2).measurementIterations(3).forks(1).build()).run();
        header();
        for (RunResult r : res)
            row(r.getParams().getParam("dtype"), r.getParams().getBenchmark().replaceAll(".*\\.", ""), r.getPrimaryResult().getScore());
    }

    private static void header() {
        System.out.printf("%n%-5s %-16s %10s %12s %9s %9s%n", "dtype", "bench", "ms/op", "Mvectors/s", "GFLOP/s", "GB/s");
    }

    private static void row(String dt, String name, double ms) {
        double bytes = VECTORS * (3 + 16) * (dt.equals("F32") ? 4.0 : 8.0);
        System.out.printf("%-5s %-16s %10.3f %12.1f %9.2f %9.2f%n", dt, name, ms, VECTORS / (ms * 1e3),
                FLOPS_PER_VECTOR * VECTORS / (ms * 1e6), bytes / (ms * 1e6));
    }
}
