package org.jnequip.lammps;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.jnequip.dist.Comm;
import org.jnequip.nequip.data.Elements;

/**
 * Runs a LAMMPS input with a JNequIP model as its force field. Commands go to LAMMPS one at a time, so that
 * pair_nequip's syntax can be translated on the way:
 * <pre>
 *   pair_style nequip                       →  (held until pair_coeff, which knows r_max)
 *   pair_coeff * * MODEL S1 S2 …            →  pair_style zero r_max
 *                                              pair_coeff * *
 *                                              fix jnequip all external pf/callback 1 1
 *                                              fix_modify jnequip energy yes virial yes
 * </pre>
 * and the fix's callback ({@link ExternalForces}) evaluates the model, type t being species S_t. So thermo's
 * pe and press are the model's energy and virial. Checked before the run starts: {@code units metal}, one
 * species per atom type, each known to the model. {@code include} files are read here (translated too);
 * {@code jump} is refused (LAMMPS cannot jump within commands fed to it one by one). Everything else is LAMMPS's.
 *
 * <p>Relative paths in the input resolve against the process's working directory, as for LAMMPS; the
 * {@code jnequip lammps} command starts its worker in the input's folder.
 */
public final class LammpsRun implements AutoCloseable {
    static final String FIX_ID = "jnequip";
    private static final int MAX_INCLUDE_DEPTH = 16;

    /**
     * @param input      the LAMMPS input file
     * @param model      a model to use instead of the one pair_coeff names, or null
     * @param lammpsArgs LAMMPS command-line arguments ({@code -var NAME VALUE}, {@code -log FILE}, …)
     * @param liblammps  the library file, or null to search ({@link Liblammps#load})
     */
    public record Options(Path input, Path model, List<String> lammpsArgs, Path liblammps) {}

    /**
     * @param forceCalls      model evaluations
     * @param modelSeconds    time inside the force field
     * @param callbackSeconds time inside fix external's callback: the force field plus the bridge's own work
     * @param commands        commands given to LAMMPS
     */
    public record Summary(long forceCalls, double modelSeconds, double callbackSeconds, int commands) {}

    private final Options options;
    private final Potential.Loader loader;
    private final PrintStream out;
    private final Consumer<String> progress;
    private final Map<Path, Potential> models = new HashMap<>();
    private Lammps lmp;
    private ExternalForces forces;
    private boolean nequipStyle;
    private long forceCalls;
    private double modelSeconds, callbackSeconds;
    private int commands;

    private LammpsRun(Options options, Potential.Loader loader, PrintStream out, Consumer<String> progress) {
        this.options = options;
        this.loader = loader;
        this.out = out;
        this.progress = progress;
    }

    /**
     * Runs the input to its end.
     *
     * @param env      the process environment (MPI rank variables, {@code JNEQUIP_LIBLAMMPS})
     * @param progress told "file:line" before each command goes to LAMMPS and null when it returned (a worker
     *                 records it, so that its parent can name the command if LAMMPS ends the process)
     */
    public static Summary run(Options options, Potential.Loader loader, Map<String, String> env, PrintStream out, Consumer<String> progress) {
        try (LammpsRun r = open(options, loader, env, out, progress)) {
            r.execute();
            return r.summary();
        }
    }

    /** Opens LAMMPS for the input without running it: {@link #execute()}, then read results through {@link #lammps()}. */
    public static LammpsRun open(Options options, Potential.Loader loader, Map<String, String> env, PrintStream out, Consumer<String> progress) {
        requireOneRank(env);
        Liblammps lib = Liblammps.load(options.liblammps(), env);
        LammpsRun r = new LammpsRun(options, loader, out, progress);
        r.lmp = Lammps.open(lib, options.lammpsArgs());
        return r;
    }

    /** Gives LAMMPS the whole input. */
    public void execute() { execute(InputScript.read(options.input()), 0); }

    /** The LAMMPS instance (open until {@link #close()}). */
    public Lammps lammps() { return lmp; }

    public Summary summary() {
        ExternalForces f = forces;
        return f == null ? new Summary(forceCalls, modelSeconds, callbackSeconds, commands)
                : new Summary(forceCalls + f.calls(), modelSeconds + f.modelSeconds(), callbackSeconds + f.callbackSeconds(), commands);
    }

    /** Closes LAMMPS (which prints its totals) and the force callback. */
    @Override
    public void close() {
        try {
            lmp.close();
        } finally {
            closeForces();
        }
    }

    /** Why LAMMPS runs on one MPI rank only here (said by {@link #requireOneRank} and by the cli's refusal under mpirun). */
    public static final String ONE_RANK_ONLY = "on several ranks each LAMMPS subdomain would need ghost atoms num_layers × r_max deep for "
            + "NequIP's message passing, with the ghosts' forces sent back to their owners, which is not implemented (see the README, section LAMMPS)";

    /**
     * Refuses to run as one of several MPI ranks ({@link Comm#launchedSize}, the environment an MPI launcher sets):
     * each rank's {@code lammps_open_no_mpi} would join one LAMMPS over all ranks, and fix external would see only a
     * rank's own atoms.
     */
    public static void requireOneRank(Map<String, String> env) {
        int ranks = Comm.launchedSize(env);
        if (ranks > 1)
            throw new IllegalArgumentException("jnequip lammps runs on one MPI rank only, but this is one of " + ranks + " ranks: " + ONE_RANK_ONLY
                    + "; run it without mpirun");
    }

