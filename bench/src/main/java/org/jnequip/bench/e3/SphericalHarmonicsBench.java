package org.jnequip.bench.e3;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
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
 * Spherical harmonics Y^0..Y^3 ((L+1)² = 16 components, component normalisation) of V = 10⁵ random vectors on
 * the CPU backend, float32 and float64:
 * <ul>
 *   <li>{@code kernel}: {@code Backend#sphericalHarmonics}, the polynomial kernel of raw vectors (V, 3) → (V, 16);</li>
 *   <li>{@code opForward}: {@link SphericalHarmonics#forward}(vec, 3, normalize = true) on a recorded parameter,
 *       i.e. e3nn's normalisation v / max(|v|, 1e-12) followed by the kernel, as NequIP calls it;</li>
 *   <li>{@code opForwardBackward}: the same plus the vector–Jacobian product for a given cotangent (V, 16)
 *       ({@link Tape#grad}, first order, no graph recorded), as in a force evaluation.</li>
 * </ul>
 *
 * <p>FLOP counts per vector (nominal: every +, −, ×, ÷, √ counts 1; constant products folded):
 * <ul>
 *   <li>kernel: l=1 3, l=2 19, l=3 23, total {@value #KERNEL_FLOPS} (read off {@code ShKernels.eval});</li>
 *   <li>normalisation: |v|² 5, √ 1, v/|v| 3, total 9, so opForward = {@value #OP_FORWARD_FLOPS};</li>
 *   <li>backward: the SH rule ḡ_v = Σ_k (g·A)[j,k]·P[k] is a dense matmul with A (16, 27) = 2·16·27 = 864, then
 *       27 products and 24 additions; the normalisation's backward (div, sqrt, sum, square) about 25; so
 *       opForwardBackward = {@value #OP_FWD_BWD_FLOPS}. A has only 35 nonzeros (Σ_l nnz C^{(l,1,l−1)}), so
 *       most of those 864 multiply zeros: GFLOP/s here measures executed, not useful, work.</li>
 * </ul>
 * {@link #main} runs the suite and prints vectors/s and GFLOP/s:
 * {@code java --add-modules=jdk.incubator.vector -cp bench/target/benchmarks.jar org.jnequip.bench.e3.SphericalHarmonicsBench}
 * (add {@code -Djnequip.threads=1 ... --cpu-time} for single-thread CPU-time figures on a loaded machine).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms2g", "-Xmx2g"})
public class SphericalHarmonicsBench {
    public static final int VECTORS = 100_000, LMAX = 3;
    public static final int KERNEL_FLOPS = 45, OP_FORWARD_FLOPS = KERNEL_FLOPS + 9, OP_FWD_BWD_FLOPS = OP_FORWARD_FLOPS + 864 + 27 + 24 + 25;

    @Param({"F32", "F64"})
    public String dtype;

    private Backend be;
    private Tensor vec, cotangent;   // (V, 3), (V, 16)

    @Setup
    public void setup() {
        DType dt = DType.valueOf(dtype);
        be = Backends.cpu();
        Rng rng = new Rng(11);
        vec = rng.normal(dt, VECTORS, 3);
        cotangent = rng.normal(dt, VECTORS, (LMAX + 1) * (LMAX + 1));
    }

    @Benchmark
    public Tensor kernel() { return be.sphericalHarmonics(vec, LMAX); }

    @Benchmark
    public Tensor opForward() { return SphericalHarmonics.forward(Var.param(vec), LMAX, true).value(); }

    @Benchmark
    public Tensor opForwardBackward() {
        Var v = Var.param(vec);
        Var y = SphericalHarmonics.forward(v, LMAX, true);                                     // (V, 16)
        return Tape.grad(new Var[]{y}, new Var[]{v}, new Var[]{Var.constant(cotangent)}, false)[0].value();   // (V, 3)
    }

    /**
     * Without arguments: the JMH suite, briefly, then a table of vectors/s and GFLOP/s. With {@code --cpu-time}
     * (run with {@code -Djnequip.threads=1}): each benchmark on the calling thread, best of the last 30 of 60 runs by thread CPU time,
     * which stays meaningful on a machine shared with other jobs.
     */
    public static void main(String[] args) throws RunnerException {
        boolean cpu = args.length > 0 && args[0].equals("--cpu-time");
        System.out.printf("%n%-18s %-5s %9s %12s %11s %9s%n", "bench", "dtype", "ms/op", "Mvectors/s", "flops/vec", "GFLOP/s");
        if (cpu) {
            if (org.jnequip.tensor.cpu.Parallel.THREADS != 1) throw new IllegalStateException("--cpu-time needs -Djnequip.threads=1");
            var mx = java.lang.management.ManagementFactory.getThreadMXBean();
            for (String b : new String[]{"kernel", "opForward", "opForwardBackward"})
                for (String dt : new String[]{"F32", "F64"}) {
                    SphericalHarmonicsBench t = new SphericalHarmonicsBench();
                    t.dtype = dt;
                    t.setup();
                    long best = Long.MAX_VALUE;
                    for (int it = 0; it < 60; it++) {
                        long t0 = mx.getCurrentThreadCpuTime();
                        switch (b) { case "kernel" -> t.kernel(); case "opForward" -> t.opForward(); default -> t.opForwardBackward(); }
                        if (it >= 30) best = Math.min(best, mx.getCurrentThreadCpuTime() - t0);
                    }
                    row(b, dt, best / 1e6);
                }
            return;
        }
        Collection<RunResult> res = new Runner(new OptionsBuilder().include(SphericalHarmonicsBench.class.getName())
                .warmupIterations(2).measurementIterations(3).forks(1).build()).run();
        for (RunResult r : res)
            row(r.getParams().getBenchmark().replaceAll(".*\\.", ""), r.getParams().getParam("dtype"), r.getPrimaryResult().getScore());
    }

    private static void row(String name, String dtype, double ms) {
        int flops = switch (name) { case "kernel" -> KERNEL_FLOPS; case "opForward" -> OP_FORWARD_FLOPS; default -> OP_FWD_BWD_FLOPS; };
        System.out.printf("%-18s %-5s %9.3f %12.2f %11d %9.2f%n", name, dtype, ms, VECTORS / (ms * 1e3), flops, (double) flops * VECTORS / (ms * 1e6));
    }
}
