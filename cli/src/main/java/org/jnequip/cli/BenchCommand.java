package org.jnequip.cli;

import java.util.concurrent.Callable;
import org.jnequip.bench.SpeedHarness;
import org.jnequip.tensor.Backend;
import org.jnequip.tensor.Backends;
import org.jnequip.tensor.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jnequip bench}: median wall time of energy+forces (and of a force-training step) for a randomly
 * initialised model of the given size on a structure; ends with one JSON line of the figures.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time energy+forces of a random NequIP model on a structure.", "",
                "Optionally also a training step (--train-batch). The last line printed is",
                "JSON: ef_median_s, train_median_s (with --train-batch), edges, atoms, gflops,",
                "ef_peak_heap_mb, ef_activations_mb, ef_allocated_mb, ef_arena_mb, ef_live_after_gc_mb (and train_...)",
                "(and on a device: device, ef_launches, ef_uploads, ef_downloads,",
                "train_launches, train_uploads, train_downloads)."})
final class BenchCommand implements Callable<Integer> {
    @Mixin ModelSize size;
    @Option(names = "--dtype", defaultValue = "float32", description = "float32 or float64 (default ${DEFAULT-VALUE})") String dtype;
    @Option(names = "--calls", defaultValue = "10", description = "timed calls (default ${DEFAULT-VALUE})") int calls;
    @Option(names = "--warmup", defaultValue = "3", description = "untimed warm-up calls, at least (default ${DEFAULT-VALUE})") int warmup;
    @Option(names = "--warmup-seconds", defaultValue = "10", description = "and keep warming up until this many seconds have passed "
            + "(default ${DEFAULT-VALUE}; the JIT compiles the SIMD kernels only after thousands of calls, many times slower before; "
            + "0: exactly --warmup calls); the same again before the training steps") double warmupSeconds;
    @Option(names = "--train-batch", defaultValue = "0", description = "also time a force-training step with this many copies of the structure in the batch") int trainBatch;
    @Option(names = "--seed", defaultValue = "0", description = "weight initialisation seed") long seed;
    @Option(names = "--device", defaultValue = "cpu", description = "cpu, opencl or cuda (default ${DEFAULT-VALUE}); on a device the "
            + "kernel launches and host copies of one call are printed and added to the JSON line") String device;
    @Option(names = "--graph", description = "time energy+forces as replays of a captured step (one graph launch on a device: "
            + "CUDA Graph on CUDA, pre-bound kernels on OpenCL); on the CPU the step is simply re-run") boolean graph;
    @Option(names = "--profile", description = "after the timed calls, print an op-level profile of energy+forces (and of a training step "
            + "with --train-batch): time, FLOPs, bytes moved and allocated per op kind and per layer") boolean profile;
    @Option(names = "--profile-shapes", description = "with --profile: split each op kind by the shapes of its operands and "
            + "results (e.g. matmul [222,64][64,1920]->[222,1920]) and list the 40 costliest") boolean profileShapes;
    @Option(names = "--profile-calls", defaultValue = "3", description = "calls averaged in the profile (default ${DEFAULT-VALUE})") int profileCalls;

    @Override
    public Integer call() {
        if (calls < 1) throw new IllegalArgumentException("--calls: must be >= 1, got " + calls);
        if (warmup < 0) throw new IllegalArgumentException("--warmup: must be >= 0, got " + warmup);
        if (!(warmupSeconds >= 0) || Double.isInfinite(warmupSeconds)) throw new IllegalArgumentException("--warmup-seconds: must be a finite number >= 0, got " + warmupSeconds);
        if (trainBatch < 0) throw new IllegalArgumentException("--train-batch: must be >= 0, got " + trainBatch);
        if (profileCalls < 1) throw new IllegalArgumentException("--profile-calls: must be >= 1, got " + profileCalls);
        if (profileShapes && !profile) throw new IllegalArgumentException("--profile-shapes: only with --profile");
        Backend be = device.equalsIgnoreCase("cpu") ? null : Backends.get(device.toLowerCase(java.util.Locale.ROOT));
        SpeedHarness.Result r = SpeedHarness.run(size.options(DType.parse(dtype), calls, warmup, warmupSeconds, trainBatch, seed, be, graph), System.out, profile ? profileCalls : 0, profileShapes);
        System.out.println(r.json());
        return 0;
    }
}
