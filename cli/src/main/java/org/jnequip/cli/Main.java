package org.jnequip.cli;

import java.io.PrintWriter;
import java.util.Set;
import java.util.TreeSet;
import org.jnequip.dist.Comm;
import org.jnequip.nequip.train.Models;
import org.jnequip.nequip.train.Potential;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code jnequip} command line: {@code train}, {@code evaluate}, {@code info}, {@code demo} (others add
 * {@code bench}, {@code md}, {@code serve}). Every command has {@code --help}. Errors in inputs print one
 * line, "error: ...", and exit with status 1; usage errors exit with status 2.
 */
@Command(name = "jnequip", mixinStandardHelpOptions = true, version = "jnequip 0.1.0",
        description = "NequIP interatomic potentials in pure Java: train, evaluate and inspect models.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, InfoCommand.class, DemoCommand.class, BenchCommand.class, BenchTpCommand.class, BenchAllreduceCommand.class,
                MdCommand.class, AnalyzeCommand.class, ServeCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** The model factory the commands use; tests may substitute a small stand-in. */
    static Potential.Factory factory = Models.nequip();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }

    public static void main(String[] args) { System.exit(run(args)); }

    /** The commands that split their work over the ranks of an mpirun; the others refuse to run on several. */
    static final Set<String> DISTRIBUTED = Set.of("evaluate", "bench-allreduce");

    /** Runs a command line and returns the exit status (0 ok, 1 error, 2 usage). */
    public static int run(String... args) {
        if (args.length > 0 && !args[0].startsWith("-") && !args[0].equals("help") && !DISTRIBUTED.contains(args[0]) && Comm.launchedSize() > 1) {
            System.err.println("error: jnequip " + args[0] + " runs in one process, but mpirun started " + Comm.launchedSize()
                    + " ranks; only " + String.join(" and ", new TreeSet<>(DISTRIBUTED)) + " are split over ranks (run " + args[0] + " without mpirun)");
            return 2;
        }
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException || ex instanceof java.io.IOException
                    || ex instanceof java.io.UncheckedIOException || ex instanceof UnsupportedOperationException) {
                err.println("error: " + ex.getMessage());
                if (System.getenv("JNEQUIP_DEBUG") != null) ex.printStackTrace(err);
                err.flush();
                return 1;
            }
            throw ex;
        });
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            System.err.printf(java.util.Locale.ROOT, "error: out of memory: the Java heap (at most %.1f GB) is too small for this job. Give the JVM more "
                    + "(e.g. JNEQUIP_JAVA_OPTS=-Xmx32g; the launcher allows 70 %% of RAM by default) or use a smaller batch_size.%n",
                    Runtime.getRuntime().maxMemory() / 1e9);
            return 1;
        }
    }
}
