package org.jnequip.dist;

import java.io.File;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test support: runs a Java main class as N ranks under Open MPI's {@code mpirun} (as a subprocess, on this
 * test's class path) and returns its exit status and merged output. {@link #missing()} says why MPI tests
 * must skip. Shared with the cli tests through the dist test jar.
 */
public final class MpiRun {
    private MpiRun() {}

    public record Result(int status, String output, double seconds) {}

    /** mpirun on the PATH (or $JNEQUIP_MPIRUN), or null. */
    public static String mpirun() {
        String explicit = System.getenv("JNEQUIP_MPIRUN");
        if (explicit != null && !explicit.isBlank()) return explicit;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "mpirun");
            if (Files.isExecutable(p)) return p.toString();
        }
        return null;
    }

    /** Null when MPI tests can run, else the reason to print when skipping. */
    public static String missing() {
        if (mpirun() == null) return "skipped: mpirun not found on PATH (Debian: apt-get install openmpi-bin; or set JNEQUIP_MPIRUN)";
        try {
            SymbolLookup.libraryLookup(System.getenv().getOrDefault("JNEQUIP_MPI_LIB", "libmpi.so.40"), Arena.global());
            return null;
        } catch (IllegalArgumentException e) {
            return "skipped: mpirun is installed but libmpi.so.40 is not found by the dynamic linker (set JNEQUIP_MPI_LIB)";
        }
    }

    /** {@code mpirun -np ranks java ... mainClass args}, killed (with its children) after timeoutS seconds. */
    public static Result java(int ranks, int timeoutS, Path workDir, String mainClass, String... args) throws IOException, InterruptedException {
        return java(ranks, timeoutS, workDir, List.of(), mainClass, args);
    }

    /** The same with more JVM options (e.g. {@code -Djnequip.threads=1}). */
    public static Result java(int ranks, int timeoutS, Path workDir, List<String> jvmOptions, String mainClass, String... args)
            throws IOException, InterruptedException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(mpirun(), "--oversubscribe", "--allow-run-as-root", "-np", Integer.toString(ranks),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "--add-modules=jdk.incubator.vector", "-Xss16m", "-Xmx1g", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", cp, mainClass));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile("jnequip-mpirun", ".log");
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment();   // the environment this JVM was started with, not the C library's live one: a LAMMPS (or MPI) opened in
                            // this process may have set Open MPI's singleton variables there, which would tie mpirun to it
        Process p = pb.start();
        boolean done = p.waitFor(timeoutS, TimeUnit.SECONDS);
        double secs = (System.nanoTime() - t0) * 1e-9;
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        if (!done) throw new AssertionError("mpirun did not end within " + timeoutS + " s (hang); output:\n" + out);
        return new Result(p.exitValue(), out, secs);
    }
}
