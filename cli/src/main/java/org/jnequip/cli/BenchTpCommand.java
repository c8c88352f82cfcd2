package org.jnequip.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.jnequip.bench.TpSpeed;
import org.jnequip.tensor.Backend;
import org.jnequip.tensor.Backends;
import org.jnequip.tensor.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jnequip bench-tp}: throughput of NequIP's uvu convolution tensor product alone, per-edge and fused. */
@Command(name = "bench-tp", mixinStandardHelpOptions = true,
        description = {"Time NequIP's convolution tensor product alone, on random data.", "",
                "The uvu product with per-edge weights: forward and the three backward",
                "slots, as e3nn runs it (per-edge operands) and fused with the gather and",
                "scatter of a graph convolution. One line per (features, l_max) with ms",
                "and nominal GFLOP/s, each followed by a JSON line."})
final class BenchTpCommand implements Callable<Integer> {
    @Option(names = "--features", split = ",", defaultValue = "32,64", description = "channels per irrep, comma-separated (default ${DEFAULT-VALUE})") int[] features;
    @Option(names = "--l-max", split = ",", defaultValue = "1,2,3", description = "largest degrees, comma-separated (default ${DEFAULT-VALUE})") int[] lMax;
    @Option(names = "--edges", defaultValue = "7300", description = "edges (default ${DEFAULT-VALUE}, about water192 at r_max 4.5)") int edges;
    @Option(names = "--nodes", defaultValue = "192", description = "nodes of the fused form (default ${DEFAULT-VALUE})") int nodes;
    @Option(names = "--dtype", defaultValue = "float32", description = "float32 or float64 (default ${DEFAULT-VALUE})") String dtype;
    @Option(names = "--calls", defaultValue = "10", description = "timed calls (default ${DEFAULT-VALUE})") int calls;
    @Option(names = "--warmup", defaultValue = "3", description = "untimed warm-up calls (default ${DEFAULT-VALUE})") int warmup;
    @Option(names = "--device", defaultValue = "cpu", description = "cpu, opencl or cuda (default ${DEFAULT-VALUE})") String device;

    @Override
    public Integer call() {
        if (calls < 1) throw new IllegalArgumentException("--calls: must be >= 1, got " + calls);
        if (warmup < 0) throw new IllegalArgumentException("--warmup: must be >= 0, got " + warmup);
        if (edges < 1 || nodes < 1) throw new IllegalArgumentException("--edges and --nodes: must be >= 1");
        for (int f : features) if (f < 1) throw new IllegalArgumentException("--features: must be >= 1, got " + f);
        for (int l : lMax) if (l < 0) throw new IllegalArgumentException("--l-max: must be >= 0, got " + l);
        Backend be = device.equalsIgnoreCase("cpu") ? Backends.cpu() : Backends.get(device.toLowerCase(Locale.ROOT));
        System.out.println("device: " + be.name() + ", " + edges + " edges, " + nodes + " nodes, " + dtype);
        for (int l : lMax)
            for (int f : features) TpSpeed.print(TpSpeed.run(be, DType.parse(dtype), f, l, edges, nodes, warmup, calls, 7), System.out);
        return 0;
    }
}
