package org.jnequip.bench.e3;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.jnequip.bench.TpSpeed;
import org.jnequip.e3.TensorProduct;
import org.jnequip.tensor.Backend;
import org.jnequip.tensor.Backends;
import org.jnequip.tensor.DType;
import org.jnequip.tensor.Rng;
import org.jnequip.tensor.Tensor;
import org.jnequip.tensor.TpPlan;
import org.jnequip.tensor.TpPlan.Slot;
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
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * NequIP's convolution tensor product on the CPU backend, float32: E = 7,300 edges, features
 * mul×(0e+1o+2e+…+l_max) (parity (−1)^l, as SimpleIrrepsConfig's input), edge SH 1x0e+1x1o+…+l_max,
 * NequIP's uvu instructions (every feature irrep × SH irrep × l_out ≤ l_max with the product parity; one
 * output block per instruction) and per-edge weights (E, Σ mul).
 *
 * <p>{@code forward} is the contraction with the output open; {@code backward} computes the three
 * vector–Jacobian products (x1, x2 and w open, the output cotangent given), as one training step does.
 *
 * <p>FLOP count (nominal, of the sparse contraction): per edge, per path, per channel u and per nonzero CG
 * entry (i, j, k, c), one slot accumulates the product of c and three operands: 3 multiplications and 1 addition,
 * i.e. 2 multiply-adds at 2 flops each. So a slot costs 4·E·Σ_paths mul·nnz flops, the forward one slot and the
 * backward three. The kernel itself folds c·x2[j] once per edge and path, so it executes fewer operations than
 * counted; GFLOP/s = nominal flops / time. {@link #main} runs the suite briefly and prints a GFLOP/s table:
 * {@code java --add-modules=jdk.incubator.vector -cp bench/target/benchmarks.jar org.jnequip.bench.e3.TensorProductBench}.
 * Each op allocates its result (up to E × 9,984 floats), so the fork runs on a fixed 4 GB heap: a resizing heap
 * turned the large forwards into page-fault benchmarks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms4g", "-Xmx4g"})   // fixed heap: outputs reach 290 MB
public class TensorProductBench {
    public static final int EDGES = 7_300;

    @Param({"32", "64"})
    public int mul;

    @Param({"1", "2", "3"})
    public int lmax;

    private Backend be;
    private TpPlan plan;
    private Tensor x1, x2, w, g;

    @Setup
    public void setup() {
        TensorProduct tp = conv(mul, lmax);
        plan = tp.plan();
        be = Backends.cpu();
        Rng rng = new Rng(7);
        x1 = rng.normal(DType.F32, EDGES, tp.irrepsIn1().dim());
        x2 = rng.normal(DType.F32, EDGES, tp.irrepsIn2().dim());
        w = rng.normal(DType.F32, EDGES, tp.weightNumel());
        g = rng.normal(DType.F32, EDGES, tp.irrepsOut().dim());
    }

    @Benchmark
    public Tensor forward() { return be.tpContract(plan, Slot.OUT, x1, x2, w, null); }

    @Benchmark
    public void backward(Blackhole bh) {
        bh.consume(be.tpContract(plan, Slot.X1, null, x2, w, g));
        bh.consume(be.tpContract(plan, Slot.X2, x1, null, w, g));
        bh.consume(be.tpContract(plan, Slot.W, x1, x2, null, g));
    }

    /** NequIP's conv TP for features mul×(0e+1o+…) and SH up to lmax (per-edge weights); {@link TpSpeed#conv}. */
    public static TensorProduct conv(int mul, int lmax) { return TpSpeed.conv(mul, lmax); }

    /** Nominal flops of one slot (see class comment); {@link TpSpeed#slotFlops}. */
    public static double slotFlops(TpPlan plan, int edges) { return TpSpeed.slotFlops(plan, edges); }

    /**
     * Without arguments: the JMH suite, briefly, then a GFLOP/s table. With {@code --cpu-time} (run with
     * {@code -Djnequip.threads=1}): each op on the calling thread, best of 5 by thread CPU time, which stays
     * meaningful on a machine shared with other jobs.
     */
    public static void main(String[] args) throws RunnerException {
        boolean cpu = args.length > 0 && args[0].equals("--cpu-time");
        System.out.printf("%n%-4s %-5s %-9s %5s %10s %10s %9s%n", "mul", "lmax", "bench", "paths", "MFLOP", "ms/op", "GFLOP/s");
        if (cpu) {
            if (org.jnequip.tensor.cpu.Parallel.THREADS != 1) throw new IllegalStateException("--cpu-time needs -Djnequip.threads=1");
            var mx = java.lang.management.ManagementFactory.getThreadMXBean();
            for (String b : new String[]{"forward", "backward"})
                for (int l = 1; l <= 3; l++)
                    for (int m : new int[]{32, 64}) {
                        TensorProductBench t = new TensorProductBench();
                        t.mul = m;
                        t.lmax = l;
                        t.setup();
                        long best = Long.MAX_VALUE;
                        for (int it = 0; it < 10; it++) {
                            long t0 = mx.getCurrentThreadCpuTime();
                            if (b.equals("forward")) t.forward(); else t.backward(new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous."));
                            if (it >= 5) best = Math.min(best, mx.getCurrentThreadCpuTime() - t0);
                        }
                        row(m, l, b, best / 1e6);
                    }
            return;
        }
        Collection<RunResult> res = new Runner(new OptionsBuilder().include(TensorProductBench.class.getName())
                .warmupIterations(2).measurementIterations(3).forks(1).build()).run();
        for (RunResult r : res)
            row(Integer.parseInt(r.getParams().getParam("mul")), Integer.parseInt(r.getParams().getParam("lmax")),
                    r.getParams().getBenchmark().replaceAll(".*\\.", ""), r.getPrimaryResult().getScore());
    }

    private static void row(int m, int l, String name, double ms) {
        TpPlan p = conv(m, l).plan();
        double flops = slotFlops(p, EDGES) * (name.equals("backward") ? 3 : 1);
        System.out.printf("%-4d %-5d %-9s %5d %10.1f %10.3f %9.2f%n", m, l, name, p.paths().size(), flops / 1e6, ms, flops / (ms * 1e6));
    }
}
