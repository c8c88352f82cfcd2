package org.jnequip.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.jnequip.dist.Comm;
import org.jnequip.dist.Datatype;
import org.jnequip.dist.ReduceOp;
import org.jnequip.dist.Shards;
import org.jnequip.interop.ModelSources;
import org.jnequip.nequip.data.Overlaps;
import org.jnequip.nequip.data.Structure;
import org.jnequip.nequip.data.TypeMapper;
import org.jnequip.nequip.files.AtomicFiles;
import org.jnequip.nequip.files.CheckedRead;
import org.jnequip.nequip.io.Json;
import org.jnequip.nequip.io.NequipStateDict;
import org.jnequip.nequip.model.NequipConfig;
import org.jnequip.nequip.plot.ParityPlot;
import org.jnequip.nequip.train.DataFiles;
import org.jnequip.nequip.train.ErrorMetrics;
import org.jnequip.nequip.train.Evaluator;
import org.jnequip.nequip.train.Potential;
import org.jnequip.nequip.train.RunDirectory;
import org.jnequip.tensor.Backends;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jnequip evaluate --model M --data D [--plot parity.png] [--exclude-train-of RUN_DIR]}: energy and
 * force errors of a model on a data file, optionally on only the frames a training run did not use, with a
 * parity plot of the force components.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Errors of a model on a data file, with an optional parity plot.", "",
                "Prints energy and energy-per-atom MAE/RMSE (meV) and force MAE/RMSE",
                "(meV/Å), overall and per species. With --exclude-train-of RUN_DIR only",
                "the frames of DATA that the run used neither for training nor for",
                "validation are scored (the 'test' indices of its splits.json; DATA",
                "must be the run's dataset_file_name).", "",
                "Under mpirun (mpirun -np N ./jnequip evaluate ...) the frames are split",
                "over the ranks by atom count; the error sums and counts are added over",
                "the ranks and rank 0 prints the table and writes the plot and JSON."})