    private void execute(List<InputScript.Command> script, int depth) {
        for (InputScript.Command c : script) {
            try {
                execute(c, depth);
            } catch (RuntimeException e) {   // inside an include, the message gets the include line's location too
                throw new IllegalArgumentException(c.where() + ": " + (e instanceof LammpsException ? "LAMMPS: " : "") + e.getMessage(), e);
            }
        }
    }

    private void execute(InputScript.Command c, int depth) {
        List<String> w = InputScript.words(c.text());
        if (w.isEmpty()) return;
        String verb = w.get(0);
        switch (verb) {
            case "units" -> {
                if (w.size() > 1 && !w.get(1).equals("metal"))
                    throw new IllegalArgumentException("units " + w.get(1) + ": jnequip lammps runs units metal only (eV, Å, ps: the units of NequIP models)");
                send(c);
            }
            case "pair_style" -> {
                if (w.contains("nequip")) {
                    if (w.size() != 2) throw new IllegalArgumentException("only 'pair_style nequip' on its own is supported (no hybrid, no arguments)");
                    nequipStyle = true;
                } else {
                    nequipStyle = false;
                    send(c);
                }
            }
            case "pair_coeff" -> {
                if (nequipStyle) pairCoeff(w, c);
                else send(c);
            }
            case "include" -> {
                if (w.size() != 2) throw new IllegalArgumentException("include takes one file name");
                if (depth >= MAX_INCLUDE_DEPTH) throw new IllegalArgumentException("include nested more than " + MAX_INCLUDE_DEPTH + " deep");
                execute(InputScript.read(Path.of(lmp.expand(w.get(1)))), depth + 1);
            }
            case "jump" -> throw new IllegalArgumentException("jump is not supported: jnequip lammps gives LAMMPS the input command by command, "
                    + "so LAMMPS cannot jump within it; unroll the loop or use include");
            case "clear" -> {
                send(c);
                nequipStyle = false;
                closeForces();
            }
            default -> send(c);
        }
    }

    private void pairCoeff(List<String> w, InputScript.Command c) {
        if (w.size() < 4 || !w.get(1).equals("*") || !w.get(2).equals("*"))
            throw new IllegalArgumentException("pair_style nequip takes one 'pair_coeff * * MODEL SPECIES_OF_TYPE_1 SPECIES_OF_TYPE_2 ...'");
        String units = lmp.units();
        if (!units.equals("metal"))
            throw new IllegalArgumentException("pair_style nequip needs units metal (eV, Å, ps) but LAMMPS is in units " + units + "; put 'units metal' first");
        Path file = options.model() != null ? options.model() : Path.of(lmp.expand(w.get(3)));
        Potential p = models.get(file);
        if (p == null) {
            try {
                p = loader.load(file);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
            models.put(file, p);
        }
        List<String> names = new ArrayList<>();
        for (String s : w.subList(4, w.size())) names.add(lmp.expand(s));
        int ntypes = lmp.setting("ntypes");
        if (names.size() != ntypes)
            throw new IllegalArgumentException("pair_coeff names " + names.size() + " species for " + ntypes + " atom types; give one per type, in type order ("
                    + "the model knows " + String.join(", ", p.species()) + ")");
        int[] zOfType = new int[ntypes + 1];
        StringBuilder map = new StringBuilder();
        for (int t = 1; t <= ntypes; t++) {
            String s = names.get(t - 1);
            if (!Elements.isSymbol(s) || !p.species().contains(s))
                throw new IllegalArgumentException("atom type " + t + " is '" + s + "', which the model " + file.getFileName() + " does not know (its species: "
                        + String.join(", ", p.species()) + ")");
            zOfType[t] = Elements.atomicNumber(s);
            map.append(t == 1 ? "" : ", ").append(t).append(" = ").append(s);
        }
        double cutoff = p.forceField().cutoff();
        send(c.where(), String.format(Locale.ROOT, "pair_style zero %.17g", cutoff));
        send(c.where(), "pair_coeff * *");
        send(c.where(), "fix " + FIX_ID + " all external pf/callback 1 1");
        send(c.where(), "fix_modify " + FIX_ID + " energy yes virial yes");
        closeForces();
        forces = new ExternalForces(lmp, FIX_ID, p.forceField(), zOfType);
        out.printf(Locale.ROOT, "jnequip: pair_style nequip -> pair_style zero %s + fix external '%s': %s; types %s%n", cutoff, FIX_ID, p.description(), map);
    }

    private void send(InputScript.Command c) { send(c.where(), c.text()); }

    private void send(String where, String text) {
        out.flush();
        progress.accept(where);
        ExternalForces f = forces;
        long calls = f == null ? 0 : f.calls();
        double model = f == null ? 0 : f.modelSeconds(), callback = f == null ? 0 : f.callbackSeconds();
        lmp.command(text);
        commands++;
        progress.accept(null);
        if (f != null && f.failure() != null) throw f.failure();
        if (f != null && f.calls() > calls)     // a run or minimisation: where its time went
            out.printf(Locale.ROOT, "jnequip: %d force calls: %.3f s in the model, %.3f s in the rest of the callback%n",
                    f.calls() - calls, f.modelSeconds() - model, f.callbackSeconds() - callback - (f.modelSeconds() - model));
    }

    private void closeForces() {
        if (forces == null) return;
        forceCalls += forces.calls();
        modelSeconds += forces.modelSeconds();
        callbackSeconds += forces.callbackSeconds();
        forces.close();
        forces = null;
    }
}
