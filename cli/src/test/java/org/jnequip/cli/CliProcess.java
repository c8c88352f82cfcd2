package org.jnequip.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The command line in a child JVM (the test's own class path), for what an in-process run cannot show: signals
 * and a file-size limit. Output goes to files in the given directory (out.txt, err.txt).
 */
final class CliProcess {
    private CliProcess() {}

    static List<String> javaCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Djava.awt.headless=true", "-Xss16m",
                "-XX:+UseSerialGC", "-XX:-UsePerfData", "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "org.jnequip.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts {@code jnequip args} with stdout and stderr in dir/out.txt and dir/err.txt. */
    static Process start(Path dir, String... args) throws IOException { return start(dir, javaCommand(args)); }

    /**
     * Starts {@code jnequip args} under a file-size limit of {@code kib} KiB (ulimit -f): a write past it fails with
     * EFBIG ("File too large"), like a full disk but without root. SIGXFSZ is ignored so the write fails instead
     * of the signal killing the JVM.
     */
    static Process startLimited(Path dir, long kib, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "trap '' XFSZ; ulimit -f " + kib + "; exec \"$@\"", "bash"));
        cmd.addAll(javaCommand(args));
        return start(dir, cmd);
    }

    private static Process start(Path dir, List<String> cmd) throws IOException {
        return new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile()).start();
    }

    /** Exit status, after at most {@code seconds}; kills the process (and fails) when it takes longer. */
    static int waitFor(Process p, double seconds) throws InterruptedException {
        if (!p.waitFor((long) (seconds * 1000), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the process did not end within " + seconds + " s");
        }
        return p.exitValue();
    }

    /** Polls until {@code ready} or the process ends or {@code seconds} pass; true if ready. */
    static boolean await(Process p, double seconds, BooleanSupplier ready) throws InterruptedException {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end && p.isAlive()) {
            if (ready.getAsBoolean()) return true;
            Thread.sleep(100);
        }
        return ready.getAsBoolean();
    }

    /** Sends a signal by name ("INT", "TERM") with kill(1). */
    static void signal(Process p, String name) throws IOException, InterruptedException {
        if (new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).inheritIO().start().waitFor() != 0)
            throw new AssertionError("kill -" + name + " failed");
    }

    /** Whether the process ignores a signal (inherited SIG_IGN, e.g. SIGINT of a background job): /proc/PID/status SigIgn. */
    static boolean ignores(Process p, int signal) throws IOException {
        Path status = Path.of("/proc/" + p.pid() + "/status");
        if (!Files.exists(status)) return false;
        for (String l : Files.readAllLines(status))
            if (l.startsWith("SigIgn:")) return (Long.parseUnsignedLong(l.substring(7).strip(), 16) >> (signal - 1) & 1) == 1;
        return false;
    }

    static String read(Path f) {
        try {
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static long lines(Path f) {
        return read(f).lines().count();
    }
}
