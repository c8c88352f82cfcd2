package org.jnequip.bench.nequip;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jnequip.bench.SpeedHarness;
import org.jnequip.tensor.DType;
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
 * The whole model under JMH: energy+forces and one force-training step (batch 1) of the standard systems,
 * random float32 models built exactly as {@code ./jnequip bench} builds them ({@link SpeedHarness#setup}):
 * water192 (l_max 1, 32 features, 6 layers, r_max 4.5) and aspirin (l_max 3, 64 features, 5 layers, r_max 4.0).
 *
 * <p>Separate JVM launches of the same model differ by about ±10 % (JIT and GC decisions), more than the spread
 * inside one launch, so this runs three forks and JMH's error bar covers that. The forks use the launcher's JVM
 * flags plus a 6 GB initial heap: a first run with a growing heap had full collections of about 1 s land in
 * the first measured iterations. Structures come from {@code $JNEQUIP_BENCH_DIR}, else {@code ../shared/bench} beside the checkout:
 * {@code java -jar bench/target/benchmarks.jar ModelBench} from the repository root.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xss16m", "-XX:MaxRAMPercentage=70", "-Xms6g", "-XX:+UseParallelGC", "-Xmn2g"})
public class ModelBench {
    @Param({"water192", "aspirin"})
    public String system;

    SpeedHarness.Setup setup;

    @Setup
    public void setup() {
        boolean water = system.equals("water192");
        Path structure = benchDir().resolve(water ? "water192.xyz" : "aspirin.xyz");
        SpeedHarness.Options o = water
                ? new SpeedHarness.Options(structure, 4.5, 6, 32, 1, true, DType.F32, 1, 0, 1, 0)
                : new SpeedHarness.Options(structure, 4.0, 5, 64, 3, true, DType.F32, 1, 0, 1, 0);
        setup = SpeedHarness.setup(o, new PrintStream(OutputStream.nullOutputStream()));
    }

    static Path benchDir() {
        String env = System.getenv("JNEQUIP_BENCH_DIR");
        if (env != null && !env.isBlank()) return Path.of(env);
        for (Path p : new Path[]{Path.of("..", "shared", "bench"), Path.of("..", "..", "shared", "bench")})
            if (Files.isDirectory(p)) return p;
        throw new IllegalStateException("standard structures not found: set JNEQUIP_BENCH_DIR or run from the repository root with ../shared beside it");
    }

    @Benchmark
    public double[] energyForces() { return setup.energyForces(); }

    @Benchmark
    public void trainStep() { setup.trainStep(); }
}
