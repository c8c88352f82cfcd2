package org.jnequip.bench.tensor;

import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link MatmulBench} through JMH and prints time and GFLOP/s (2·M·N·K / time) for every size, dtype and
 * kernel, plus the machine's CPU model and thread count.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar org.jnequip.bench.tensor.MatmulReport [warmupIters measureIters seconds]}
 * (default 2 3 1).
 */
public final class MatmulReport {
    private MatmulReport() {}

    public static void main(String[] args) throws Exception {
        int wi = args.length > 0 ? Integer.parseInt(args[0]) : 2, mi = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int sec = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Options opt = new OptionsBuilder()
                .include(MatmulBench.class.getName() + "\\.")
                .warmupIterations(wi).measurementIterations(mi)
                .warmupTime(TimeValue.seconds(sec)).measurementTime(TimeValue.seconds(sec))
                .build();
        Collection<RunResult> results = new Runner(opt).run();
        System.out.println();
        System.out.println("CPU: " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " hardware threads, Java " + Runtime.version());
        System.out.printf(Locale.ROOT, "%-12s %-4s %-6s %14s %12s %10s%n", "MxKxN", "dt", "kernel", "time (us/op)", "± (99.9%)", "GFLOP/s");
        for (RunResult r : results) {
            String size = r.getParams().getParam("size"), dt = r.getParams().getParam("dtype");
            String label = r.getParams().getBenchmark();
            String kernel = label.substring(label.lastIndexOf('.') + 1);
            int[] s = MatmulBench.mkn(size);
            double us = r.getPrimaryResult().getScore(), err = r.getPrimaryResult().getScoreError();
            double gflops = 2.0 * s[0] * s[1] * s[2] / (us * 1e-6) / 1e9;
            System.out.printf(Locale.ROOT, "%-12s %-4s %-6s %14.1f %12.1f %10.1f%n", size, dt, kernel, us, err, gflops);
        }
    }

    static String cpuModel() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo")))
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
        } catch (Exception ignored) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }
}
