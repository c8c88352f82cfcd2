package org.jnequip.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jnequip.dist.Comm;
import org.jnequip.interop.NequipYaml;
import org.jnequip.nequip.config.ConfigException;
import org.jnequip.nequip.train.Potential;
import org.jnequip.nequip.train.Replicas;
import org.jnequip.nequip.train.RunDirectory;
import org.jnequip.nequip.train.TrainConfig;
import org.jnequip.nequip.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jnequip train CONFIG.yaml [--resume] [--device D]}: trains a model as the YAML config says (nequip key
 * names) and writes the run directory root/run_name (config.json, splits.json, metrics.csv, learning_curve.png,
 * checkpoint.safetensors, best_model.safetensors). Interrupted (Ctrl-C, SIGTERM), it says what the run directory
 * holds and how to continue. Under mpirun every rank trains on its shard of each batch ({@link RankReplicas}); rank 0
 * alone prints and writes.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a NequIP model from a YAML config (nequip key names).", "",
                "Writes root/run_name/:",
                "  best_model.safetensors   EMA weights with the best metrics_key",
                "  checkpoint.safetensors   everything --resume needs",
                "  metrics.csv, learning_curve.png",
                "  splits.json              train/validation/test frame indices",
                "  config.json              the config with resolved data paths",
                "Relative data paths are looked up next to the config file, then in the",
                "working directory; root is relative to the working directory.", "",
                "Under mpirun (mpirun -np N ./jnequip train ...) each rank takes a shard",
                "of every batch (batch_size frames in all, split by atom count); the",
                "gradients are summed over the ranks at every step and every rank takes",
                "the same optimiser step. Rank 0 alone prints and writes the run",
                "directory; --resume works with any number of ranks."},
        footer = {"", "Main keys and defaults (see configs/demo-ethanol.yaml):",
                "  model: r_max 4, num_layers 4, l_max 2, parity true, num_features 32,",
                "    num_basis 8, invariant_layers 2, invariant_neurons 64, use_sc true,",
                "    avg_num_neighbors auto, default_dtype float32",
                "  data: dataset_file_name, n_train, n_val (required), chemical_symbols",
                "  training: batch_size 5, learning_rate 0.005, max_epochs 1000000,",
                "    loss_coeffs {forces: 1, total_energy: [1, PerAtomMSELoss]},",
                "    optimizer_amsgrad true, ema_decay 0.99, lr_scheduler_factor 0.8,",
                "    lr_scheduler_patience 50, early_stopping_lower_bounds {LR: 1e-5},",
                "    metrics_key validation_loss, device cpu (or opencl, cuda)"})
final class TrainCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "CONFIG.yaml", description = "training config")
    Path config;

    @Option(names = "--resume", description = "continue the run in root/run_name from its checkpoint (bit-identical to an uninterrupted run)")
    boolean resume;

    @Option(names = {"-q", "--quiet"}, description = "print only the final summary")
    boolean quiet;

    @Option(names = "--device", paramLabel = "DEVICE", description = "cpu, opencl or cuda: where to train (overrides the config's device key)")
    String device;

    @Override
    public Integer call() throws Exception {
        Comm comm = Comm.world();
        Trainer.Result r = train(main.factory(), config, device == null ? Map.of() : Map.of("device", device), resume, quiet, RankReplicas.of(comm));
        if (comm.isRoot()) System.out.println(summary(r));
        comm.finish();
        return 0;
    }

    /** The same in one process. */
    static Trainer.Result train(Potential.Factory factory, Path config, Map<String, Object> overrides, boolean resume, boolean quiet) throws Exception {
        return train(factory, config, overrides, resume, quiet, Replicas.one());
    }

    /**
     * Loads and validates the YAML (errors carry file:line), applies overrides, trains as one of {@code replicas}. Replica
     * 0 reports to the console, draws the learning curve and says how to go on when interrupted; the others are silent.
     */
    static Trainer.Result train(Potential.Factory factory, Path config, Map<String, Object> overrides, boolean resume, boolean quiet,
                                Replicas replicas) throws Exception {
        NequipYaml y = NequipYaml.read(config);
        Map<String, Object> values = new java.util.LinkedHashMap<>(y.values());
        values.putAll(overrides);
        Path cwd = Path.of("").toAbsolutePath();
        try {
            TrainConfig c = TrainConfig.from(values, cwd, config.toAbsolutePath().getParent());
            RunDirectory dir = new RunDirectory(c.runDir());
            if (!replicas.writes()) return new Trainer(c, factory, null, replicas).run(resume);
            ConsoleListener listener = new ConsoleListener(System.out, System.err, quiet, dir.metrics(), dir.learningCurve());
            Trainer.Result r;
            try (Interruption ignored = new Interruption(0, () -> interrupted(config, dir, listener.lastEpoch()))) {
                r = new Trainer(c, factory, listener, replicas).run(resume);
            }
            if (replicas instanceof RankReplicas ranks && ranks.sums().count() > 0 && listener.steps().count() > 0 && !quiet) {
                double step = listener.steps().median(), sum = ranks.sums().median(), wait = ranks.waits().median();
                System.out.println(Fmt.f("per step on rank 0 (medians): gradient sum over %d ranks %s (%.2g %% of a step), waiting for the slowest rank %s (%.2g %%)",
                        ranks.size(), Fmt.seconds(sum), 100 * sum / step, Fmt.seconds(wait), 100 * wait / step));
            }
            return r;
        } catch (ConfigException e) {
            // an overridden value comes from the command line, so no line of the file should be blamed for it
            Map<String, Integer> lines = new java.util.LinkedHashMap<>(y.lines());
            lines.keySet().removeAll(overrides.keySet());
            throw new IllegalArgumentException(new NequipYaml(y.file(), y.values(), lines).locate(e), e);
        }
    }

    /** What an interrupted run leaves and how to go on; every file in the run directory is whole (written atomically). */
    static String interrupted(Path config, RunDirectory dir, int lastEpoch) {
        if (!Files.isRegularFile(dir.checkpoint()))
            return "train: interrupted before the first epoch ended; nothing to resume: run the same command again to start afresh";
        return "train: interrupted; " + dir.dir() + " holds every finished epoch" + (lastEpoch >= 0 ? " (the last: " + lastEpoch + ")" : "")
                + "; continue with: jnequip train " + config + " --resume";
    }

    static String summary(Trainer.Result r) {
        Map<String, Double> m = r.lastMetrics();
        return Fmt.f("best epoch %d (metric %.6g); last validation: E/N MAE %s meV, E MAE %s meV, F MAE %s meV/Å, F RMSE %s meV/Å%n"
                        + "model: %s%nrun directory: %s", r.bestEpoch(), r.bestMetric(), Fmt.milli(m.get("validation_e/N_mae")),
                Fmt.milli(m.get("validation_e_mae")), Fmt.milli(m.get("validation_f_mae")), Fmt.milli(m.get("validation_f_rmse")),
                r.dir().bestModel(), r.dir().dir());
    }
}
