package org.jnequip.cli;

import java.nio.file.Path;
import org.jnequip.bench.SpeedHarness;
import org.jnequip.tensor.Backend;
import org.jnequip.tensor.DType;
import picocli.CommandLine.Option;

/** The options that size a random benchmark model on a structure ({@code bench}, {@code bench-allreduce}). */
final class ModelSize {
    @Option(names = "--structure", required = true, description = "extxyz file; its first frame is used") Path structure;
    @Option(names = "--r-max", defaultValue = "4.0", description = "cutoff radius in Å (default ${DEFAULT-VALUE})") double rMax;
    @Option(names = "--layers", defaultValue = "4", description = "interaction layers (default ${DEFAULT-VALUE})") int layers;
    @Option(names = "--features", defaultValue = "32", description = "features per irrep (default ${DEFAULT-VALUE})") int features;
    @Option(names = "--l-max", defaultValue = "2", description = "largest spherical-harmonic degree (default ${DEFAULT-VALUE})") int lMax;
    @Option(names = "--no-parity", description = "drop odd-parity features") boolean noParity;

    SpeedHarness.Options options(DType dtype, int calls, int warmup, int trainBatch, long seed, Backend backend, boolean graph) {
        return options(dtype, calls, warmup, 0, trainBatch, seed, backend, graph);
    }

    SpeedHarness.Options options(DType dtype, int calls, int warmup, double warmupSeconds, int trainBatch, long seed, Backend backend, boolean graph) {
        return new SpeedHarness.Options(structure, rMax, layers, features, lMax, !noParity, dtype, calls, warmup, trainBatch, seed, backend, graph, warmupSeconds);
    }
}
