package org.jnequip.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jnequip.dist.Comm;
import org.jnequip.lammps.LammpsRun;
import org.jnequip.nequip.files.FileErrors;
import org.jnequip.nequip.train.Models;
import org.jnequip.nequip.train.Potential;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code jnequip} command line: {@code train}, {@code evaluate}, {@code info}, {@code convert},
 * {@code export}, {@code demo} (others add {@code bench}, {@code md}, {@code serve}, {@code lammps}, ...). Every command
 * has {@code --help}. Errors in inputs print one line, "error: ...", and exit with status 1; usage errors exit with
 * status 2. Under mpirun only the commands in {@link #DISTRIBUTED} run; the others refuse before they start.
 */
@Command(name = "jnequip", mixinStandardHelpOptions = true, version = "jnequip 0.1.0",
        description = "NequIP interatomic potentials in pure Java: train, evaluate and inspect models.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, InfoCommand.class, ConvertCommand.class, ExportCommand.class, DemoCommand.class, Rmd17Command.class,
                BenchCommand.class, BenchTpCommand.class, BenchAllreduceCommand.class, MdCommand.class, AnalyzeCommand.class, ServeCommand.class,
                LammpsCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** The model factory of train, evaluate and demo ({@link Models#nequip()}; tests may pass a stand-in). */
    private final Potential.Factory factory;

    Main(Potential.Factory factory) { this.factory = factory; }

    Potential.Factory factory() { return factory; }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }

    public static void main(String[] args) { System.exit(run(args)); }

    /** One line for an error: a file exception names the file and the cause (the JDK's message is often the bare path). */
    static String message(Exception ex) {
        if (ex instanceof java.nio.file.FileSystemException f && f.getFile() != null && (f.getMessage() == null || f.getMessage().equals(f.getFile())))
            return f.getFile() + ": " + FileErrors.reason(f);
        if (ex instanceof java.io.UncheckedIOException u && u.getCause() != null && u.getMessage() != null && u.getMessage().equals(u.getCause().toString()))
            return message(u.getCause());
        return ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
    }

    /** The commands that split their work over the ranks of an mpirun; the others refuse to run on several. */
    static final Set<String> DISTRIBUTED = Set.of("train", "evaluate", "bench-allreduce");

    /** Why a command cannot run on several ranks, where there is more to it than repeating its work and files. */
    private static final Map<String, String> ONE_RANK_WHY = Map.of("lammps", LammpsRun.ONE_RANK_ONLY);

    /** The one-line refusal of a command that is not in {@link #DISTRIBUTED}, started as one of several ranks. */
    static String severalRanksRefused(String command, int ranks) {
        String why = ONE_RANK_WHY.get(command);
        return "jnequip " + command + " runs in one process, but mpirun started " + ranks + " ranks" + (why != null ? ": " + why : "")
                + "; only " + names(new TreeSet<>(DISTRIBUTED)) + " are split over ranks (run " + command + " without mpirun)";
    }

    /** "a, b and c". */
    private static String names(TreeSet<String> s) {
        String last = s.pollLast();
        return s.isEmpty() ? last : String.join(", ", s) + " and " + last;
    }

    /** Runs a command line and returns the exit status (0 ok, 1 error, 2 usage). */
    public static int run(String... args) { return run(Models.nequip(), args); }

    /** The same with another model factory. */
    public static int run(Potential.Factory factory, String... args) {
        int ranks = Comm.launchedSize();
        if (args.length > 0 && !args[0].startsWith("-") && !args[0].equals("help") && !DISTRIBUTED.contains(args[0]) && ranks > 1) {
            System.err.println("error: " + severalRanksRefused(args[0], ranks));
            return 2;
        }
        CommandLine cl = new CommandLine(new Main(factory));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException || ex instanceof java.io.IOException
                    || ex instanceof java.io.UncheckedIOException || ex instanceof UnsupportedOperationException) {
                err.println("error: " + message(ex));
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
