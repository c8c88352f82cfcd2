package org.jnequip.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@code jnequip} command in a second JVM (same java, JVM options and class path) and passes its output
 * through. {@code jnequip lammps} needs one because a LAMMPS library built without exceptions (Debian's 2021
 * package) ends the whole process on an error in the input: the worker dies, this process reports.
 *
 * <p>The worker writes "file:line" of the command LAMMPS is executing to a status file and empties it when the
 * command returns; a worker that ended with the status file non-empty was ended by LAMMPS in that command, and
 * the last {@code ERROR} line of its output is LAMMPS's message.
 */
final class WorkerProcess {
    private WorkerProcess() {}

    /** What the worker left behind: its exit status, the command LAMMPS was in (or empty) and LAMMPS's last ERROR line (or null). */
    record Outcome(int status, String where, String lammpsError) {}

    /**
     * @param args    the worker's command line ({@code lammps …}); paths in it must be absolute
     * @param workDir the worker's working directory
     * @param status  the status file the worker writes (created empty here)
     */
    static Outcome run(List<String> args, Path workDir, Path status, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        List<String> cmd = javaCommand();
        cmd.addAll(args);
        Files.writeString(status, "");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment();   // pass the environment this JVM was given, not the C library's live one: a LAMMPS opened in this
                            // process (tests, the Java API) has set OpenMPI's singleton variables there, which would tie the worker to it
        Process p = pb.start();
        p.getOutputStream().close();
        ArrayDeque<String> errors = new ArrayDeque<>();
        Thread o = pump(p.getInputStream(), out, errors), e = pump(p.getErrorStream(), err, null);
        int rc = p.waitFor();
        o.join();
        e.join();
        String where = Files.readString(status).strip();
        return new Outcome(rc, where, errors.isEmpty() ? null : errors.getLast());
    }

    /** This JVM's java, options and class path, then the cli's main class: a command line that starts another jnequip. */
    static List<String> javaCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        List<String> jvm = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String a : jvm) if (!a.startsWith("-agentlib:jdwp")) cmd.add(a);
        if (jvm.stream().noneMatch(a -> a.startsWith("--enable-native-access"))) cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        return cmd;
    }

    /**
     * Copies a stream line by line, less the JVM's incubator warning that this process already printed; lines
     * starting with "ERROR" are kept (the last few) when {@code errors} is given.
     */
    private static Thread pump(InputStream in, PrintStream to, ArrayDeque<String> errors) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("WARNING: Using incubator modules")) continue;
                    to.println(line);
                    to.flush();
                    if (errors != null && line.strip().startsWith("ERROR")) {
                        errors.addLast(line.strip());
                        if (errors.size() > 4) errors.removeFirst();
                    }
                }
            } catch (IOException ignored) {
                // the worker's end of the pipe closed: nothing more to copy
            }
        }, "jnequip-worker-output");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