final class EvaluateCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "MODEL",
            description = "model file (.safetensors), run directory (its best model), nequip run directory or deployed nequip model (.pth)")
    Path model;

    @Option(names = {"-d", "--data"}, required = true, paramLabel = "DATA", description = "data file (.extxyz or MD17 .npz)")
    Path data;

    @Option(names = "--plot", paramLabel = "PNG", description = "write a parity plot (predicted vs reference force components)")
    Path plot;

    @Option(names = "--exclude-train-of", paramLabel = "RUN_DIR", description = "score only frames that run did not train or validate on")
    Path excludeRun;

    @Option(names = "--batch-size", defaultValue = "10", description = "frames per batch (default ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--energy-unit", paramLabel = "UNIT", description = "unit of the data's energies: eV (extxyz default), kcal/mol (npz default), meV, Hartree")
    String energyUnit;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the metrics (eV, eV/Å) as JSON")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (batchSize < 1) throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
        Comm comm = Comm.world();
        PrintStream out = comm.isRoot() ? System.out : new PrintStream(OutputStream.nullOutputStream());
        Map<String, Double> m = evaluate(main.factory(), comm, model, data, excludeRun, energyUnit, batchSize, plot, out);
        if (json != null && comm.isRoot()) AtomicFiles.writeString(json, Json.write(m) + "\n");
        comm.finish();
        return 0;
    }

    /** The same in one process. */
    static Map<String, Double> evaluate(Potential.Factory factory, Path model, Path data, Path excludeRun, String energyUnit, int batchSize, Path plot, PrintStream out) throws Exception {
        return evaluate(factory, Comm.single(), model, data, excludeRun, energyUnit, batchSize, plot, out);
    }

    /**
     * Scores the model of {@code model} (any source {@link ModelSources} reads), rebuilt by {@code factory} with its
     * weights. With several ranks each scores a contiguous shard of about equal atom count, the error sums and
     * counts are summed over the ranks (in rank order) and the predictions gathered to rank 0 for the plot. Every
     * rank returns the metrics; {@code out}, the progress bar and the plot are rank 0's.
     */
    static Map<String, Double> evaluate(Potential.Factory factory, Comm comm, Path model, Path data, Path excludeRun, String energyUnit, int batchSize, Path plot,
                                        PrintStream out) throws Exception {
        ModelSources.Loaded loaded = ModelSources.load(model);
        Potential potential = factory.create(loaded.model().config(), 0, Backends.cpu());
        potential.load(NequipStateDict.of(loaded.model()));
        NequipConfig cfg = potential.config();
        List<Structure> frames = DataFiles.read(CheckedRead.file(data, "data file"), energyUnit);
        int[] index = IntStream.range(0, frames.size()).toArray();      // frame k of the scored list is frame index[k] of DATA
        String which = "all " + frames.size() + " frames";
        if (excludeRun != null) {
            RunDirectory.Splits s = new RunDirectory(excludeRun).readSplits();
            boolean same = Files.exists(s.datasetFile()) && Files.isSameFile(s.datasetFile(), data);
            if (s.datasetFrames() != frames.size() || !same)
                throw new IllegalArgumentException(data + " is not the data set of " + excludeRun + " (" + s.datasetFile() + ", " + s.datasetFrames() + " frames)");
            List<Structure> test = new ArrayList<>();
            for (int i : s.test()) test.add(frames.get(i));
            frames = test;
            index = s.test();
            which = frames.size() + " frames not used by " + excludeRun;
        }
        if (frames.isEmpty()) throw new IllegalArgumentException(data + ": no frames to evaluate");
        TypeMapper types = TypeMapper.ofTypeNames(cfg.chemicalSymbols());
        for (int k = 0; k < frames.size(); k++) {
            Structure f = frames.get(k);
            try {
                types.types(f);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(data + ": frame " + index[k] + ": " + e.getMessage() + " of the model", e);
            }
            String overlap = Overlaps.inData(f);
            if (overlap != null) throw new IllegalArgumentException(data + ": frame " + index[k] + ": " + overlap);
        }
        out.println("model: " + model + " (" + loaded.origin().describe() + ")");
        out.println("data:  " + data + ", " + which);
        if (comm.size() > 1) out.println("ranks: " + comm.describe());
        long t0 = System.nanoTime();
        int[] shard = Shards.of(frames.stream().mapToLong(Structure::numAtoms).toArray(), comm.rank(), comm.size());
        List<Structure> mine = frames.subList(shard[0], shard[1]);
        Progress bar = new Progress("evaluate", "frames", comm.isRoot() ? System.err : new PrintStream(OutputStream.nullOutputStream()),
                comm.isRoot() && Progress.stderrIsTerminal());
        Evaluator.Predictions pr = Evaluator.predict(potential, mine, Evaluator.neighborLists(mine, cfg.rMax()), types, batchSize, bar::update);
        bar.finish();
        checkFinite(pr, Arrays.copyOfRange(index, shard[0], shard[1]), data, model);
        ErrorMetrics local = Evaluator.score(pr, mine, types, new ErrorMetrics(cfg.chemicalSymbols(), cfg.globalScale(), 1, 1, true));
        ErrorMetrics total = new ErrorMetrics(cfg.chemicalSymbols(), cfg.globalScale(), 1, 1, true);
        total.add(comm.reduce(local.sums(), ReduceOp.SUM));
        if (plot != null) pr = gather(comm, pr, frames);
        double secs = (System.nanoTime() - t0) * 1e-9;
        Map<String, Double> m = total.results("");
        m.remove("loss");
        m.remove("loss_e");
        m.remove("loss_f");
        printTable(m, cfg.chemicalSymbols(), out);
        out.println(Fmt.f("evaluated in %.1f s%s (%.1f ms per frame)", secs, comm.size() > 1 ? " on " + comm.size() + " ranks" : "", 1000 * secs / frames.size()));
        if (plot != null && comm.isRoot()) {
            parity(pr, frames, types, m).write(plot, 800);
            out.println("parity plot: " + plot);
        }
        return new LinkedHashMap<>(m);
    }

    /** A NaN or infinity anywhere in the predictions is an error naming the first frame and atom that has one. */
    static void checkFinite(Evaluator.Predictions pr, int[] index, Path data, Path model) {
        for (int k = 0; k < index.length; k++) {
            if (!Double.isFinite(pr.energies()[k]))
                throw new IllegalStateException(data + ": frame " + index[k] + ": the model " + model + " predicts an energy of " + pr.energies()[k]
                        + "; no metrics are printed");
            double[] f = pr.forces().get(k);
            for (int i = 0; i < f.length; i++)
                if (!Double.isFinite(f[i]))
                    throw new IllegalStateException(data + ": frame " + index[k] + ", atom " + i / 3 + ": the model " + model + " predicts a force of "
                            + f[i] + "; no metrics are printed");
        }
    }

    /** Every rank's predictions of its shard, concatenated in rank order (= frame order) on rank 0; null elsewhere. */
    static Evaluator.Predictions gather(Comm comm, Evaluator.Predictions pr, List<Structure> frames) {
        if (comm.size() == 1) return pr;
        try (Arena a = Arena.ofConfined()) {
            double[] f = pr.forces().stream().flatMapToDouble(Arrays::stream).toArray();
            MemorySegment e = comm.gather(a.allocateFrom(ValueLayout.JAVA_DOUBLE, pr.energies()), Datatype.FLOAT64, 0, a);
            MemorySegment fs = comm.gather(a.allocateFrom(ValueLayout.JAVA_DOUBLE, f), Datatype.FLOAT64, 0, a);
            if (!comm.isRoot()) return null;
            List<double[]> forces = new ArrayList<>(frames.size());
            long at = 0;
            for (Structure s : frames) {
                forces.add(fs.asSlice(at * 8, 24L * s.numAtoms()).toArray(ValueLayout.JAVA_DOUBLE));
                at += 3L * s.numAtoms();
            }
            return new Evaluator.Predictions(e.toArray(ValueLayout.JAVA_DOUBLE), forces);
        }
    }

    static void printTable(Map<String, Double> m, List<String> symbols, PrintStream out) {
        out.println(Fmt.f("%-16s %12s %12s", "", "MAE", "RMSE"));
        if (m.containsKey("e_mae")) {
            out.println(Fmt.f("%-16s %8s meV %8s meV", "energy", Fmt.milli(m.get("e_mae")), Fmt.milli(m.get("e_rmse"))));
            out.println(Fmt.f("%-16s %8s meV %8s meV", "energy per atom", Fmt.milli(m.get("e/N_mae")), Fmt.milli(m.get("e/N_rmse"))));
        }
        if (m.containsKey("f_mae")) {
            out.println(Fmt.f("%-16s %6s meV/Å %6s meV/Å", "forces", Fmt.milli(m.get("f_mae")), Fmt.milli(m.get("f_rmse"))));
            for (String s : symbols)
                if (m.containsKey("f_mae_" + s))
                    out.println(Fmt.f("%-16s %6s meV/Å %6s meV/Å", "  forces on " + s, Fmt.milli(m.get("f_mae_" + s)), Fmt.milli(m.get("f_rmse_" + s))));
        }
    }

    static ParityPlot parity(Evaluator.Predictions pr, List<Structure> frames, TypeMapper types, Map<String, Double> m) {
        ParityPlot p = new ParityPlot("Forces: predicted vs reference", "force component (eV/Å)");
        for (int t = 0; t < types.numTypes(); t++) {
            List<Double> ref = new ArrayList<>(), pred = new ArrayList<>();
            for (int k = 0; k < frames.size(); k++) {
                double[] f = frames.get(k).forces(), g = pr.forces().get(k);
                if (f == null) continue;
                int[] ty = types.types(frames.get(k));
                for (int i = 0; i < ty.length; i++)
                    if (ty[i] == t) for (int c = 0; c < 3; c++) { ref.add(f[3 * i + c]); pred.add(g[3 * i + c]); }
            }
            if (!ref.isEmpty()) p.group(types.typeNames().get(t), ref.stream().mapToDouble(Double::doubleValue).toArray(), pred.stream().mapToDouble(Double::doubleValue).toArray());
        }
        if (m.containsKey("f_mae")) p.note("F MAE " + Fmt.milli(m.get("f_mae")) + " meV/Å, RMSE " + Fmt.milli(m.get("f_rmse")) + " meV/Å");
        if (m.containsKey("e/N_mae")) p.note("E/N MAE " + Fmt.milli(m.get("e/N_mae")) + " meV");
        p.note(frames.size() + " frames");
        return p;
    }
}
