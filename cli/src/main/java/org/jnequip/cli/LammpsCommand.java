package org.jnequip.cli;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jnequip.lammps.Lammps;
import org.jnequip.lammps.LammpsRun;
import org.jnequip.lammps.Potential;
import org.jnequip.nequip.model.NequipModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jnequip lammps in.lmp}: runs a LAMMPS input with a JNequIP model as the force field, LAMMPS being the
 * system's library driven through FFM ({@link LammpsRun}). An input written for pair_nequip runs unchanged.
 * The run happens in a worker JVM started in the input's folder ({@link WorkerProcess}), so that an error LAMMPS
 * ends its process with is reported here with the command that caused it. Under mpirun it does not start: it is not
 * one of {@link Main#DISTRIBUTED}, and Main's refusal gives {@link LammpsRun#ONE_RANK_ONLY} as the reason.
 */
@Command(name = "lammps", mixinStandardHelpOptions = true,
        description = {"Run a LAMMPS input with a model as its force field.", "",
                "LAMMPS is the system's library: nothing to compile. Inputs in pair_nequip's",
                "syntax run unchanged: 'pair_style nequip' and 'pair_coeff * * MODEL S1 S2 ...'",
                "(S_t: species of atom type t; MODEL a JNequIP model, a nequip run directory",
                "or a deployed nequip .pth) become 'pair_style zero r_max' and a 'fix",
                "external' whose forces, energy and virial come from the model, so thermo's",
                "pe and press are the model's. units metal only; one MPI rank. The input runs",
                "in its own folder, as lmp started there would, and writes log.lammps there",
                "unless -log says otherwise."})
final class LammpsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "INPUT", description = "LAMMPS input file") Path input;
    @Option(names = "--model", description = "model to use instead of the one pair_coeff names (as evaluate's --model)") Path model;
    @Option(names = {"-var", "-v"}, arity = "2", paramLabel = "NAME VALUE", hideParamSyntax = true, description = "define a LAMMPS index variable (as lmp -var NAME VALUE)") List<String> vars;
    @Option(names = "-log", paramLabel = "FILE", description = "LAMMPS log file, or none (default: log.lammps in the input's folder)") String log;
    @Option(names = "-screen", paramLabel = "FILE", description = "LAMMPS screen output to FILE, or none") String screen;
    @Option(names = "--liblammps", paramLabel = "PATH", description = "the LAMMPS shared library (default: $JNEQUIP_LIBLAMMPS, else searched)") Path liblammps;
    @Option(names = "--dtype", description = "evaluate the model in float32 or float64 (default: the model's)") String dtype;
    @Option(names = "--device", defaultValue = "cpu", description = "cpu, opencl or cuda (default ${DEFAULT-VALUE})") String device;
    @Option(names = "--skin", description = "JNequIP's neighbour-list skin in Å (default: 0 on the CPU, 0.5 on a device)") Double skin;
    @Option(names = "--worker-status", hidden = true, description = "internal: run here, recording the current command in this file") Path workerStatus;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(input)) throw new IllegalArgumentException(input + ": no such LAMMPS input file");
        return workerStatus == null ? supervise() : work();
    }

    /** Starts the worker in the input's folder and reports how it ended. */
    private int supervise() throws IOException, InterruptedException {
        Path in = input.toAbsolutePath().normalize();
        List<String> args = new ArrayList<>(List.of("lammps", in.toString(), "--device", device));
        if (model != null) args.addAll(List.of("--model", model.toAbsolutePath().toString()));
        if (liblammps != null) args.addAll(List.of("--liblammps", liblammps.toAbsolutePath().toString()));
        if (dtype != null) args.addAll(List.of("--dtype", dtype));
        if (skin != null) args.addAll(List.of("--skin", Double.toString(skin)));
        if (log != null) args.addAll(List.of("-log", absoluteUnlessNone(log)));
        if (screen != null) args.addAll(List.of("-screen", absoluteUnlessNone(screen)));
        if (vars != null) for (int i = 0; i < vars.size(); i += 2) args.addAll(List.of("-var", vars.get(i), vars.get(i + 1)));
        Path status = Files.createTempFile("jnequip-lammps", ".status");
        try {
            args.addAll(List.of("--worker-status", status.toString()));
            WorkerProcess.Outcome o = WorkerProcess.run(args, in.getParent(), status, System.out, System.err);
            if (o.status() == 0) return 0;
            if (!o.where().isEmpty())
                throw new IllegalArgumentException(o.where() + ": LAMMPS stopped with an error" + (o.lammpsError() != null ? ": " + o.lammpsError()
                        : " (exit status " + o.status() + "; its message is above or in its log file)"));
            return o.status();
        } finally {
            Files.deleteIfExists(status);
        }
    }

    private static String absoluteUnlessNone(String f) { return f.equals("none") ? f : Path.of(f).toAbsolutePath().toString(); }

    /** The worker: runs the input here. */
    private int work() throws IOException {
        Lammps.lineBufferedStdout();
        List<String> lammpsArgs = new ArrayList<>();
        if (log != null) lammpsArgs.addAll(List.of("-log", log));
        if (screen != null) lammpsArgs.addAll(List.of("-screen", screen));
        if (vars != null) for (int i = 0; i < vars.size(); i += 2) lammpsArgs.addAll(List.of("-var", vars.get(i), vars.get(i + 1)));
        Potential.Loader loader = loader(dtype, device, skin);
        try (RandomAccessFile st = new RandomAccessFile(workerStatus.toFile(), "rw")) {
            LammpsRun.Summary s = LammpsRun.run(new LammpsRun.Options(input, model, lammpsArgs, liblammps), loader, System.getenv(), System.out,
                    where -> record(st, where));
            System.out.printf(Locale.ROOT, "jnequip: %d force evaluations by the model in all (%.3f s)%n", s.forceCalls(), s.modelSeconds());
        }
        return 0;
    }

    /**
     * pair_coeff's model through the cli's model loading ({@link ModelLoading}, i.e. {@code ModelSources}): a JNequIP
     * model file or run, a nequip run directory or a deployed nequip model.
     */
    static Potential.Loader loader(String dtype, String device, Double skin) {
        return file -> {
            NequipModel m = ModelLoading.load(file, dtype, device);
            String desc = String.format(Locale.ROOT, "model %s (%s, species %s, r_max %.4g Å, %s)", file.getFileName(), m.config().dtype().pythonName(),
                    String.join(" ", m.config().chemicalSymbols()), m.config().rMax(), device);
            return Potential.of(ModelLoading.forceField(m, skin, device), desc);
        };
    }

    private static void record(RandomAccessFile st, String where) {
        try {
            st.setLength(0);
            if (where != null) st.write(where.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("worker status file: " + e.getMessage(), e);
        }
    }
}
